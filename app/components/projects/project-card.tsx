import type { ProjectListRow } from '#models/project-queries.ts'
import { formatFen } from '#models/rules/money.ts'
import { regionLabel } from '#models/regions.ts'
import { formatDateTime } from '../../utils/format.ts'
import type { SelectionMethod } from '#models/rules/project-states.ts'
import { projectStatusNames, selectionMethodNames, statusBadgeClass } from './project-labels.ts'

type Row = Omit<ProjectListRow, 'deadlineAt' | 'publishedAt' | 'awardedAt' | 'awardFinalAt'> & {
  deadlineAt: string | Date
  publishedAt: string | Date | null
}

/** 事项 · 选取方式 · 最高限价 · 地区: a project's facts in one line, as its cards show them. */
export const projectFactsLine = (project: {
  serviceItemName: string
  method: SelectionMethod
  budgetCapFen: number
  regionName: string
}) =>
  `${project.serviceItemName} · ${selectionMethodNames[project.method]} · 最高限价 ${formatFen(project.budgetCapFen)} · ${project.regionName}`

export function ProjectCard({ row, href }: { row: Row; href?: string }) {
  // Each line is one string: React marks every boundary between two pieces of text with <!-- -->.
  const published = row.publishedAt ? `发布 ${formatDateTime(row.publishedAt)} · ` : '草稿 · '
  const winner = row.winnerName
    ? ` · 中选：${row.winnerName}（${formatFen(row.awardedPriceFen ?? 0)}）`
    : ''
  return (
    <li className="card">
      <h2 className="card__title">
        <a href={href ?? `/projects/${row.id}`}>{row.title}</a>{' '}
        <span className={statusBadgeClass(row.status)}>{projectStatusNames[row.status]}</span>
      </h2>
      <p>{projectFactsLine({ ...row, regionName: regionLabel(row.regionCode) })}</p>
      <p className="muted">{`采购人：${row.buyerName} · ${published}截止 ${formatDateTime(row.deadlineAt)}${winner}`}</p>
    </li>
  )
}
