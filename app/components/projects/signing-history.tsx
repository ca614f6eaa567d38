import type { SigningHistoryEntry } from '#models/contract-public.ts'
import { formatFenExact } from '#models/rules/money.ts'
import { formatDate } from '../../utils/format.ts'
import { ContractStatusBadge } from '../contracts/contract-nav.tsx'
import { TableWrap } from '../table-wrap.tsx'

/** A row of projectSigningHistory, its times as Dates or, after serialisation, strings. */
export type SigningHistoryRow = Omit<
  SigningHistoryEntry,
  'createdAt' | 'signDueAt' | 'signedAt' | 'endedAt'
> & {
  createdAt: Date | string
  signDueAt: Date | string
  signedAt: Date | string | null
  endedAt: Date | string | null
}

/** What happened to the contract each agency was offered, oldest first. */
function when(entry: SigningHistoryRow) {
  if (entry.endedAt && (entry.status === 'refused' || entry.status === 'lapsed'))
    return `${formatDate(entry.endedAt)}${entry.status === 'refused' ? ' 拒签' : ' 签约期满'}`
  if (entry.signedAt) return `${formatDate(entry.signedAt)} 签订`
  return `须于 ${formatDate(entry.signDueAt)} 前签订`
}

/**
 * 合同签订情况 on the result page: who was offered the contract, at what price, and what
 * came of it. A refusal or lapse stays listed above the next-ranked agency that took over.
 */
export function SigningHistory({ entries }: { entries: SigningHistoryRow[] }) {
  if (entries.length === 0) return null
  return (
    <>
      <h3 id="signing">合同签订情况</h3>
      {entries.some((e) => e.rank > 1) ? (
        <p className="field__hint">
          排名在前的机构拒绝签订或逾期未签的，采购人按公布的排名递补下一名机构，以其报价签订合同；中选机构和中选金额随之更新。
        </p>
      ) : null}
      <TableWrap labelledBy="signing">
        <table>
          <caption className="visually-hidden">合同签订情况</caption>
          <thead>
            <tr>
              <th scope="col">排名</th>
              <th scope="col">中介机构</th>
              <th scope="col">合同金额</th>
              <th scope="col">状态</th>
              <th scope="col">日期</th>
              <th scope="col">说明</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td>{e.rank}</td>
                <td>
                  <a href={`/agencies/${e.agencyId}`}>{e.agencyName}</a>
                </td>
                <td>{formatFenExact(e.amountFen)}</td>
                <td>
                  <ContractStatusBadge status={e.status} />
                </td>
                <td>{when(e)}</td>
                <td className="wrap-cell">
                  {e.endReason ?? (e.rank > 1 ? `按排名递补（第 ${e.rank} 名）` : '—')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </>
  )
}
