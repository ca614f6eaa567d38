import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppLoadContext } from '@remix-run/node'
import { signIn, signUp } from '../../models/accounts.ts'
import type { Actor } from '../../models/context.ts'
import type { DatabaseHandle } from '../../models/db/client.ts'
import { auditEvents, uploads } from '../../models/db/schema.ts'
import { NotSignedInError, ValidationError } from '../../models/errors.ts'
import { imageContentTypes, MAX_UPLOAD_BYTES } from '../../models/rules/file-types.ts'
import { findSessionActor } from '../../models/sessions.ts'
import { readUpload, storeUpload, uploadsDir } from '../../models/uploads.ts'
import { buildSignUp } from '../../seed/factories.ts'
import { readUploadForm, uploadResponse } from '../../app/upload.server.ts'
import { createTestDatabase, ctxFor } from '../setup/test-database.ts'

let handle: DatabaseHandle
let actor: Actor
let dataDir: string
const previousDataDir = process.env.DATA_DIR

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'zjcs-uploads-'))
  process.env.DATA_DIR = dataDir
  handle = await createTestDatabase()
  const input = buildSignUp({ kind: 'agency' })
  await signUp(ctxFor(handle), input)
  const { session } = await signIn(ctxFor(handle), { login: input.phone, password: input.password })
  actor = (await findSessionActor(handle.db, session.id))!
})

afterAll(async () => {
  await handle.close()
  if (previousDataDir === undefined) delete process.env.DATA_DIR
  else process.env.DATA_DIR = previousDataDir
  await rm(dataDir, { recursive: true, force: true })
})

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(
    Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p)))),
  )
// Unique content per call, so each test starts from files it made itself.
let serial = 0
const unique = () => ` ${Date.now()}-${serial++}`
const pdf = () => bytes('%PDF-1.7\n1 0 obj <<>> endobj', unique(), '\n%%EOF')
const png = () => bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'IHDR', unique())
const jpeg = () => bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF', unique())

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ValidationError)
  return (error as ValidationError).fieldErrors
}

async function storedFiles() {
  const dir = uploadsDir()
  const shards = await readdir(dir).catch(() => [] as string[])
  const files = await Promise.all(shards.map((s) => readdir(path.join(dir, s))))
  return files.flat()
}

describe('storing uploads', () => {
  it.each([
    ['PDF', pdf, 'application/pdf', 'report.pdf'],
    ['PNG', png, 'image/png', 'logo.png'],
    ['JPEG', jpeg, 'image/jpeg', '资质证书.jpg'],
  ])('keeps a %s under its content hash, audited', async (_, make, contentType, name) => {
    const content = make()
    const stored = await storeUpload(ctxFor(handle, actor), { bytes: content, originalName: name })
    expect(stored).toMatchObject({ contentType, size: content.length, originalName: name })
    expect(stored.id).toMatch(/^[0-9a-f]{64}$/)
    const onDisk = await readFile(path.join(dataDir, 'uploads', stored.id.slice(0, 2), stored.id))
    expect(new Uint8Array(onDisk)).toEqual(content)
    const [event] = await handle.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.subjectId, stored.id))
    expect(event).toMatchObject({ action: 'upload.stored', actorUserId: actor.userId })
  })

  it('the same bytes twice make one file and one row', async () => {
    const content = pdf()
    const first = await storeUpload(ctxFor(handle, actor), {
      bytes: content,
      originalName: 'a.pdf',
    })
    const filesBefore = await storedFiles()
    const again = await storeUpload(ctxFor(handle, actor), {
      bytes: content,
      originalName: 'b.pdf',
    })
    expect(again.id).toBe(first.id)
    expect(await storedFiles()).toEqual(filesBefore)
    expect(filesBefore.filter((f) => f === first.id)).toHaveLength(1)
    const rows = await handle.db.select().from(uploads).where(eq(uploads.id, first.id))
    expect(rows).toHaveLength(1)
    const events = await handle.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.subjectId, first.id))
    expect(events).toHaveLength(1)
  })

  it('judges by content: a PDF named .png is stored as a PDF', async () => {
    const stored = await storeUpload(ctxFor(handle, actor), {
      bytes: pdf(),
      originalName: 'photo.png',
    })
    expect(stored).toMatchObject({ contentType: 'application/pdf', originalName: 'photo.png.pdf' })
  })

  it.each([
    ['HTML', bytes('<!doctype html><script>alert(1)</script>'), 'page.html'],
    ['HTML named .pdf', bytes('<html><body onload=alert(1)>'), 'invoice.pdf'],
    [
      'SVG',
      bytes('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      'a.svg',
    ],
    [
      'Windows EXE',
      bytes('MZ', [0x90, 0x00, 0x03], 'This program cannot be run in DOS mode'),
      'x.exe',
    ],
    ['EXE named .jpg', bytes('MZ', [0x90, 0x00]), 'cat.jpg'],
  ])('refuses %s and stores nothing', async (_, content, originalName) => {
    const before = await storedFiles()
    const errors = await refusal(
      storeUpload(ctxFor(handle, actor), { bytes: content, originalName, field: 'scan' }),
    )
    expect(errors).toEqual({ scan: ['仅支持 PDF、JPG、PNG 文件'] })
    expect(await storedFiles()).toEqual(before)
  })

  it('a logo field takes images only', async () => {
    const errors = await refusal(
      storeUpload(ctxFor(handle, actor), {
        bytes: pdf(),
        originalName: 'logo.pdf',
        field: 'logo',
        accept: imageContentTypes,
      }),
    )
    expect(errors).toEqual({ logo: ['仅支持 JPG、PNG 图片'] })
  })

  it('refuses a file over 10 MB, and an empty one', async () => {
    const big = new Uint8Array(MAX_UPLOAD_BYTES + 1)
    big.set([0x25, 0x50, 0x44, 0x46, 0x2d])
    expect(
      await refusal(storeUpload(ctxFor(handle, actor), { bytes: big, originalName: 'big.pdf' })),
    ).toEqual({
      file: ['文件不能超过 10 MB'],
    })
    const errors = await refusal(
      storeUpload(ctxFor(handle, actor), { bytes: new Uint8Array(), originalName: 'empty.pdf' }),
    )
    expect(errors.file).toEqual([expect.stringContaining('为空')])
  })

  it('needs a signed-in user', async () => {
    await expect(
      storeUpload(ctxFor(handle), { bytes: pdf(), originalName: 'x.pdf' }),
    ).rejects.toBeInstanceOf(NotSignedInError)
  })
})

