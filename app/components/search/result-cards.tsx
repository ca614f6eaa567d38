import type { ProjectStatus, SelectionMethod } from '#models/rules/project-states.ts'
import { formatDateTime } from '../../utils/format.ts'
import { Highlighted } from '../highlighted.tsx'
import { formatFenRange } from '#models/rules/money.ts'
import { projectFactsLine } from '../projects/project-card.tsx'
import { projectStatusNames, statusBadgeClass } from '../projects/project-labels.ts'
import { GradeBadge } from '../search-grade-badge.tsx'
import type { ShownResult } from './shown-outcome.server.ts'

// Each line's text is one string: React marks every boundary between two pieces of text with
// a <!-- --> in the page, and builds each piece separately.

export function OfferingResultCard({ result: r }: { result: ShownResult<'offering'> }) {
  return (
    <li className="card">
      <h2 className="search-result__title">
        <a href={`/items/${r.serviceItemCode}`}>
          <Highlighted text={r.serviceItemName} ranges={r.highlights.serviceItemName} />
        </a>
      </h2>
      <p>
        <a href={`/agencies/${r.agencyId}`}>
          <Highlighted text={r.agencyName} ranges={r.highlights.agencyName} />
        </a>{' '}
        {r.verified ? <span className="badge badge--ok">已核验</span> : null}{' '}
        <GradeBadge agencyId={r.agencyId} grade={r.creditGrade} />
      </p>
      <p>
        {`收费：${formatFenRange(r.feeMinFen, r.feeMaxFen)} · 时限：${r.timeLimitDays} 个工作日 · ${r.regionName ?? '省外'}`}
      </p>
      {r.scope ? (
        <p className="search-result__scope">
          <Highlighted text={r.scope} ranges={r.highlights.scope} />
        </p>
      ) : null}
    </li>
  )
}

export function ProjectResultCard({ result: r }: { result: ShownResult<'project'> }) {
  return (
    <li className="card">
      <h2 className="search-result__title">
        <a href={r.url}>
          <Highlighted text={r.title} ranges={r.highlights.title} />
        </a>{' '}
        <span className={statusBadgeClass(r.status as ProjectStatus)}>
          {projectStatusNames[r.status as ProjectStatus]}
        </span>
      </h2>
      <p>{projectFactsLine({ ...r, method: r.method as SelectionMethod })}</p>
      <p>{`采购人：${r.buyerName} · 截止 ${formatDateTime(r.deadlineAt)}`}</p>
    </li>
  )
}

export function AgencyResultCard({ result: r }: { result: ShownResult<'agency'> }) {
  return (
    <li className="card">
      <h2 className="search-result__title">
        <a href={`/agencies/${r.id}`}>
          <Highlighted text={r.name} ranges={r.highlights.name} />
        </a>{' '}
        {r.verified ? <span className="badge badge--ok">已核验</span> : null}{' '}
        <GradeBadge agencyId={r.id} grade={r.creditGrade} />
      </h2>
      <p>{`${r.regionName ?? '省外'} · 服务事项 ${r.activeOfferingCount} 项`}</p>
    </li>
  )
}
