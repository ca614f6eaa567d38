/**
 * What an uploaded file really is, judged by its first bytes, never by its name or the
 * browser's word. Only three formats are accepted, so a tiny sniffer is enough.
 */

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024

export const uploadContentTypes = ['application/pdf', 'image/jpeg', 'image/png'] as const
export type UploadContentType = (typeof uploadContentTypes)[number]

export const imageContentTypes: readonly UploadContentType[] = ['image/jpeg', 'image/png']

export const TOO_LARGE_MESSAGE = '文件不能超过 10 MB'

const signatures: [UploadContentType, number[]][] = [
  ['application/pdf', [0x25, 0x50, 0x44, 0x46, 0x2d]], // %PDF-
  ['image/png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['image/jpeg', [0xff, 0xd8, 0xff]],
]

/** The format whose magic bytes open the file, or null for anything else. */
export function sniffContentType(bytes: Uint8Array): UploadContentType | null {
  for (const [type, magic] of signatures) {
    if (bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b)) return type
  }
  return null
}

export type UploadCheck =
  { ok: true; contentType: UploadContentType } | { ok: false; reason: string }

/** Accepts a file only if its content is one of `accept` and it is not too large. */
export function checkUpload(
  bytes: Uint8Array,
  accept: readonly UploadContentType[] = uploadContentTypes,
): UploadCheck {
  if (bytes.length === 0) return { ok: false, reason: '文件为空，请重新选择' }
  if (bytes.length > MAX_UPLOAD_BYTES) return { ok: false, reason: TOO_LARGE_MESSAGE }
  const contentType = sniffContentType(bytes)
  if (!contentType || !accept.includes(contentType)) return { ok: false, reason: refusal(accept) }
  return { ok: true, contentType }
}

function refusal(accept: readonly UploadContentType[]) {
  if (!accept.includes('application/pdf')) return '仅支持 JPG、PNG 图片'
  // A field for PDFs alone (a bid's proposal) must not invite an image it would refuse.
  return accept.length === 1 ? '仅支持 PDF 文件' : '仅支持 PDF、JPG、PNG 文件'
}

const extensions: Record<UploadContentType, string> = {
  'application/pdf': '.pdf',
  'image/jpeg': '.jpg',
  'image/png': '.png',
}

/**
 * A name safe to offer in Content-Disposition: no path, no control characters, at most
 * 120 characters, ending in the extension of what the file really is.
 */
export function downloadName(originalName: string, contentType: UploadContentType): string {
  const base =
    originalName
      .split(/[/\\]/)
      .pop()!
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f"]/g, '')
      .trim()
      .slice(0, 120) || 'file'
  const extension = extensions[contentType]
  const hasExtension =
    base.toLowerCase().endsWith(extension) ||
    (contentType === 'image/jpeg' && base.toLowerCase().endsWith('.jpeg'))
  return hasExtension ? base : `${base}${extension}`
}
