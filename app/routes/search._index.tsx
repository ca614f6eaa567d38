import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { getDatabase } from '#models/db/client.ts'
import { MAX_SEARCH_PAGE, searchParamsFrom, searchSorts } from '#search/filters.ts'
import { search } from '#search/query.ts'
import { useHrefWith } from '../components/search/facet-list.tsx'
import { SearchFacets } from '../components/search/search-facets.tsx'
import {
  AgencyResultCard,
  OfferingResultCard,
  ProjectResultCard,
} from '../components/search/result-cards.tsx'
import { shownOutcome } from '../components/search/shown-outcome.server.ts'
import { Pagination, pageFrom } from '../components/pagination.tsx'
import { toLastPageIfPast } from '../pagination.server.ts'
import { SearchBox } from '../components/search-box.tsx'
import searchStyles from '../styles/search.css?url'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: searchStyles }]

export const meta: MetaFunction = () => [{ title: '搜索 · 中介超市' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url)
  const params = searchParamsFrom(url)
  const touched = params.q.trim() !== '' || params.item || params.region || params.category
  const outcome = touched ? await search(await getDatabase(), { ...params, facets: true }) : null
  const pages = outcome ? Math.ceil(outcome.total / outcome.pageSize) : 0
  const pageCount = Math.min(pages, MAX_SEARCH_PAGE)
  // The raw number, not params.page: that one is already cut to MAX_SEARCH_PAGE.
  if (outcome && !outcome.message) toLastPageIfPast(url, pageFrom(url), pageCount)
  return {
    params,
    outcome: outcome && shownOutcome(outcome),
    pageCount,
    pagesCut: pages > MAX_SEARCH_PAGE,
  }
}

const sortLabels: Record<(typeof searchSorts)[number], string> = {
  relevance: '相关度',
  fee: '收费从低到高',
  time: '时限从短到长',
  credit: '信用分从高到低',
}

export default function SearchPage() {
  const { params, outcome, pageCount, pagesCut } = useLoaderData<typeof loader>()
  const hrefWith = useHrefWith()
  return (
    <section>
      <h1>搜索</h1>
      <SearchBox defaultValue={params.q} type={params.type} />
      <nav className="search-tabs" aria-label="搜索对象">
        <a
          href={hrefWith('type', null)}
          aria-current={params.type === 'offering' ? 'page' : undefined}
        >
          服务报价
        </a>
        <a
          href={hrefWith('type', 'agency')}
          aria-current={params.type === 'agency' ? 'page' : undefined}
        >
          中介机构
        </a>
        <a
          href={hrefWith('type', 'project')}
          aria-current={params.type === 'project' ? 'page' : undefined}
        >
          采购项目
        </a>
      </nav>
      {outcome == null ? (
        <p className="card">输入服务事项、简称、拼音或机构名称，例如“环评”“濮阳 测绘”“stbc”。</p>
      ) : outcome.message ? (
        <p className="notice" role="status">
          {outcome.message}
        </p>
      ) : (
        // Projects have no facets: their results take the whole width, not a blank sidebar's.
        <div className={outcome.facets ? 'search-layout' : undefined}>
          {outcome.facets ? <SearchFacets params={params} outcome={outcome} /> : null}
          <div>
            {!outcome.facets && outcome.placeLabel ? <p>{`地区：${outcome.placeLabel}`}</p> : null}
            {outcome.heardAs ? (
              <p className="notice">
                没有找到与「{params.q}」相符的结果，以下按「{outcome.heardAs}」显示。
              </p>
            ) : null}
            <p role="status">
              {outcome.totalExact
                ? `共 ${outcome.total} 条结果`
                : `找到 ${outcome.total}+ 条结果（只统计和排序了其中 ${outcome.total} 条，加上服务事项、地区等条件可缩小范围）`}
              {params.type === 'offering' ? (
                <span className="search-sorts">
                  {' '}
                  排序：
                  {searchSorts.map((sort) =>
                    sort === params.sort ? (
                      <strong key={sort}>{sortLabels[sort]}</strong>
                    ) : (
                      <a key={sort} href={hrefWith('sort', sort === 'relevance' ? null : sort)}>
                        {sortLabels[sort]}
                      </a>
                    ),
                  )}
                </span>
              ) : null}
            </p>
            {outcome.total === 0 ? (
              <p className="card">没有找到符合条件的结果，请换个说法或放宽筛选条件。</p>
            ) : null}
            <ul className="card-list">
              {outcome.type === 'offering'
                ? outcome.results.map((r) => <OfferingResultCard key={r.id} result={r} />)
                : outcome.type === 'project'
                  ? outcome.results.map((r) => <ProjectResultCard key={r.id} result={r} />)
                  : outcome.results.map((r) => <AgencyResultCard key={r.id} result={r} />)}
            </ul>
            <Pagination page={outcome.page} pageCount={pageCount} />
            {pagesCut ? (
              <p className="search-pages-cut">{`结果较多，只列出前 ${MAX_SEARCH_PAGE} 页；加上服务事项、地区等条件可缩小范围。`}</p>
            ) : null}
          </div>
        </div>
      )}
    </section>
  )
}
