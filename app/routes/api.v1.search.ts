import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDatabase } from '#models/db/client.ts'
import { searchParamsFrom } from '#search/filters.ts'
import { search } from '#search/query.ts'
import { readApiPage } from '../project-api.server.ts'

/** GET /api/v1/search — offerings or agencies matching a query (docs/api.md). */
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url)
  // As /api/v1/projects: a page past the last allowed is an error, not silently page 500.
  const page = readApiPage(url.searchParams)
  if (typeof page === 'string')
    return Response.json(
      { error: `查询参数有误：${page}` },
      { status: 400, headers: { 'Cache-Control': 'public, max-age=30' } },
    )
  const params = searchParamsFrom(url)
  const outcome = await search(await getDatabase(), { ...params, facets: false })
  const body = {
    total: outcome.total,
    totalExact: outcome.totalExact,
    page: outcome.page,
    pageSize: outcome.pageSize,
    ...(outcome.message ? { message: outcome.message } : {}),
    ...(outcome.heardAs ? { heardAs: outcome.heardAs } : {}),
    // Absolute, as /api/v1/projects gives them: a link must work outside this site.
    results: outcome.results.map((r) =>
      'url' in r && r.url.startsWith('/') ? { ...r, url: url.origin + r.url } : r,
    ),
  }
  return Response.json(body, { headers: { 'Cache-Control': 'public, max-age=30' } })
}
