import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDatabase } from '#models/db/client.ts'
import { readUpload } from '#models/uploads.ts'
import { uploadResponse } from '../upload.server.ts'

/** Stored files by content hash: logos, qualification scans, delivered reports. */
export async function loader({ params }: LoaderFunctionArgs) {
  const upload = await readUpload(await getDatabase(), params.id ?? '')
  if (!upload) throw new Response('文件不存在', { status: 404 })
  return uploadResponse(upload)
}
