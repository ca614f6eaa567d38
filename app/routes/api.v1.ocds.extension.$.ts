import type { LoaderFunctionArgs } from '@remix-run/node'
import { OCDS_HEADERS } from '#models/ocds-api.ts'
import { readExtensionFile } from '#models/ocds-extension.ts'

/** GET /api/v1/ocds/extension/extension.json (and its schema, codelists, README). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const file = await readExtensionFile(params['*'] ?? '', new URL(request.url).origin)
  if (!file)
    return Response.json({ error: '没有这个扩展文件' }, { status: 404, headers: OCDS_HEADERS })
  return new Response(file.body, {
    headers: { ...OCDS_HEADERS, 'Content-Type': file.contentType },
  })
}
