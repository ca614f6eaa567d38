import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import {
  copyFile,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rename,
  rm,
  writeFile,
} from 'node:fs/promises'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import { type ChainReport, verifyAuditChain } from '../../models/audit.ts'
import { openDatabase } from '../../models/db/client.ts'
import { BackupError, extractTarGz, fileStamp, listFiles, sha256File } from './archive.ts'
import {
  currentSealKey,
  type Installation,
  kindOf,
  pgliteDir,
  sealKeyFile,
  sealKeyFingerprint,
  uploadsRoot,
} from './installation.ts'
import {
  auditHead,
  countRows,
  isInUse,
  type Manifest,
  manifestSchema,
  migrationJournal,
  migrationLevel,
  type Query,
} from './manifest.ts'
import { hasPgliteDatabase, openPglite, refuseWhileServerRuns } from './pglite.ts'
import { clearPostgres, connect, restorePostgres } from './postgres.ts'

export interface RestoreReport {
  manifest: Manifest
  /** Where the embedded database that was replaced now lies (kept, not deleted). */
  movedAside: string | null
  tables: { name: string; expected: number; actual: number | null }[]
  auditHeadMatches: boolean
  chain: ChainReport
  uploads: { restored: number; rowsWithoutFile: string[] }
  sealKey: { status: 'same' | 'restored' | 'different' | 'none'; note: string }
  /** Migrations newer than the backup, applied after the checks. */
  migrationsApplied: number
  ok: boolean
}

const UPLOAD_FILE = /^[0-9a-f]{2}[/\\]([0-9a-f]{64})$/

async function readManifest(dir: string): Promise<Manifest> {
  const text = await readFile(path.join(dir, 'manifest.json'), 'utf8').catch(() => null)
  const parsed = text === null ? null : manifestSchema.safeParse(JSON.parse(text))
  if (!parsed?.success)
    throw new BackupError('这不是本平台的备份文件（缺少或无法读取 manifest.json）')
  return parsed.data
}

/** Refuses an archive that is damaged or that this version of the app cannot take. */
async function checkArchive(dir: string, manifest: Manifest, inst: Installation) {
  const kind = kindOf(inst)
  if (manifest.database.kind !== kind)
    throw new BackupError(
      kind === 'postgres'
        ? '这是内置数据库（PGlite）的备份，不能恢复到 PostgreSQL：请不设 DATABASE_URL 恢复到内置数据库。'
        : '这是 PostgreSQL 的备份，不能恢复到内置数据库：请设置 DATABASE_URL 指向一个 PostgreSQL 数据库。',
    )
  const dump = path.join(dir, manifest.database.file)
  if (!existsSync(dump) || (await sha256File(dump)) !== manifest.database.sha256)
    throw new BackupError(`备份已损坏：${manifest.database.file} 与清单中的校验值不符`)
  const known = migrationJournal().map((entry) => entry.tag)
  if (manifest.migrations.latest !== null && !known.includes(manifest.migrations.latest))
    throw new BackupError(
      `备份来自更新的版本（数据库迁移到 ${manifest.migrations.latest}），请先升级程序再恢复`,
    )
  if (manifest.sealKey.included) {
    const key = await readFile(path.join(dir, 'bid-seal.key'), 'utf8').catch(() => '')
    if (sealKeyFingerprint(key) !== manifest.sealKey.fingerprint)
      throw new BackupError('备份已损坏：其中的报价密封密钥缺失或与清单不符')
  }
  const files = (await listFiles(path.join(dir, 'uploads'))).filter((f) => UPLOAD_FILE.test(f.name))
  for (const f of files) {
    const bytes = await readFile(path.join(dir, 'uploads', f.name))
    if (createHash('sha256').update(bytes).digest('hex') !== path.basename(f.name))
      throw new BackupError(`备份已损坏：上传文件 ${f.name} 的内容与其名称（SHA-256）不符`)
  }
  return files
}

const refusal = (where: string) =>
  new BackupError(
    `${where}已有数据（账号、机构或审计记录），不会覆盖。确认要用备份替换它，请加 --force。\n` +
      'The target database is not empty; add --force to replace it.',
  )

/**
 * Moves an embedded database out of the way (never deletes it); the backup is loaded into
 * the empty directory when verify() opens it.
 */
async function clearEmbedded(inst: Installation, force: boolean, stamp: string) {
  refuseWhileServerRuns(inst.dataRoot, '恢复')
  const dir = pgliteDir(inst)
  if (hasPgliteDatabase(dir)) {
    const { db, query } = await openPglite(dir)
    const inUse = await isInUse(query).finally(() => db.close())
    if (inUse && !force) throw refusal(`内置数据库 ${dir} `)
  }
  if (existsSync(dir) && (await readdir(dir)).length > 0) {
    const movedAside = `${dir}.before-restore-${stamp}`
    await rename(dir, movedAside)
    return movedAside
  }
  return null
}

async function restoreServer(url: string, dump: string, force: boolean, dumpedBy: string) {
  const { client, query } = await connect(url)
  try {
    const [others] = await query(
      `select count(*)::int as n from pg_stat_activity
       where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`,
    )
    if (Number(others?.n) > 0)
      throw new BackupError(
        `目标数据库还有 ${others?.n} 个其他连接：请先停止所有应用实例（和其他连到它的程序）再恢复。\n` +
          'Other sessions are connected to the target database; stop every app instance first.',
      )
    if ((await isInUse(query)) && !force) throw refusal('目标 PostgreSQL 数据库')
    await clearPostgres(query)
  } finally {
    await client.end()
  }
  await restorePostgres(url, dump, dumpedBy)
}

