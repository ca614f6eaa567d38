import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData, useLocation } from '@remix-run/react'
import { readDirectoryQuery } from '#models/directory-query.ts'
import {
  DIRECTORY_PAGE_SIZE,
  getDirectoryFilterOptions,
  listAgencies,
  withoutUnknownFilters,
} from '#models/directory.ts'
import { AgencyCard } from '../components/agency-card.tsx'
import { AgencyFilters } from '../components/agency-filters.tsx'
import { Pagination, pageFrom } from '../components/pagination.tsx'
import { toLastPageIfPast } from '../pagination.server.ts'
import { getCtx } from '../session.server.ts'
import agencyStyles from '../styles/agencies.css?url'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: agencyStyles }]

export const meta: MetaFunction = () => [
  { title: '中介机构 · 中介超市' },
  {
    name: 'description',
    content: '入驻中介超市的中介机构：服务事项、所在地区、核验状态公开可查。',
  },
]

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url)
  const asked = readDirectoryQuery(url.searchParams)
  const page = pageFrom(url)
  const ctx = await getCtx(request)
  const list = (query: typeof asked) =>
    listAgencies(ctx, query, page, DIRECTORY_PAGE_SIZE, { keptTotal: true })
  // Both at once; a link with a filter the form does not offer is listed again without it.
  const [listed, options] = await Promise.all([list(asked), getDirectoryFilterOptions(ctx)])
  const query = withoutUnknownFilters(asked, options)
  const { entries, total } = query === asked ? listed : await list(query)
  const pageCount = Math.ceil(total / DIRECTORY_PAGE_SIZE)
  toLastPageIfPast(url, page, pageCount)
  return { query, options, entries, total, page, pageCount }
}

export default function AgencyDirectory() {
  const { query, options, entries, total, page, pageCount } = useLoaderData<typeof loader>()
  const { search } = useLocation()
  return (
    <section>
      <h1>中介机构</h1>
      <p className="lead">
        中介机构零门槛、零限制入驻，注册即公开展示；“已核验”表示监管人员已核对其登记信息。
      </p>
      <AgencyFilters query={query} options={options} />
      <p role="status">
        {`共 ${total} 家机构${pageCount > 1 ? `，第 ${page} / ${pageCount} 页` : ''}`}
      </p>
      <p>
        <a href={`/agencies.csv${search}`} download>
          导出 CSV
        </a>
      </p>
      {entries.length > 0 ? (
        <ul className="card-list">
          {entries.map((entry) => (
            <AgencyCard key={entry.id} entry={entry} />
          ))}
        </ul>
      ) : (
        <p className="card">没有符合条件的机构，请放宽筛选条件。</p>
      )}
      <Pagination page={page} pageCount={pageCount} />
    </section>
  )
}
