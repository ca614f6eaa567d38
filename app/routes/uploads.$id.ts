import type { LoaderFunctionArgs } from '@remix-run/node'
import { readUpload } from '#models/uploads.ts'
import { getCtx } from '../session.server.ts'
import { uploadResponse } from '../upload.server.ts'

/** Stored files by content hash: logos, qualification scans, delivered reports, proposals. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const upload = await readUpload(await getCtx(request), params.id ?? '')
  if (!upload) throw new Response('文件不存在', { status: 404 })
  return uploadResponse(upload)
}