/** Puts the uploaded files in place; a file already there under its hash is the same file. */
async function restoreUploads(inst: Installation, dir: string, files: { name: string }[]) {
  let restored = 0
  for (const f of files) {
    const target = path.join(uploadsRoot(inst), f.name)
    if (existsSync(target)) continue
    await mkdir(path.dirname(target), { recursive: true })
    const from = path.join(dir, 'uploads', f.name)
    // A shared uploads volume is another file system, where rename cannot reach.
    await rename(from, target).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EXDEV') throw error
      return copyFile(from, target)
    })
    restored++
  }
  return restored
}

async function restoreSealKey(
  inst: Installation,
  dir: string,
  manifest: Manifest,
  stamp: string,
): Promise<RestoreReport['sealKey']> {
  const wanted = manifest.sealKey.fingerprint
  if (wanted === null) return { status: 'none', note: '备份时尚无报价密封密钥（没有密封过报价）' }
  if (manifest.sealKey.included && !inst.sealKeyFromEnv) {
    const file = sealKeyFile(inst)
    if (currentSealKey(inst).fingerprint === wanted)
      return { status: 'same', note: `报价密封密钥与备份时相同（${wanted}）` }
    const key = await readFile(path.join(dir, 'bid-seal.key'), 'utf8')
    if (existsSync(file)) await rename(file, `${file}.before-restore-${stamp}`)
    await writeFile(file, key, { mode: 0o600 })
    return { status: 'restored', note: `已恢复报价密封密钥 ${file}（${wanted}）` }
  }
  const current = currentSealKey(inst)
  if (current.fingerprint === wanted)
    return { status: 'same', note: `报价密封密钥与备份时相同（${wanted}）` }
  const hint = manifest.sealKey.included
    ? `备份中的密钥文件已保留在备份里；请去掉 BID_SEAL_KEY 或把它设为备份时的密钥`
    : `请把 BID_SEAL_KEY 设为备份时使用的密钥`
  return {
    status: 'different',
    note:
      `当前报价密封密钥（${current.fingerprint ?? '无'}）不是备份时的密钥（${wanted}）：` +
      `未开标的报价将无法解密。${hint}。`,
  }
}

/**
 * Row counts, the audit chain's head and whole length, and a file for every upload row. An
 * embedded backup is loaded here, by the same PGlite instance that then checks it.
 */
async function verify(inst: Installation, manifest: Manifest, pgliteTarball: string | null) {
  const handle = await openDatabase(
    inst.databaseUrl
      ? { url: inst.databaseUrl, poolSize: 2 }
      : {
          dataDir: pgliteDir(inst),
          loadDataDir: pgliteTarball
            ? new Blob([new Uint8Array(await readFile(pgliteTarball))])
            : undefined,
        },
  )
  try {
    const query: Query = async (text) =>
      ((await handle.db.execute(sql.raw(text))) as unknown as { rows: Record<string, unknown>[] })
        .rows
    const actual = await countRows(query)
    const tables = Object.entries(manifest.tables).map(([name, expected]) => ({
      name,
      expected,
      actual: actual[name] ?? null,
    }))
    const head = await auditHead(query)
    const chain = await verifyAuditChain(handle.db)
    const uploadRows = await query('select id from uploads order by id')
    const rowsWithoutFile = uploadRows
      .map((r) => String(r.id))
      .filter((id) => !existsSync(path.join(uploadsRoot(inst), id.slice(0, 2), id)))
    // The app would migrate at start anyway; done here, after the checks of what was restored.
    const before = (await migrationLevel(query)).applied
    await handle.migrate()
    const migrationsApplied = (await migrationLevel(query)).applied - before
    return {
      tables,
      auditHeadMatches: head.headHash === manifest.audit.headHash,
      chain,
      rowsWithoutFile,
      migrationsApplied,
    }
  } finally {
    await handle.close()
  }
}

/**
 * Restores a backup into the configured database and data directory, then checks it. A
 * database people have used is replaced only with `force`; an embedded one is moved aside.
 */
export async function restoreBackup(
  file: string,
  inst: Installation,
  options: { force?: boolean } = {},
): Promise<RestoreReport> {
  if (!existsSync(file)) throw new BackupError(`找不到备份文件：${file}`)
  await mkdir(inst.dataRoot, { recursive: true })
  const scratch = await mkdtemp(path.join(inst.dataRoot, '.restore-'))
  const stamp = fileStamp(new Date())
  try {
    await extractTarGz(path.resolve(file), scratch)
    const manifest = await readManifest(scratch)
    const uploads = await checkArchive(scratch, manifest, inst)
    const dump = path.join(scratch, manifest.database.file)
    const force = options.force ?? false
    const movedAside = inst.databaseUrl
      ? (await restoreServer(inst.databaseUrl, dump, force, manifest.database.tool), null)
      : await clearEmbedded(inst, force, stamp)
    const restored = await restoreUploads(inst, scratch, uploads)
    const sealKey = await restoreSealKey(inst, scratch, manifest, stamp)
    const checked = await verify(inst, manifest, inst.databaseUrl ? null : dump).catch(
      (error: Error) => {
        const kept = movedAside ? `原数据库保存在 ${movedAside}。` : ''
        throw new BackupError(`恢复后无法打开或校验数据库：${error.message}。${kept}`)
      },
    )
    const ok =
      checked.tables.every((t) => t.actual === t.expected) &&
      checked.auditHeadMatches &&
      checked.chain.problem === null &&
      checked.rowsWithoutFile.length === 0 &&
      sealKey.status !== 'different'
    return {
      manifest,
      movedAside,
      tables: checked.tables,
      auditHeadMatches: checked.auditHeadMatches,
      chain: checked.chain,
      uploads: { restored, rowsWithoutFile: checked.rowsWithoutFile },
      sealKey,
      migrationsApplied: checked.migrationsApplied,
      ok,
    }
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
}
