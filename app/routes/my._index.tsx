import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { contractStatusNames } from '#models/rules/contract-states.ts'
import { formatFenExact } from '#models/rules/money.ts'
import { getMyWorkQueue } from '#models/work-queue.ts'
import { throwModelError } from '../route-errors.server.ts'
import { requireSignedInCtx } from '../session.server.ts'
import { TableWrap } from '../components/table-wrap.tsx'
import contractStyles from '../styles/contracts.css?url'
import { formatDate, formatDateTime } from '../utils/format.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: contractStyles }]
export const meta: MetaFunction = () => [{ title: '工作台 · 中介超市' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  return getMyWorkQueue(ctx).catch(throwModelError)
}

const urgencyNames = { overdue: '已逾期', soon: '近期到期', later: '' } as const

export default function WorkPage() {
  const { side, items, contracts, money } = useLoaderData<typeof loader>()
  return (
    <section>
      <h1>工作台</h1>
      <p>
        {side === 'agency' ? '待收合同款' : '应付合同款'}：
        <strong>{formatFenExact(money.outstandingFen)}</strong>
        （在办合同金额合计 {formatFenExact(money.contractsFen)}）。平台不向中介机构收取任何费用。
      </p>
      <h2 id="work-queue">待办事项</h2>
      {items.length === 0 ? (
        <p>当前没有待办事项。</p>
      ) : (
        <TableWrap labelledBy="work-queue">
          <table className="table work-queue">
            <thead>
              <tr>
                <th scope="col">事项</th>
                <th scope="col">项目</th>
                <th scope="col">期限</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item, i) => (
                <tr key={`${item.link}-${i}`} className={`urgency-${item.urgency}`}>
                  <td>
                    <a href={item.link}>{item.kind}</a>
                    {urgencyNames[item.urgency] ? (
                      <span
                        className={
                          item.urgency === 'overdue' ? 'badge badge--bad' : 'badge badge--warn'
                        }
                      >
                        {urgencyNames[item.urgency]}
                      </span>
                    ) : null}
                  </td>
                  <td>
                    {item.title}
                    <br />
                    <small>{item.detail}</small>
                  </td>
                  <td>{item.dueAt ? formatDateTime(item.dueAt) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <h2 id="open-contracts">在办合同</h2>
      {contracts.length === 0 ? (
        <p>没有在办合同。</p>
      ) : (
        <TableWrap labelledBy="open-contracts">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">合同</th>
                <th scope="col">{side === 'agency' ? '采购人' : '承接机构'}</th>
                <th scope="col">状态</th>
                <th scope="col">金额 / 已付</th>
                <th scope="col">服务到期日</th>
              </tr>
            </thead>
            <tbody>
              {contracts.map((c) => (
                <tr key={c.id}>
                  <td>
                    <a href={`/contracts/${c.id}`}>{c.title}</a>
                    <br />
                    <small>{c.number}</small>
                  </td>
                  <td>{c.otherParty}</td>
                  <td>{contractStatusNames[c.status]}</td>
                  <td>
                    {formatFenExact(c.amountFen)} / {formatFenExact(c.paidFen)}
                  </td>
                  <td>
                    {c.dueDate ?? (c.paymentDueAt ? `付款期限 ${formatDate(c.paymentDueAt)}` : '—')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <p>
        <a href={side === 'agency' ? '/my/bids' : '/my/projects'}>
          {side === 'agency' ? '我的报价 →' : '我的项目 →'}
        </a>
      </p>
    </section>
  )
}
