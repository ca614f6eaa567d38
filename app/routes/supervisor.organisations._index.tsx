import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { roleNames } from '#models/roles.ts'
import { listVerificationQueue, QUEUE_PAGE_SIZE } from '#models/supervision.ts'
import { type VerificationQueueTab, verificationQueueTabs } from '#models/validation/supervision.ts'
import { AgencyBadges } from '../components/agency-badges.tsx'
import { Pagination, pageFrom } from '../components/pagination.tsx'
import { toLastPageIfPast } from '../pagination.server.ts'
import { throwModelError } from '../route-errors.server.ts'
import { requireSignedInCtx } from '../session.server.ts'
import agencyStyles from '../styles/agencies.css?url'
import { formatDate, formatDateTime } from '../utils/format.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: agencyStyles }]

export const meta: MetaFunction = () => [{ title: '核验与监管 · 中介超市' }]

const tabLabels: Record<VerificationQueueTab, string> = {
  departments: '待核验部门',
  agencies: '待核验机构',
  flagged: '已标记',
  suspended: '已暂停',
}

const tabHints: Record<VerificationQueueTab, string> = {
  departments: '政府部门核验后才能发布项目，请按注册先后尽快处理。',
  agencies: '中介机构注册即公开展示、可参与交易；核验只是为其加上“已核验”标识。',
  flagged: '被标记为信息可能不实的单位，标记理由向公众公开。',
  suspended: '被暂停的单位不在名录中展示，暂停理由向公众公开。',
}

const isTab = (value: string | null): value is VerificationQueueTab =>
  verificationQueueTabs.includes(value as VerificationQueueTab)

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const url = new URL(request.url)
  const requested = url.searchParams.get('tab')
  const tab = isTab(requested) ? requested : 'departments'
  const page = pageFrom(url)
  const q = url.searchParams.get('q')?.trim() ?? ''
  const { rows, counts, found } = await listVerificationQueue(ctx, { tab, page, q }).catch(
    throwModelError,
  )
  const pageCount = Math.ceil((found ?? counts[tab]) / QUEUE_PAGE_SIZE)
  toLastPageIfPast(url, page, pageCount)
  return { tab, rows, counts, found, q, page, pageCount }
}

export default function VerificationQueue() {
  const { tab, rows, counts, found, q, page, pageCount } = useLoaderData<typeof loader>()
  const showReason = found == null && (tab === 'flagged' || tab === 'suspended')
  return (
    <section>
      <h1>核验与监管</h1>
      <form method="get" className="filters" role="search">
        <div className="field">
          <label htmlFor="org-q">查找单位</label>
          <input
            id="org-q"
            name="q"
            defaultValue={q}
            maxLength={50}
            aria-describedby="org-q-hint"
          />
          <p id="org-q-hint" className="field__hint">
            名称中的两个字以上，或完整的统一社会信用代码；查找所有机构、部门和企业，不论状态。
          </p>
        </div>
        <button type="submit" className="button">
          查找
        </button>
        {q ? <a href="?">清除</a> : null}
      </form>
      {found != null ? (
        <p role="status">{`“${q}”：共 ${found} 个单位`}</p>
      ) : q ? (
        <p className="field__error" role="status">
          请至少输入两个字。
        </p>
      ) : null}
      <nav aria-label="队列">
        <ul className="tabs">
          {verificationQueueTabs.map((key) => (
            <li key={key}>
              <a href={`?tab=${key}`} aria-current={key === tab ? 'page' : undefined}>
                {tabLabels[key]}（{counts[key]}）
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {found == null ? <p className="field__hint">{tabHints[tab]}</p> : null}
      {rows.length === 0 ? (
        <p className="card">{found == null ? '队列为空。' : '没有找到符合的单位。'}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">
              {found == null ? tabLabels[tab] : '查找结果'}
            </caption>
            <thead>
              <tr>
                <th scope="col">名称</th>
                <th scope="col">类型</th>
                <th scope="col">统一社会信用代码</th>
                <th scope="col">注册时间</th>
                <th scope="col">状态</th>
                {showReason ? <th scope="col">理由</th> : null}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id}>
                  <td className="cell-wrap">
                    <a href={`/supervisor/organisations/${row.id}`}>{row.name}</a>
                  </td>
                  <td>{roleNames[row.kind]}</td>
                  <td className="mono">{row.uscc}</td>
                  <td>{formatDateTime(row.createdAt)}</td>
                  <td>
                    <AgencyBadges
                      verifiedAt={row.verifiedAt}
                      flagged={row.flaggedAt != null}
                      suspended={row.suspendedAt != null}
                    />
                    {!row.verifiedAt ? <span className="badge">未核验</span> : null}
                  </td>
                  {showReason ? (
                    <td className="cell-wrap">
                      {tab === 'flagged'
                        ? `${formatDate(row.flaggedAt!)}：${row.flagReason}`
                        : `${formatDate(row.suspendedAt!)}：${row.suspensionReason}`}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} pageCount={pageCount} />
    </section>
  )
}
