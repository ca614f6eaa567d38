import { Fragment } from 'react'
import type { EvidenceCell, FlagEvidence } from '#models/rules/collusion/types.ts'
import { formatFenExact } from '#models/rules/money.ts'
import { formatDateTime } from '../../utils/format.ts'

export interface EvidenceNames {
  organisations: Record<string, { name: string; kind: string }>
  projects: Record<string, string>
}

export function OrganisationLink({ id, names }: { id: string; names: EvidenceNames }) {
  return (
    <a href={`/supervisor/organisations/${id}`}>
      {names.organisations[id]?.name ?? id.slice(0, 8)}
    </a>
  )
}

function Cell({ cell, names }: { cell: EvidenceCell; names: EvidenceNames }) {
  if (cell == null) return <>—</>
  if (typeof cell !== 'object') return <>{cell}</>
  if ('agency' in cell) return <OrganisationLink id={cell.agency} names={names} />
  if ('project' in cell)
    return (
      <a href={`/projects/${cell.project}`}>
        {names.projects[cell.project] ?? cell.project.slice(0, 8)}
      </a>
    )
  // To the fen: two prices a yuan apart must not look the same.
  if ('fen' in cell) return <>{formatFenExact(cell.fen)}</>
  if ('percent' in cell) return <>{(cell.percent * 100).toFixed(1)}%</>
  return <>{formatDateTime(cell.at)}</>
}

/** What a screen found, as it found it: the statistics against their thresholds, then the tables. */
export function FlagEvidenceView({
  evidence,
  names,
}: {
  evidence: FlagEvidence
  names: EvidenceNames
}) {
  return (
    <>
      <dl className="details">
        {evidence.facts.map((fact, i) => (
          <Fragment key={i}>
            <dt>
              {fact.label}
              {fact.agencyIds?.length ? (
                <>
                  （
                  {fact.agencyIds.map((id, j) => (
                    <span key={id}>
                      {j > 0 ? '、' : ''}
                      <OrganisationLink id={id} names={names} />
                    </span>
                  ))}
                  ）
                </>
              ) : null}
            </dt>
            <dd>
              {fact.value}
              {fact.threshold ? (
                <>
                  <br />
                  <small className="field__hint">阈值：{fact.threshold}</small>
                </>
              ) : null}
            </dd>
          </Fragment>
        ))}
      </dl>
      {evidence.tables.map((table) => (
        <div className="table-wrap" key={table.title}>
          <table>
            <caption>{table.title}</caption>
            <thead>
              <tr>
                {table.columns.map((c, i) => (
                  <th scope="col" key={i}>
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, i) => (
                <tr key={i}>
                  {row.map((cell, j) => (
                    <td key={j} className="wrap-cell">
                      <Cell cell={cell} names={names} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </>
  )
}
