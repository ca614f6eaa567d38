import type { LoaderFunctionArgs } from '@remix-run/node'
import { getServiceItemDetail } from '#models/catalogue.ts'
import { getDatabase } from '#models/db/client.ts'

const headers = { 'Cache-Control': 'public, max-age=60' }

/** GET /api/v1/items/:code — one item, its price figures and its versions (docs/api.md). */
export async function loader({ params }: LoaderFunctionArgs) {
  const detail = await getServiceItemDetail(await getDatabase(), params.code ?? '')
  if (!detail) return Response.json({ error: '服务事项不存在' }, { status: 404, headers })
  // Who made each change stays in the audit log; the public sees what changed and when.
  const versions = detail.versions.map(({ change, changedAt, snapshot }) => ({
    change,
    changedAt,
    snapshot,
  }))
  return Response.json(
    { ...detail.item, ...detail.figures, retireReason: detail.retireReason, versions },
    { headers },
  )
}
