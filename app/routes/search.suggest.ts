import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDatabase } from '#models/db/client.ts'
import { suggest } from '#search/suggest.ts'

/** GET /search/suggest?q= — completions for the search box, as JSON. */
export async function loader({ request }: LoaderFunctionArgs) {
  const q = new URL(request.url).searchParams.get('q') ?? ''
  const suggestions = await suggest(await getDatabase(), q)
  return Response.json({ suggestions }, { headers: { 'Cache-Control': 'public, max-age=60' } })
}
