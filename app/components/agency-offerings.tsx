import { describeFee, type FeeKind } from '#models/rules/fees.ts'
import { formatFen } from '#models/rules/money.ts'
import { formatDate } from '../utils/format.ts'

interface OfferingCase {
  id: string
  title: string
  clientName: string
  completedOn: string
  amountFen: number | null
}

export interface ProfileOffering {
  id: string
  itemCode: string
  itemName: string
  itemCategory: string
  itemRetiredAt: Date | string | null
  feeKind: FeeKind
  feeMinFen: number
  feeMaxFen: number
  feeRule: string
  feeExample: string
  timeLimitDays: number
  scope: string
  cases: OfferingCase[]
}

/** An agency's active offerings: what it does, for how much, how fast, and past work. */
export function AgencyOfferings({ offerings }: { offerings: ProfileOffering[] }) {
  if (offerings.length === 0) return <p className="field__hint">该机构暂未发布服务报价。</p>
  return (
    <ul className="card-list">
      {offerings.map((o) => (
        <li key={o.id} className="card agency-offering">
          <h3>
            <a href={`/items/${encodeURIComponent(o.itemCode)}`}>{o.itemName}</a>{' '}
            <span className="field__hint">{o.itemCategory}</span>{' '}
            {o.itemRetiredAt ? <span className="badge badge--bad">事项已停用</span> : null}
          </h3>
          <dl className="details">
            <dt>收费</dt>
            <dd>{describeFee(o)}</dd>
            {o.feeKind === 'rule' && o.feeExample ? (
              <>
                <dt>计算示例</dt>
                <dd>{o.feeExample}</dd>
              </>
            ) : null}
            <dt>承诺时限</dt>
            <dd>{`${o.timeLimitDays} 个工作日`}</dd>
            <dt>服务范围</dt>
            <dd className="agency-intro">{o.scope || '—'}</dd>
            <dt>业绩</dt>
            <dd>
              {o.cases.length === 0 ? (
                '—'
              ) : (
                <ul>
                  {o.cases.map((c) => (
                    <li key={c.id}>
                      {c.title}（{c.clientName}，{formatDate(c.completedOn)}
                      {c.amountFen != null ? `，${formatFen(c.amountFen)}` : ''}）
                    </li>
                  ))}
                </ul>
              )}
            </dd>
          </dl>
        </li>
      ))}
    </ul>
  )
}
