import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useLoaderData, useLocation } from '@remix-run/react'
import { getDirectoryFilterOptions } from '#models/directory.ts'
import { listProjects } from '#models/project-queries.ts'
import { projectStatuses } from '#models/rules/project-states.ts'
import { readProjectFilters } from '#models/validation/project-filters.ts'
import { CityFilterSelect, ItemFilterSelect } from '../components/filter-selects.tsx'
import { Pagination, pageFrom } from '../components/pagination.tsx'
import { toLastPageIfPast } from '../pagination.server.ts'
import { ProjectCard } from '../components/projects/project-card.tsx'
import { projectStatusNames, selectionMethodNames } from '../components/projects/project-labels.ts'
import { getCtx } from '../session.server.ts'

/** ?item=&region= for the Atom feeds: the page's item and city filters, nothing else. */
function feedQuery(query: { item?: string; city?: string } | undefined) {
  const params = new URLSearchParams()
  if (query?.item) params.set('item', query.item)
  if (query?.city) params.set('region', query.city)
  const text = params.toString()
  return text ? `?${text}` : ''
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: '采购公告 · 中介超市' },
  { name: 'description', content: '项目需求公告、开标记录和中选结果全部公开。' },
  {
    tagName: 'link',
    rel: 'alternate',
    type: 'application/atom+xml',
    title: '中介超市 · 采购公告',
    href: `/feeds/announcements.atom${feedQuery(data?.query)}`,
  },
  {
    tagName: 'link',
    rel: 'alternate',
    type: 'application/atom+xml',
    title: '中介超市 · 中选、流标和撤销结果',
    href: `/feeds/results.atom${feedQuery(data?.query)}`,
  },
]

const PAGE_SIZE = 20

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url)
  const { query } = readProjectFilters(url.searchParams)
  const page = pageFrom(url)
  const ctx = await getCtx(request)
  const [list, options] = await Promise.all([
    listProjects(ctx.db, { ...query, page, pageSize: PAGE_SIZE }),
    getDirectoryFilterOptions(ctx),
  ])
  const pageCount = Math.ceil(list.total / PAGE_SIZE)
  toLastPageIfPast(url, page, pageCount)
  return { query, options, ...list, pageCount }
}

export default function ProjectsPage() {
  const { query, options, rows, total, page, pageCount } = useLoaderData<typeof loader>()
  const { search } = useLocation()
  return (
    <section>
      <h1>采购公告</h1>
      <p className="lead">
        项目需求、答疑、开标记录、中选结果和质疑处理全部公开；报价在截止前加密封存，任何人都无法查看。
      </p>
      <Form
        method="get"
        className="filters"
        key={JSON.stringify(query)}
        role="search"
        aria-label="筛选项目"
      >
        <ItemFilterSelect categories={options.categories} value={query.item} />
        <CityFilterSelect cities={options.cities} value={query.city} label="项目地区" henanOnly />
        <div className="field">
          <label htmlFor="filter-method">选取方式</label>
          <select id="filter-method" name="method" defaultValue={query.method ?? ''}>
            <option value="">全部方式</option>
            {Object.entries(selectionMethodNames).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-status">项目状态</label>
          <select id="filter-status" name="status" defaultValue={query.status ?? ''}>
            <option value="">全部状态</option>
            {projectStatuses
              .filter((s) => s !== 'draft')
              .map((status) => (
                <option key={status} value={status}>
                  {projectStatusNames[status]}
                </option>
              ))}
          </select>
        </div>
        <button type="submit" className="button">
          筛选
        </button>
        <a href="/projects">清除条件</a>
      </Form>
      <p role="status">
        共 {total} 个项目{pageCount > 1 ? `，第 ${page} / ${pageCount} 页` : ''}
      </p>
      <p>
        <a href={`/projects.csv${search}`} download>
          导出 CSV
        </a>{' '}
        · <a href={`/feeds/announcements.atom${feedQuery(query)}`}>订阅新公告（Atom）</a> ·{' '}
        <a href={`/feeds/results.atom${feedQuery(query)}`}>订阅中选、流标和撤销结果（Atom）</a>
      </p>
      {rows.length > 0 ? (
        <ul className="card-list">
          {rows.map((row) => (
            <ProjectCard key={row.id} row={row} />
          ))}
        </ul>
      ) : (
        <p className="card">没有符合条件的项目。</p>
      )}
      <Pagination page={page} pageCount={pageCount} />
    </section>
  )
}
