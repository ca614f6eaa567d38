import { existsSync } from 'node:fs'
import { chmod, mkdir, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { BackupError, createTarGz, fileStamp, listFiles, sha256File } from './archive.ts'
import {
  currentSealKey,
  type Installation,
  kindOf,
  pgliteDir,
  uploadsRoot,
} from './installation.ts'
import {
  appVersion,
  auditHead,
  countRows,
  MANIFEST_FORMAT,
  type Manifest,
  migrationLevel,
  type Query,
  serverVersion,
} from './manifest.ts'
import { connect, dumpPostgres } from './postgres.ts'
import { dumpPglite, hasPgliteDatabase, openPglite, refuseWhileServerRuns } from './pglite.ts'

const UPLOAD_FILE = /^[0-9a-f]{2}[/\\][0-9a-f]{64}$/

export function defaultBackupFile(inst: Installation, at = new Date()) {
  return path.resolve(process.cwd(), 'backups', `zjcs-${kindOf(inst)}-${fileStamp(at)}.tar.gz`)
}

type DatabaseFacts = Pick<Manifest, 'tables' | 'migrations' | 'audit'> & {
  serverVersion: string
  tool: string
}

async function factsOf(query: Query) {
  return {
    tables: await countRows(query),
    migrations: await migrationLevel(query),
    audit: await auditHead(query),
    serverVersion: await serverVersion(query),
  }
}

async function dumpEmbedded(inst: Installation, file: string): Promise<DatabaseFacts> {
  refuseWhileServerRuns(inst.dataRoot, '备份')
  const dir = pgliteDir(inst)
  if (!hasPgliteDatabase(dir)) throw new BackupError(`这里没有内置数据库：${dir}`)
  const { db, query } = await openPglite(dir)
  try {
    const facts = await factsOf(query)
    return { ...facts, tool: await dumpPglite(db, file) }
  } finally {
    await db.close()
  }
}

async function dumpServer(url: string, file: string): Promise<DatabaseFacts> {
  const { client, query } = await connect(url)
  try {
    // Counts and dump read one snapshot, exported from this transaction.
    await query('begin isolation level repeatable read read only')
    const facts = await factsOf(query)
    const tool = await dumpPostgres(url, file, query)
    await query('commit')
    return { ...facts, tool }
  } finally {
    await client.end()
  }
}

/**
 * One .tar.gz: manifest.json, the database (pg_dump custom format, or PGlite's data
 * directory), the uploaded files, and on the embedded set-up the generated bid-seal key.
 * Uploaded files are listed after the database snapshot: a file is always written before
 * the row naming it, so every row in the dump finds its file in the archive.
 */
export async function createBackup(
  inst: Installation,
  options: { out?: string; now?: Date } = {},
): Promise<{ file: string; manifest: Manifest }> {
  const now = options.now ?? new Date()
  const out = path.resolve(options.out ?? defaultBackupFile(inst, now))
  if (existsSync(out)) throw new BackupError(`备份文件已存在，不会覆盖：${out}`)
  await mkdir(path.dirname(out), { recursive: true })
  const scratch = await mkdtemp(path.join(path.dirname(out), '.backup-'))
  try {
    const kind = kindOf(inst)
    const dbName = kind === 'pglite' ? 'database/pglite.tar' : 'database/postgres.dump'
    const dbFile = path.join(scratch, dbName)
    await mkdir(path.dirname(dbFile))
    const facts = inst.databaseUrl
      ? await dumpServer(inst.databaseUrl, dbFile)
      : await dumpEmbedded(inst, dbFile)

    const uploads = (await listFiles(uploadsRoot(inst))).filter((f) => UPLOAD_FILE.test(f.name))
    const key = currentSealKey(inst)
    const manifest: Manifest = {
      format: MANIFEST_FORMAT,
      createdAt: now.toISOString(),
      appVersion: appVersion(),
      database: {
        kind,
        serverVersion: facts.serverVersion,
        file: dbName,
        sha256: await sha256File(dbFile),
        bytes: (await stat(dbFile)).size,
        tool: facts.tool,
      },
      migrations: facts.migrations,
      tables: facts.tables,
      audit: facts.audit,
      uploads: { files: uploads.length, bytes: uploads.reduce((sum, f) => sum + f.bytes, 0) },
      sealKey: { ...key, included: key.source === 'file' },
    }
    await writeFile(path.join(scratch, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`)

    const partial = `${out}.partial`
    await createTarGz(
      partial,
      [
        { dir: scratch, names: ['manifest.json', dbName] },
        {
          dir: inst.dataRoot,
          names: [
            ...uploads.map((f) => path.posix.join('uploads', f.name.replaceAll('\\', '/'))),
            ...(manifest.sealKey.included ? ['bid-seal.key'] : []),
          ],
        },
      ],
      scratch,
    )
    // Password hashes, sessions and perhaps the seal key: for the owner's eyes only.
    await chmod(partial, 0o600)
    await rename(partial, out)
    return { file: out, manifest }
  } finally {
    await rm(scratch, { recursive: true, force: true })
    await rm(`${out}.partial`, { force: true })
  }
}
