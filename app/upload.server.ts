import {
  type AppLoadContext,
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type UploadHandler,
} from '@remix-run/node'
import type { Ctx } from '#models/context.ts'
import {
  downloadName,
  MAX_UPLOAD_BYTES,
  TOO_LARGE_MESSAGE,
  type UploadContentType,
} from '#models/rules/file-types.ts'
import { storeUpload } from '#models/uploads.ts'
import { readForm, requireCsrf } from './csrf.server.ts'

// A form carries one file at most; anything far bigger is not worth reading through.
const MAX_REQUEST_BYTES = 5 * MAX_UPLOAD_BYTES

export interface UploadForm {
  formData: FormData
  /** Field errors for files over the limit, e.g. { logo: ['文件不能超过 10 MB'] }. */
  fileErrors: Record<string, string[]>
}

/**
 * Reads a POSTed form that may carry files (held in memory, at most 10 MB each) and
 * checks its CSRF token. A file over the limit is dropped and reported on its field,
 * so the rest of what was typed comes back with the error.
 */
export async function readUploadForm(
  request: Request,
  context: AppLoadContext,
): Promise<UploadForm> {
  const type = request.headers.get('content-type') ?? ''
  if (!type.startsWith('multipart/form-data'))
    return { formData: await readForm(request, context), fileErrors: {} }
  if (Number(request.headers.get('content-length')) > MAX_REQUEST_BYTES)
    throw new Response(TOO_LARGE_MESSAGE, { status: 413 })
  const fileErrors: Record<string, string[]> = {}
  const inMemory = unstable_createMemoryUploadHandler({ maxPartSize: MAX_UPLOAD_BYTES })
  const handler: UploadHandler = async (part) => {
    try {
      return await inMemory(part)
    } catch (error) {
      if (!(error instanceof MaxPartSizeExceededError)) throw error
      fileErrors[part.name] = [TOO_LARGE_MESSAGE]
      // Read past the rest of this part so the fields after it still arrive.
      for await (const chunk of part.data) void chunk
      return undefined
    }
  }
  const formData = await unstable_parseMultipartFormData(request, handler).catch(() => {
    throw new Response('表单内容无法解析，请返回后重新提交', { status: 400 })
  })
  requireCsrf(formData, context)
  return { formData, fileErrors }
}

/** The file chosen in `field`, or null when none was (browsers send an empty part). */
export function chosenFile(formData: FormData, field: string): File | null {
  const value = formData.get(field)
  return value instanceof File && value.size > 0 ? value : null
}

/**
 * Stores the file chosen in `field`, if any, and returns its upload id. A refused file
 * throws a ValidationError on that field.
 */
export async function storeChosenFile(
  ctx: Ctx,
  formData: FormData,
  field: string,
  accept?: readonly UploadContentType[],
): Promise<string | null> {
  const file = chosenFile(formData, field)
  if (!file) return null
  const bytes = new Uint8Array(await file.arrayBuffer())
  const stored = await storeUpload(ctx, { bytes, originalName: file.name, field, accept })
  return stored.id
}

interface ServedUpload {
  id: string
  contentType: UploadContentType
  originalName: string
  bytes: Uint8Array
  /** Only this reader may have it: a sealed proposal, a contract's or a complaint's file. */
  isPrivate?: boolean
}

/**
 * Serves a stored file as exactly what it is: never sniffed, never run as a page.
 * PDFs download; images may show inline.
 */
export function uploadResponse(upload: ServedUpload): Response {
  const name = downloadName(upload.originalName, upload.contentType)
  const disposition = upload.contentType === 'application/pdf' ? 'attachment' : 'inline'
  return new Response(new Uint8Array(upload.bytes), {
    headers: {
      'Content-Type': upload.contentType,
      'Content-Length': String(upload.bytes.length),
      'Content-Disposition': `${disposition}; filename="${asciiFallback(name)}"; filename*=UTF-8''${rfc5987(name)}`,
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'; sandbox",
      'Cache-Control': upload.isPrivate
        ? 'private, no-store'
        : 'public, max-age=31536000, immutable',
      ETag: `"${upload.id}"`,
    },
  })
}

/** For old clients that ignore filename*: ASCII only, no quotes. */
const asciiFallback = (name: string) => name.replace(/[^\x20-\x7e]|["\\]/g, '_')

const rfc5987 = (name: string) =>
  encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )
