import type { LoaderFunctionArgs } from '@remix-run/node'
import { listServiceItems } from '#models/catalogue.ts'
import { getDatabase } from '#models/db/client.ts'

/** GET /api/v1/items — the catalogue with price figures (docs/api.md). No personal data. */
export async function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams
  const items = await listServiceItems(await getDatabase(), {
    category: params.get('category')?.trim() || null,
    includeRetired: ['1', 'true'].includes(params.get('includeRetired') ?? ''),
  })
  // Dates serialise as ISO 8601 UTC strings.
  return Response.json(
    { total: items.length, items },
    { headers: { 'Cache-Control': 'public, max-age=60' } },
  )
}
