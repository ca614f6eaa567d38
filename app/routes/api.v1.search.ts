import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDatabase } from '#models/db/client.ts'
import { searchParamsFrom } from '#search/filters.ts'
import { search } from '#search/query.ts'

/** GET /api/v1/search — offerings or agencies matching a query (docs/api.md). */
export async function loader({ request }: LoaderFunctionArgs) {
  const params = searchParamsFrom(new URL(request.url))
  const outcome = await search(await getDatabase(), { ...params, facets: false })
  const body = {
    total: outcome.total,
    totalExact: outcome.totalExact,
    page: outcome.page,
    pageSize: outcome.pageSize,
    ...(outcome.message ? { message: outcome.message } : {}),
    results: outcome.results,
  }
  return Response.json(body, { headers: { 'Cache-Control': 'public, max-age=30' } })
}
