import { type CreditGrade, displayedGrade, gradeNames } from '#models/rules/credit-rules.ts'

const gradeBadgeClass: Record<CreditGrade, string> = {
  A: 'badge badge--ok',
  B: 'badge',
  C: 'badge badge--warn',
  D: 'badge badge--bad',
}

/** An agency's credit grade (D while it is barred); it leads to the agency's credit records. */
export function GradeBadge({
  agencyId,
  grade: scored,
  barred = false,
}: {
  agencyId: string
  grade: CreditGrade
  /** On the blacklist or out of the market. */
  barred?: boolean
}) {
  const grade = displayedGrade(scored, barred)
  return (
    <a
      className={gradeBadgeClass[grade]}
      href={`/agencies/${agencyId}/credit`}
      title="信用等级，查看信用记录"
    >
      {`信用 ${gradeNames[grade]}`}
    </a>
  )
}
