import type { ListedItem } from '#models/catalogue.ts'
import { formatDate } from '../utils/format.ts'
import { FeeSpan } from './item-fee.tsx'

type CardItem = Omit<ListedItem, 'retiredAt'> & { retiredAt: Date | string | null }

/** One catalogue item in the public list. */
export function ItemCard({ item }: { item: CardItem }) {
  return (
    <li className="card">
      <h3 className="item-card__title">
        <a href={`/items/${encodeURIComponent(item.code)}`}>{item.name}</a>{' '}
        <span className="mono field__hint">{item.code}</span>{' '}
        {item.retiredAt ? (
          <span className="badge badge--bad">已停用（{formatDate(item.retiredAt)}）</span>
        ) : null}
      </h3>
      <dl className="facts">
        <div>
          <dt>主管部门</dt>
          <dd>{item.department}</dd>
        </div>
        <div>
          <dt>收费类型</dt>
          <dd>{item.feeType}</dd>
        </div>
        <div>
          <dt>办理时限</dt>
          <dd>{`${item.timeLimitWorkdays} 个工作日`}</dd>
        </div>
        <div>
          <dt>提供机构</dt>
          <dd>{item.offeringCount} 家</dd>
        </div>
        <div>
          <dt>报价区间</dt>
          <dd>
            <FeeSpan {...item} />
          </dd>
        </div>
      </dl>
    </li>
  )
}
