import type { LoaderFunctionArgs } from '@remix-run/node'
import { platformNow } from '#models/clock.ts'
import { csvDocument, csvDownloadHeaders } from '#models/rules/csv.ts'
import { getStatsReport } from '#models/stats.ts'
import { readStatsFilter } from '#models/stats-filters.ts'
import { isStatsTableKey, statsTableCsv, statsTables } from '#models/stats-tables.ts'
import { getCtx } from '../session.server.ts'

/** GET /stats.csv?table=monthly&from=2026-01&to=2026-06&city=4101 — one table of /stats, all rows. */
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url)
  const key = url.searchParams.get('table') ?? ''
  if (!isStatsTableKey(key)) throw new Response('没有这张统计表', { status: 404 })
  const ctx = await getCtx(request)
  const { filter, issues } = readStatsFilter(url.searchParams, await platformNow(ctx.db))
  // A download must hold what was asked for, not a silently different period.
  if (issues.length > 0)
    throw new Response(`${issues.join('\n')}\n未生成下载文件，请修改条件后重新下载。`, {
      status: 400,
    })
  const table = statsTables(await getStatsReport(ctx, filter)).find((t) => t.key === key)!
  const period = `${filter.from}_${filter.to}${filter.city ? `_${filter.city}` : ''}`
  return new Response(csvDocument(statsTableCsv(table)), {
    headers: {
      ...csvDownloadHeaders(
        `中介超市统计-${table.title}-${period}.csv`,
        `stats-${key}-${period}.csv`,
      ),
      'Cache-Control': 'no-cache',
    },
  })
}
