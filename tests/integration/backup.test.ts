import { randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { asc, desc } from 'drizzle-orm'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest'
import { createSupervisor, signIn, signUp } from '../../models/accounts.ts'
import { claimDataDir, releaseDataDir } from '../../models/backup-lock.ts'
import { unsealBid } from '../../models/bid-sealing.ts'
import type { Actor } from '../../models/context.ts'
import { type DatabaseHandle, openDatabase } from '../../models/db/client.ts'
import { bids } from '../../models/db/schema-procedures.ts'
import { auditEvents } from '../../models/db/schema.ts'
import { createOffering } from '../../models/offerings.ts'
import { findSessionActor } from '../../models/sessions.ts'
import { verifyOrganisation } from '../../models/supervision.ts'
import { storeUpload } from '../../models/uploads.ts'
import { loadCatalogue } from '../../seed/catalogue.ts'
import { buildSignUp, fakePhone } from '../../seed/factories.ts'
import { createBackup } from '../../scripts/backup/create.ts'
import type { Installation } from '../../scripts/backup/installation.ts'
import { restoreBackup } from '../../scripts/backup/restore.ts'
import { withDatabase } from '../setup/database-template.ts'
import { ctxFor } from '../setup/test-database.ts'
import { bid, ITEM, type ProcedureWorld, publishedProject } from './procedure-fixture.ts'

// On PostgreSQL (DATABASE_URL): back up a copy of the migrated template, restore into a
// freshly created database on the same server. Otherwise: embedded PGlite data directories.
const serverUrl = process.env.DATABASE_URL
const sealKey = process.env.BID_SEAL_KEY!
const suffix = randomBytes(4).toString('hex')
const databases = { source: `zjcs_backup_src_${suffix}`, target: `zjcs_backup_dst_${suffix}` }

let root: string
let source: Installation
let target: Installation
let backupFile: string
const before = {} as {
  bids: { id: string; projectId: string; agencyId: string; sealed: string }[]
  auditHead: { seq: number; hash: string }
  upload: { id: string; bytes: Uint8Array }
  prices: Map<string, number>
}

async function admin(statement: string) {
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  await client.query(statement).finally(() => client.end())
}

function installation(dir: string, database: string): Installation {
  return serverUrl
    ? { dataRoot: dir, databaseUrl: withDatabase(serverUrl, database), sealKeyFromEnv: sealKey }
    : // The embedded set-up keeps its generated key in the data directory.
      { dataRoot: dir }
}

const open = (inst: Installation) =>
  openDatabase(
    inst.databaseUrl
      ? { url: inst.databaseUrl, poolSize: 4 }
      : { dataDir: path.join(inst.dataRoot, 'pglite') },
  )

/** A department, two agencies bidding on its project, and a file one of them uploaded. */
async function buildWorld(handle: DatabaseHandle) {
  await loadCatalogue(handle.db)
  const signedUp = async (kind: 'agency' | 'department') => {
    const input = buildSignUp({ kind })
    await signUp(ctxFor(handle), input)
    const { session } = await signIn(ctxFor(handle), {
      login: input.phone,
      password: input.password,
    })
    return (await findSessionActor(handle.db, session.id))!
  }
  const [department, ...agencies] = await Promise.all([
    signedUp('department'),
    signedUp('agency'),
    signedUp('agency'),
  ])
  const supervisorUser = await createSupervisor(
    handle.db,
    { name: '监管员', phone: fakePhone(), password: 'Supervise-2026!' },
    null,
  )
  const supervisor: Actor = {
    userId: supervisorUser.id,
    role: 'supervisor',
    name: '监管员',
    organisationId: null,
    organisationName: null,
  }
  await verifyOrganisation(ctxFor(handle, supervisor), {
    organisationId: department!.organisationId!,
  })
  for (const agency of agencies)
    await createOffering(ctxFor(handle, agency), {
      serviceItemCode: ITEM,
      feeKind: 'range',
      feeMinFen: 100_000,
      feeMaxFen: 10_000_000,
      timeLimitDays: 20,
    })
  // publishedProject and bid read only these.
  const world = { handle, department, supervisor, agencies } as unknown as ProcedureWorld
  const projectId = await publishedProject(world, department!)
  before.prices = new Map()
  for (const [i, agency] of agencies.entries()) {
    await bid(world, agency, projectId, 20_000 + i * 1_000)
    before.prices.set(agency.organisationId!, (20_000 + i * 1_000) * 100)
  }
  const bytes = new Uint8Array(Buffer.from(`%PDF-1.7\n资质证书 ${suffix}\n%%EOF`))
  const stored = await storeUpload(ctxFor(handle, agencies[0]), {
    bytes,
    originalName: '资质证书.pdf',
  })
  before.upload = { id: stored.id, bytes }
  before.bids = await handle.db
    .select({
      id: bids.id,
      projectId: bids.projectId,
      agencyId: bids.agencyId,
      sealed: bids.sealed,
    })
    .from(bids)
    .orderBy(asc(bids.id))
  const [head] = await handle.db
    .select({ seq: auditEvents.seq, hash: auditEvents.hash })
    .from(auditEvents)
    .orderBy(desc(auditEvents.seq))
    .limit(1)
  before.auditHead = head!
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'zjcs-backup-'))
  source = installation(path.join(root, 'source'), databases.source)
  target = installation(path.join(root, 'target'), databases.target)
  backupFile = path.join(root, 'backups', 'test.tar.gz')
  // storeUpload keeps files under DATA_DIR.
  process.env.DATA_DIR = source.dataRoot
  if (serverUrl) {
    await admin(`create database ${databases.source} template ${inject('templateDatabase')}`)
    await admin(`create database ${databases.target}`)
  } else {
    await mkdir(source.dataRoot, { recursive: true })
    await writeFile(path.join(source.dataRoot, 'bid-seal.key'), sealKey, { mode: 0o600 })
  }
  const handle = await open(source)
  try {
    await handle.migrate()
    await buildWorld(handle)
  } finally {
    // The embedded database must be closed (written out, and free) before a backup.
    await handle.close()
  }
})