describe('serving uploads', () => {
  it('a PDF downloads as an attachment under its original name, never sniffed', async () => {
    const stored = await storeUpload(ctxFor(handle, actor), {
      bytes: pdf(),
      originalName: '环评 报告(终稿).pdf',
    })
    // Not used anywhere yet: its uploader's alone, and never in a shared cache.
    expect(await readUpload(ctxFor(handle, null), stored.id)).toBeNull()
    const upload = (await readUpload(ctxFor(handle, actor), stored.id))!
    const response = uploadResponse(upload)
    expect(response.headers.get('Content-Type')).toBe('application/pdf')
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff')
    expect(response.headers.get('Content-Security-Policy')).toBe(
      "default-src 'none'; frame-ancestors 'none'; sandbox",
    )
    expect(response.headers.get('Cache-Control')).toBe('private, no-store')
    const disposition = response.headers.get('Content-Disposition')!
    expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/)
    expect(decodeURIComponent(disposition.split("UTF-8''")[1]!)).toBe('环评 报告(终稿).pdf')
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(new Uint8Array(upload.bytes))
  })

  it('an image shows inline with its own type', async () => {
    const stored = await storeUpload(ctxFor(handle, actor), {
      bytes: png(),
      originalName: 'logo.png',
    })
    const response = uploadResponse((await readUpload(ctxFor(handle, actor), stored.id))!)
    expect(response.headers.get('Content-Type')).toBe('image/png')
    expect(response.headers.get('Content-Disposition')).toMatch(/^inline; /)
  })

  it('an unknown or malformed id finds nothing', async () => {
    expect(await readUpload(ctxFor(handle, null), 'a'.repeat(64))).toBeNull()
    expect(await readUpload(ctxFor(handle, null), '../../etc/passwd')).toBeNull()
    expect(await readUpload(ctxFor(handle, null), 'A'.repeat(64))).toBeNull()
  })
})

describe('reading an upload form', () => {
  const context = { csrfToken: 'token-123', cspNonce: '', clientIp: '' } as AppLoadContext

  function post(fields: Record<string, string | File>) {
    const body = new FormData()
    for (const [name, value] of Object.entries(fields)) body.append(name, value)
    return new Request('http://localhost/my/qualifications', { method: 'POST', body })
  }

  it('drops a file over 10 MB with an error on its field and keeps what was typed', async () => {
    const big = new File([new Uint8Array(MAX_UPLOAD_BYTES + 1024)], 'big.pdf', {
      type: 'application/pdf',
    })
    const { formData, fileErrors } = await readUploadForm(
      post({ csrf: 'token-123', scan: big, number: '<b>A-1</b>', issuer: '河南省住建厅' }),
      context,
    )
    expect(fileErrors).toEqual({ scan: ['文件不能超过 10 MB'] })
    expect(formData.get('scan')).toBeNull()
    expect(formData.get('number')).toBe('<b>A-1</b>')
    expect(formData.get('issuer')).toBe('河南省住建厅')
  })

  it('keeps a small file in memory', async () => {
    const file = new File([pdf()], '证书.pdf', { type: 'application/pdf' })
    const { formData, fileErrors } = await readUploadForm(
      post({ csrf: 'token-123', scan: file }),
      context,
    )
    expect(fileErrors).toEqual({})
    expect((formData.get('scan') as File).name).toBe('证书.pdf')
  })

  it('still checks the CSRF token', async () => {
    const answer = await readUploadForm(post({ csrf: 'forged', number: '1' }), context).catch(
      (e: unknown) => e,
    )
    expect(answer).toBeInstanceOf(Response)
    expect((answer as Response).status).toBe(403)
  })
})
