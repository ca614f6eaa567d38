import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { listServiceItemsForSupervisor } from '#models/catalogue-admin.ts'
import { throwModelError } from '../route-errors.server.ts'
import { requireSignedInCtx } from '../session.server.ts'
import { formatDate } from '../utils/format.ts'

export const meta: MetaFunction = () => [{ title: '服务事项管理 · 中介超市' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const items = await listServiceItemsForSupervisor(ctx).catch(throwModelError)
  return { items }
}

export default function SupervisorItemsPage() {
  const { items } = useLoaderData<typeof loader>()
  const retired = items.filter((item) => item.retired).length
  return (
    <section>
      <h1>服务事项管理</h1>
      <p>
        共 {items.length} 项，其中已停用 {retired}{' '}
        项。事项只能停用、不能删除；每次新增、修改、停用和恢复都留有版本记录并写入审计日志。
      </p>
      <p>
        <a href="/supervisor/items/new" className="button button--primary">
          新增服务事项
        </a>
      </p>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">全部服务事项</caption>
          <thead>
            <tr>
              <th scope="col">编号</th>
              <th scope="col">名称</th>
              <th scope="col">类别</th>
              <th scope="col">时限</th>
              <th scope="col">提供机构</th>
              <th scope="col">状态</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.code}>
                <td className="mono">{item.code}</td>
                <td>
                  <a href={`/supervisor/items/${encodeURIComponent(item.code)}`}>{item.name}</a>
                </td>
                <td>{item.category}</td>
                <td>{item.timeLimitWorkdays} 个工作日</td>
                <td>{item.offeringCount} 家</td>
                <td>
                  {item.retiredAt ? (
                    <span className="badge badge--bad">已停用（{formatDate(item.retiredAt)}）</span>
                  ) : (
                    <span className="badge badge--ok">有效</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}