afterAll(async () => {
  delete process.env.DATA_DIR
  if (serverUrl)
    for (const name of Object.values(databases))
      await admin(`drop database if exists ${name} with (force)`)
  await rm(root, { recursive: true, force: true })
})

describe.skipIf(serverUrl)('backing up the embedded database', () => {
  it('is refused while a server holds the data directory', async () => {
    claimDataDir(source.dataRoot)
    try {
      await expect(createBackup(source, { out: backupFile })).rejects.toThrow(/正被服务器使用/)
    } finally {
      releaseDataDir(source.dataRoot)
    }
  })
})

describe(`backup and restore (${serverUrl ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('restores into an empty target what was backed up, and checks it', async () => {
    const { file, manifest } = await createBackup(source, { out: backupFile })
    expect(manifest.database.kind).toBe(serverUrl ? 'postgres' : 'pglite')
    expect(manifest.tables).toMatchObject({ bids: 2, uploads: 1 })
    expect(manifest.audit.headHash).toBe(before.auditHead.hash)
    expect(manifest.uploads.files).toBe(1)
    expect(manifest.sealKey.included).toBe(!serverUrl)

    const report = await restoreBackup(file, target)
    expect(report.tables.filter((t) => t.actual !== t.expected)).toEqual([])
    expect(report.auditHeadMatches).toBe(true)
    expect(report.chain).toEqual({ checked: before.auditHead.seq, problem: null })
    expect(report.uploads).toEqual({ restored: 1, rowsWithoutFile: [] })
    expect(report.sealKey.status).toBe(serverUrl ? 'same' : 'restored')
    expect(report.ok).toBe(true)

    const restored = await open(target)
    try {
      const rows = await restored.db
        .select({
          id: bids.id,
          projectId: bids.projectId,
          agencyId: bids.agencyId,
          sealed: bids.sealed,
        })
        .from(bids)
        .orderBy(asc(bids.id))
      expect(rows).toEqual(before.bids)
      for (const row of rows)
        expect(unsealBid(row.projectId, row.agencyId, row.sealed).priceFen).toBe(
          before.prices.get(row.agencyId),
        )
      const [head] = await restored.db
        .select({ seq: auditEvents.seq, hash: auditEvents.hash })
        .from(auditEvents)
        .orderBy(desc(auditEvents.seq))
        .limit(1)
      expect(head).toEqual(before.auditHead)
    } finally {
      await restored.close()
    }
    const { id, bytes } = before.upload
    const uploaded = path.join(target.dataRoot, 'uploads', id.slice(0, 2), id)
    expect(new Uint8Array(await readFile(uploaded))).toEqual(bytes)
    if (!serverUrl)
      expect(await readFile(path.join(target.dataRoot, 'bid-seal.key'), 'utf8')).toBe(sealKey)
  })

  it('will not overwrite a database in use unless forced, and flags a seal key that differs', async () => {
    await expect(restoreBackup(backupFile, target)).rejects.toThrow(/--force/)
    if (serverUrl) {
      // An app instance still connected would write into the database being replaced.
      const instance = new pg.Client({ connectionString: target.databaseUrl })
      await instance.connect()
      await expect(restoreBackup(backupFile, target, { force: true })).rejects.toThrow(/其他连接/)
      await instance.end()
    }

    const otherKey = randomBytes(32).toString('hex')
    const report = await restoreBackup(
      backupFile,
      { ...target, sealKeyFromEnv: otherKey },
      { force: true },
    )
    expect(report.tables.every((t) => t.actual === t.expected)).toBe(true)
    expect(report.chain.problem).toBeNull()
    expect(report.sealKey.status).toBe('different')
    expect(report.ok).toBe(false)
    if (!serverUrl) expect(report.movedAside).toMatch(/pglite\.before-restore-/)
  })
})
