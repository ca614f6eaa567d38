import { createHash, randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import { appendAuditEvent } from './audit.ts'
import { type Ctx, requireActor } from './context.ts'
import { uploads } from './db/schema.ts'
import { inTransaction } from './db/transaction.ts'
import { ValidationError } from './errors.ts'
import {
  checkUpload,
  downloadName,
  type UploadContentType,
  uploadContentTypes,
} from './rules/file-types.ts'
import { uploadAccess } from './upload-access.ts'

/** Files live once, by content hash, under the data directory. */
export function uploadsDir(): string {
  return path.resolve(process.cwd(), process.env.DATA_DIR ?? 'data', 'uploads')
}

const isUploadId = (id: string) => /^[0-9a-f]{64}$/.test(id)

function uploadPath(id: string) {
  return path.join(uploadsDir(), id.slice(0, 2), id)
}

export interface NewUpload {
  bytes: Uint8Array
  originalName: string
  /** The form field the file came from, so a refusal shows beside it. */
  field?: string
  /** What this field takes: by default PDF, JPG and PNG. */
  accept?: readonly UploadContentType[]
}

/**
 * Keeps a file a signed-in user uploaded, after checking what it really is by its
 * content. The same bytes twice make one file and one row.
 */
export async function storeUpload(ctx: Ctx, input: NewUpload) {
  const actor = requireActor(ctx)
  const check = checkUpload(input.bytes, input.accept ?? uploadContentTypes)
  if (!check.ok) throw ValidationError.field(input.field ?? 'file', check.reason)
  const id = createHash('sha256').update(input.bytes).digest('hex')
  const originalName = downloadName(input.originalName, check.contentType)
  // The file is in place before any row can point at it.
  await writeOnce(uploadPath(id), input.bytes)
  await inTransaction(ctx.db, async (tx) => {
    const inserted = await tx
      .insert(uploads)
      .values({
        id,
        contentType: check.contentType,
        size: input.bytes.length,
        originalName,
        uploadedBy: actor.userId,
      })
      .onConflictDoNothing()
      .returning({ id: uploads.id })
    if (inserted.length === 0) return
    await appendAuditEvent(tx, {
      actorUserId: actor.userId,
      action: 'upload.stored',
      subjectType: 'upload',
      subjectId: id,
      data: { contentType: check.contentType, size: input.bytes.length, originalName },
    })
  })
  return { id, contentType: check.contentType, size: input.bytes.length, originalName }
}

/** Writes to a temporary name and renames, so a reader never sees half a file. */
async function writeOnce(target: string, bytes: Uint8Array) {
  const exists = await stat(target).then(
    (s) => s.size === bytes.length,
    () => false,
  )
  if (exists) return
  await mkdir(path.dirname(target), { recursive: true })
  const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`
  try {
    await writeFile(temporary, bytes, { flag: 'wx' })
    await rename(temporary, target)
  } catch (error) {
    await unlink(temporary).catch(() => undefined)
    throw error
  }
}

/** The stored file and how to serve it, or null for an unknown or malformed id. */
/**
 * A stored file as `ctx.actor` may read it (models/upload-access.ts), or null: to a reader
 * who may not, it does not exist. `isPrivate` files must not sit in shared caches.
 */
export async function readUpload(ctx: Ctx, id: string) {
  if (!isUploadId(id)) return null
  const access = await uploadAccess(ctx, id)
  if (access === 'none') return null
  const [row] = await ctx.db.select().from(uploads).where(eq(uploads.id, id))
  const bytes = row ? await readFile(uploadPath(id)).catch(() => null) : null
  return row && bytes ? { ...row, bytes, isPrivate: access === 'private' } : null
}
