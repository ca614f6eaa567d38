import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm'
import { syncCreditGrades } from '../search/indexing.ts'
import type { Database } from './db/client.ts'
import { creditRecords } from './db/schema-credit.ts'
import { organisations } from './db/schema.ts'
import { computeCreditScore, type CreditRuleCode } from './rules/credit-rules.ts'

export interface RecomputeReport {
  agencies: number
  records: number
  changed: number
  gradesChanged: number
}

const BATCH = 5_000

/**
 * Rebuilds every agency's score and grade from its records, a batch of agencies at a time
 * (keyset order by id), and rewrites only the rows that differ. Search filters by grade and
 * sorts by score, so the changed agencies' search rows and counts follow in the same
 * transaction (one statement, not a reindex of each agency's text).
 */
export async function recomputeAllScores(
  db: Database,
  now: Date,
  onProgress?: (done: number, total: number) => void,
): Promise<RecomputeReport> {
  const [{ total } = { total: 0 }] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(organisations)
    .where(eq(organisations.kind, 'agency'))
  const report: RecomputeReport = { agencies: 0, records: 0, changed: 0, gradesChanged: 0 }
  let after = '00000000-0000-0000-0000-000000000000'
  for (;;) {
    const agencies = await db
      .select({
        id: organisations.id,
        score: organisations.creditScore,
        grade: organisations.creditGrade,
      })
      .from(organisations)
      .where(and(eq(organisations.kind, 'agency'), gt(organisations.id, after)))
      .orderBy(asc(organisations.id))
      .limit(BATCH)
    if (agencies.length === 0) break
    after = agencies.at(-1)!.id
    const ids = agencies.map((a) => a.id)
    const records = await db
      .select({
        id: creditRecords.id,
        agencyId: creditRecords.agencyId,
        rule: creditRecords.rule,
        points: creditRecords.points,
        status: creditRecords.status,
        effectiveAt: creditRecords.effectiveAt,
        expiresAt: creditRecords.expiresAt,
      })
      .from(creditRecords)
      .where(inArray(creditRecords.agencyId, ids))
    report.records += records.length
    const byAgency = new Map<string, typeof records>()
    for (const r of records) {
      const list = byAgency.get(r.agencyId)
      if (list) list.push(r)
      else byAgency.set(r.agencyId, [r])
    }
    const changed: { id: string; score: number; grade: string }[] = []
    let regraded = 0
    for (const a of agencies) {
      const own = byAgency.get(a.id) ?? []
      const { score, grade } = computeCreditScore(
        own.map((r) => ({ ...r, rule: r.rule as CreditRuleCode })),
        now,
      )
      if (score !== a.score || grade !== a.grade) changed.push({ id: a.id, score, grade })
      if (grade !== a.grade) regraded += 1
    }
    if (changed.length > 0)
      await db.transaction(async (tx) => {
        await tx.execute(sql`
          update organisations o set credit_score = v.score, credit_grade = v.grade
          from (select unnest(${sql.param(changed.map((c) => c.id))}::uuid[]) as id,
                       unnest(${sql.param(changed.map((c) => c.score))}::int[]) as score,
                       unnest(${sql.param(changed.map((c) => c.grade))}::text[]) as grade) v
          where o.id = v.id`)
        await syncCreditGrades(
          tx as unknown as Database,
          changed.map((c) => c.id),
        )
      })
    report.agencies += agencies.length
    report.changed += changed.length
    report.gradesChanged += regraded
    onProgress?.(report.agencies, total)
  }
  return report
}
