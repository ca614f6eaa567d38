import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { dataDirOwner } from '../../models/backup-lock.ts'
import { BackupError } from './archive.ts'
import type { Query } from './manifest.ts'

/** The extensions models/db/client.ts opens the embedded database with. */
const extensions = { pg_trgm }

export const pgliteVersion = async () => {
  const file = path.resolve(process.cwd(), 'node_modules/@electric-sql/pglite/package.json')
  return (JSON.parse(await readFile(file, 'utf8')) as { version: string }).version
}

/** Backup and restore need the embedded database to themselves: PGlite has no lock of its own. */
export function refuseWhileServerRuns(dataRoot: string, doing: string) {
  const owner = dataDirOwner(dataRoot)
  if (!owner) return
  throw new BackupError(
    `内置数据库正被服务器使用（进程 ${owner.pid}，主机 ${owner.host}，自 ${owner.since}）：` +
      `PGlite 同一时间只能有一个使用者，请先停止服务器再${doing}。` +
      `如确认服务器已经停止，删除 ${owner.marker} 后重试。\n` +
      `The embedded database is in use by a running server; stop it first ` +
      `(or delete the marker file if that server is gone).`,
  )
}

export const hasPgliteDatabase = (dir: string) => existsSync(path.join(dir, 'PG_VERSION'))

export async function openPglite(dir: string) {
  const db = await PGlite.create(dir, { extensions })
  const query: Query = async (text) => (await db.query<Record<string, unknown>>(text)).rows
  return { db, query }
}

/**
 * The data directory as PGlite itself packs it (dumpDataDir), after a checkpoint so the files
 * need no WAL replay. A physical copy: it restores exactly, into PGlite of the same major
 * PostgreSQL version, which is what the app runs on.
 */
export async function dumpPglite(db: PGlite, file: string): Promise<string> {
  await db.exec('checkpoint')
  const tarball = await db.dumpDataDir('none')
  await writeFile(file, new Uint8Array(await tarball.arrayBuffer()), { mode: 0o600 })
  return `PGlite ${await pgliteVersion()} dumpDataDir`
}
