import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData, useLocation } from '@remix-run/react'
import { listOpenProjectsForMe } from '#models/bid-eligibility.ts'
import { listMyBids } from '#models/project-queries.ts'
import { type BidOutcome, bidOutcomeOf } from '#models/rules/bid-outcome.ts'
import { formatFenExact } from '#models/rules/money.ts'
import {
  OPENED_STATUSES,
  projectStatusNames,
  selectionMethodNames,
} from '#models/rules/project-states.ts'
import { pageFrom, Pagination } from '../components/pagination.tsx'
import { toLastPageIfPast } from '../pagination.server.ts'
import { throwModelError } from '../route-errors.server.ts'
import { requireSignedInCtx } from '../session.server.ts'
import bidStyles from '../styles/bids.css?url'
import { formatDateTime } from '../utils/format.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: bidStyles }]

export const meta: MetaFunction = () => [{ title: '我的报价 · 中介超市' }]

const PAGE_SIZE = 20

/** ?open=N pages the open projects; ?page=N pages the bids. */
function openPageFrom(url: URL) {
  const n = Number(url.searchParams.get('open'))
  return Number.isInteger(n) && n >= 1 ? Math.min(n, 10_000) : 1
}

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const url = new URL(request.url)
  const page = pageFrom(url)
  const openPage = openPageFrom(url)
  const [mine, open] = await Promise.all([
    listMyBids(ctx, { page, pageSize: PAGE_SIZE }),
    listOpenProjectsForMe(ctx, { page: openPage, pageSize: PAGE_SIZE }),
  ]).catch(throwModelError)
  const pageCount = Math.max(1, Math.ceil(mine.total / PAGE_SIZE))
  const openPageCount = Math.max(1, Math.ceil(open.total / PAGE_SIZE))
  toLastPageIfPast(url, page, pageCount)
  toLastPageIfPast(url, openPage, openPageCount, 'open')
  const me = ctx.actor.organisationId
  return {
    bids: mine.rows.map((b) => {
      const opened = OPENED_STATUSES.includes(b.status)
      return {
        projectId: b.projectId,
        title: b.title,
        status: b.status,
        method: b.method,
        deadlineAt: b.deadlineAt,
        revision: b.revision,
        submittedAt: b.submittedAt,
        withdrawn: b.withdrawnAt != null,
        // Prices and ranks are public only once the bids are opened.
        priceFen: opened ? b.priceFen : null,
        rank: opened ? b.rank : null,
        valid: opened ? b.valid : null,
        outcome: bidOutcomeOf(b, me),
      }
    }),
    page,
    pageCount,
    total: mine.total,
    open: open.rows,
    openPage,
    openPageCount,
    openTotal: open.total,
    suspended: open.suspended,
  }
}

const outcomeBadges: Record<BidOutcome, [string, string]> = {
  won: ['中选', 'badge badge--ok'],
  lost: ['未中选', 'badge'],
  refused: ['中选后拒签', 'badge badge--bad'],
  lapsed: ['中选后逾期未签', 'badge badge--bad'],
  failed: ['流标', 'badge badge--warn'],
  cancelled: ['已撤销', 'badge badge--warn'],
  pending: ['进行中', 'badge'],
  withdrawn: ['已撤回', 'badge'],
  setAside: ['已搁置', 'badge badge--bad'],
}

function OpenPager({ page, pageCount }: { page: number; pageCount: number }) {
  const location = useLocation()
  if (pageCount <= 1) return null
  const href = (n: number) => {
    const params = new URLSearchParams(location.search)
    params.set('open', String(n))
    return `?${params}#open-projects`
  }
  return (
    <nav className="pagination" aria-label="可参与项目分页">
      {page > 1 ? <a href={href(page - 1)}>上一页</a> : <span aria-hidden="true">上一页</span>}
      <span aria-current="page">
        第 {page} / {pageCount} 页
      </span>
      {page < pageCount ? (
        <a href={href(page + 1)}>下一页</a>
      ) : (
        <span aria-hidden="true">下一页</span>
      )}
    </nav>
  )
}

export default function MyBidsPage() {
  const data = useLoaderData<typeof loader>()
  return (
    <section>
      <h1>我的报价</h1>
      {data.bids.length === 0 ? (
        <p>本机构还没有参与任何项目。</p>
      ) : (
        <div className="table-wrap bid-list">
          <table>
            <thead>
              <tr>
                <th scope="col">项目</th>
                <th scope="col">项目状态</th>
                <th scope="col">版本</th>
                <th scope="col">提交时间</th>
                <th scope="col">开标价格</th>
                <th scope="col">排名</th>
                <th scope="col">结果</th>
              </tr>
            </thead>
            <tbody>
              {data.bids.map((b) => {
                const [label, badge] = outcomeBadges[b.outcome]
                return (
                  <tr key={b.projectId}>
                    <td>
                      <a href={`/projects/${b.projectId}/bid`}>{b.title}</a>
                      <br />
                      <small>
                        {selectionMethodNames[b.method]} · 截止 {formatDateTime(b.deadlineAt)}
                      </small>
                    </td>
                    <td>{projectStatusNames[b.status]}</td>
                    <td>第 {b.revision} 版</td>
                    <td>{formatDateTime(b.submittedAt)}</td>
                    <td>{b.priceFen != null ? formatFenExact(b.priceFen) : '开标前密封'}</td>
                    <td>{b.rank != null ? `第 ${b.rank} 名` : b.valid === false ? '无效' : '—'}</td>
                    <td>
                      <span className={badge}>{label}</span>
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={data.page} pageCount={data.pageCount} />

      <h2 id="open-projects">可参与的项目</h2>
      {data.suspended ? (
        <p className="form-errors" role="alert">
          本机构已被暂停，暂时不能报价或报名。
        </p>
      ) : null}
      <p className="lead">
        正在公告、尚未截止，且属于本机构已发布（未暂停）服务报价的事项，共 {data.openTotal} 个。
      </p>
      {data.open.length === 0 ? (
        <p>
          暂无。发布更多<a href="/my/offerings">服务报价</a>后，相应事项的新项目会出现在这里。
        </p>
      ) : (
        <ul className="card-list">
          {data.open.map((p) => (
            <li key={p.id} className="card">
              <h3>
                <a href={`/projects/${p.id}`}>{p.title}</a>
              </h3>
              <p>
                {p.serviceItemName} · {p.buyerName} · {selectionMethodNames[p.method]} · 最高限价{' '}
                {formatFenExact(p.budgetCapFen)}
              </p>
              {p.barredBy.length > 0 ? (
                <p className="field__error">
                  截止 {formatDateTime(p.deadlineAt)} · 本机构暂不符合参与条件：
                  {p.barredBy.join('；')}
                </p>
              ) : (
                <p>
                  截止 {formatDateTime(p.deadlineAt)} ·{' '}
                  <a href={`/projects/${p.id}/bid`}>
                    {p.myRevision != null
                      ? `已提交第 ${p.myRevision} 版，修改`
                      : p.method === 'lottery'
                        ? '报名'
                        : p.method === 'direct'
                          ? '答复邀请'
                          : '报价'}
                  </a>
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
      <OpenPager page={data.openPage} pageCount={data.openPageCount} />
    </section>
  )
}
