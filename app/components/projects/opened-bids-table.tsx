import type { DisclosedBid, ExplanationState } from '#models/project-disclosure.ts'
import { formatFenExact } from '#models/rules/money.ts'
import { formatDateTime } from '../../utils/format.ts'

type Bid = Omit<DisclosedBid, 'submittedAt'> & { submittedAt: string | Date }

const explanationLabels: Record<ExplanationState, string> = {
  pending: '待说明',
  explained: '已说明，待采购人决定',
  accepted: '说明已采纳',
  rejected: '说明未采纳',
}

/** 1234 basis points → '12.34%'. */
export const formatDiscount = (basisPoints: number) =>
  `${(basisPoints / 100).toFixed(2).replace(/\.?0+$/, '')}%`

function Validity({ bid }: { bid: Bid }) {
  if (bid.valid) return <span className="badge badge--ok">有效</span>
  return (
    <>
      <span className="badge badge--bad">无效</span> {bid.invalidReason}
    </>
  )
}

function AbnormalLow({ bid }: { bid: Bid }) {
  if (!bid.abnormalLow || !bid.explanationState) return <>—</>
  const reason =
    bid.explanationState === 'rejected' && bid.explanationDecisionReason
      ? `：${bid.explanationDecisionReason}`
      : ''
  return (
    <>
      <span className="badge badge--warn">异常低价</span> {explanationLabels[bid.explanationState]}
      {reason}
    </>
  )
}

/** Every live bid as opened: who, how much, the receipt's commitment and salt, and its fate. */
export function OpenedBidsTable({ bids, noun }: { bids: Bid[]; noun: string }) {
  return (
    <div className="table-wrap records-wrap">
      <table className="opened-bids">
        <caption className="visually-hidden">全部{noun}（开标公开）</caption>
        <thead>
          <tr>
            <th scope="col">排名</th>
            <th scope="col">中介机构</th>
            <th scope="col">报价</th>
            <th scope="col">承诺工期</th>
            <th scope="col">提交时间</th>
            <th scope="col">承诺值 / 随机数（salt）</th>
            <th scope="col">有效性</th>
            <th scope="col">异常低价</th>
          </tr>
        </thead>
        <tbody>
          {bids.map((bid) => (
            <tr key={bid.id} id={`bid-${bid.id}`}>
              <td>{bid.rank ?? '—'}</td>
              <th scope="row">
                <a href={`/agencies/${bid.agencyId}`}>{bid.agencyName}</a>
              </th>
              <td>
                {bid.priceFen == null ? '—' : formatFenExact(bid.priceFen)}
                {bid.discountBasisPoints == null ? null : (
                  <small className="cell-note">
                    下浮率 {formatDiscount(bid.discountBasisPoints)}
                  </small>
                )}
              </td>
              <td>{bid.timeLimitDays} 个工作日</td>
              <td>
                {formatDateTime(bid.submittedAt)}
                <small className="cell-note">第 {bid.revision} 版</small>
              </td>
              <td className="mono hex">
                <span className="visually-hidden">承诺值 </span>
                {bid.commitment}
                <small className="cell-note">
                  <span className="visually-hidden">随机数 </span>
                  {bid.salt ?? '—'}
                </small>
              </td>
              <td className="wrap">
                <Validity bid={bid} />
              </td>
              <td className="wrap">
                <AbnormalLow bid={bid} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
