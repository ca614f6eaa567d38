import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { listPublicComplaints } from '#models/complaint-queries.ts'
import {
  COMPLAINT_ANSWER_WORKDAYS,
  complaintOutcomeCodes,
  complaintOutcomeNames,
  outcomeFilter,
} from '#models/validation/complaints.ts'
import { ComplaintItem } from '../components/credit/complaint-item.tsx'
import { Pagination, pageFrom } from '../components/pagination.tsx'
import { toLastPageIfPast } from '../pagination.server.ts'
import { getCtx } from '../session.server.ts'
import creditStyles from '../styles/credit.css?url'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: creditStyles }]

export const meta: MetaFunction = () => [{ title: '投诉处理结果 · 中介超市' }]

// Public: answered complaints only, the complainant shown as 投诉人 (never selected).
export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await getCtx(request)
  const url = new URL(request.url)
  const outcome = outcomeFilter(url.searchParams.get('outcome'))
  const list = await listPublicComplaints(ctx.db, { outcome, page: pageFrom(url) })
  toLastPageIfPast(url, list.page, list.pageCount)
  return { ...list, outcome, signedIn: ctx.actor != null }
}

export default function ComplaintsPage() {
  const d = useLoaderData<typeof loader>()
  return (
    <article>
      <h1>投诉处理结果</h1>
      <p className="lead">
        对中介机构、项目业主或采购项目的投诉，由监管部门在 {COMPLAINT_ANSWER_WORKDAYS}{' '}
        个工作日内答复；处理结果在此公开，投诉人不公开。
      </p>
      <p>
        <a className="button" href="/complaints/new">
          我要投诉
        </a>
      </p>
      <form method="get" className="filters">
        <label htmlFor="outcome">处理结果</label>
        <select id="outcome" name="outcome" defaultValue={d.outcome ?? ''}>
          <option value="">全部</option>
          {complaintOutcomeCodes.map((o) => (
            <option key={o} value={o}>
              {complaintOutcomeNames[o]}
            </option>
          ))}
        </select>
        <button type="submit" className="button">
          筛选
        </button>
      </form>
      <p className="field__hint">
        共 {d.total} 件 ·{' '}
        <a href={`/complaints.csv${d.outcome ? `?outcome=${d.outcome}` : ''}`} download>
          导出 CSV
        </a>
      </p>
      {d.total === 0 ? <p>暂无已处理的投诉。</p> : null}
      <ol className="credit-records">
        {d.complaints.map((c) => (
          <ComplaintItem key={c.id} complaint={c} late={c.late}>
            {c.recordId && c.recordAgencyId ? (
              <p>
                已据此认定信用扣分：
                <a href={`/agencies/${c.recordAgencyId}/credit#record-${c.recordId}`}>
                  查看信用记录
                </a>
              </p>
            ) : null}
          </ComplaintItem>
        ))}
      </ol>
      <Pagination page={d.page} pageCount={d.pageCount} />
    </article>
  )
}
