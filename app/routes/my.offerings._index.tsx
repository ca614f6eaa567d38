import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { listMyOfferings } from '#models/offerings.ts'
import { describeFee } from '#models/rules/fees.ts'
import { throwModelError } from '../route-errors.server.ts'
import { requireSignedInCtx } from '../session.server.ts'
import { formatDateTime } from '../utils/format.ts'

export const meta: MetaFunction = () => [{ title: '服务报价 · 中介超市' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const offerings = await listMyOfferings(ctx).catch(throwModelError)
  return offerings.map((o) => ({ ...o, fee: describeFee(o) }))
}

export default function MyOfferingsPage() {
  const offerings = useLoaderData<typeof loader>()
  return (
    <section>
      <h1>服务报价</h1>
      <p className="lead">每个服务事项发布一条报价；暂停后不再公开展示，也不能以此报价参与竞价。</p>
      <p>
        <a href="/my/offerings/new" className="button button--primary">
          发布服务报价
        </a>
      </p>
      {offerings.length === 0 ? (
        <p>尚未发布服务报价。</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">服务事项</th>
                <th scope="col">收费</th>
                <th scope="col">承诺时限</th>
                <th scope="col">业绩</th>
                <th scope="col">状态</th>
                <th scope="col">最近修改</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {offerings.map((o) => (
                <tr key={o.id}>
                  <td>
                    {o.itemName}
                    <br />
                    <small className="mono">{o.serviceItemCode}</small>
                  </td>
                  <td>{o.fee}</td>
                  <td>{o.timeLimitDays} 个工作日</td>
                  <td>{o.caseCount}</td>
                  <td>
                    {o.itemRetiredAt ? (
                      <span className="badge badge--bad">事项已停用</span>
                    ) : o.pausedAt ? (
                      <span className="badge badge--warn">已暂停</span>
                    ) : (
                      <span className="badge badge--ok">在售</span>
                    )}
                    {o.holdsRequiredQualification ? null : (
                      <>
                        <br />
                        <a href="/my/qualifications" className="badge badge--warn">
                          缺「{o.requiredQualification}」资质，不能参与项目
                        </a>
                      </>
                    )}
                  </td>
                  <td>{formatDateTime(o.updatedAt)}</td>
                  <td>
                    <a href={`/my/offerings/${o.id}`} aria-label={`管理 ${o.itemName} 的报价`}>
                      管理
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
