import type { ReactNode } from 'react'
import type { BlacklistPage } from '#models/blacklist-queries.ts'
import { formatDate } from '../../utils/format.ts'

type When = Date | string
type Entry = Omit<BlacklistPage['entries'][number], 'startsAt' | 'endsAt' | 'liftedAt'> & {
  startsAt: When
  endsAt: When
  liftedAt: When | null
}
type Exit = Omit<BlacklistPage['exits'][number], 'exitedAt' | 'until'> & {
  exitedAt: When
  until: When
}

function AgencyCell({ id, name, uscc }: { id: string; name: string; uscc: string }) {
  return (
    <th scope="row">
      <a href={`/agencies/${id}`}>{name}</a>
      <small className="cell-note mono">{uscc}</small>
    </th>
  )
}

/**
 * Blacklist entries: who, under which rule, why, and the term. An ended entry says whether
 * it ran out or was lifted early, and why. `action` adds a cell per row (a supervisor's form).
 */
export function BlacklistEntriesTable({
  entries,
  ended,
  action,
}: {
  entries: Entry[]
  ended: boolean
  action?: (entry: Entry) => ReactNode
}) {
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{ended ? '已结束的失信记录' : '当前失信名单'}</caption>
        <thead>
          <tr>
            <th scope="col">中介机构</th>
            <th scope="col">依据</th>
            <th scope="col">理由</th>
            <th scope="col">列入日期</th>
            <th scope="col">{ended ? '结束' : '期满日期'}</th>
            {action ? <th scope="col">操作</th> : null}
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id} id={`entry-${e.id}`}>
              <AgencyCell id={e.agencyId} name={e.agencyName} uscc={e.uscc} />
              <td>{e.ruleName}</td>
              <td className="wrap">{e.reason}</td>
              <td>{formatDate(e.startsAt)}</td>
              <td className="wrap">
                {e.liftedAt ? (
                  <>
                    {formatDate(e.liftedAt)} 提前移出
                    <small className="cell-note">理由：{e.liftReason}</small>
                    <small className="cell-note">原定 {formatDate(e.endsAt)} 期满</small>
                  </>
                ) : ended ? (
                  `${formatDate(e.endsAt)} 期满`
                ) : (
                  formatDate(e.endsAt)
                )}
              </td>
              {action ? <td>{action(e)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** Agencies removed from the market (清退), and until when their USCC may not register. */
export function MarketExitsTable({ exits }: { exits: Exit[] }) {
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">清退名单</caption>
        <thead>
          <tr>
            <th scope="col">中介机构</th>
            <th scope="col">理由</th>
            <th scope="col">清退日期</th>
            <th scope="col">不得重新注册至</th>
          </tr>
        </thead>
        <tbody>
          {exits.map((x) => (
            <tr key={x.id}>
              <AgencyCell id={x.agencyId} name={x.agencyName} uscc={x.uscc} />
              <td className="wrap">{x.reason}</td>
              <td>{formatDate(x.exitedAt)}</td>
              <td>{formatDate(x.until)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
