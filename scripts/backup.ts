/**
 * Backs up the configured installation into one .tar.gz: the database (pg_dump custom format
 * with DATABASE_URL, else the embedded PGlite data directory), the uploaded files, the
 * generated bid-seal key on the embedded set-up, and manifest.json (time, database kind,
 * migration level, row counts, audit chain head). The embedded database must not be in use:
 * stop the server first. PostgreSQL is backed up live, in one snapshot.
 * Exit 0: written; 1: refused or failed; 2: bad arguments.
 *
 *   npm run backup [-- --out FILE]       # default backups/zjcs-<kind>-<UTC time>.tar.gz
 */
import { parseArgs } from 'node:util'
import { BackupError } from './backup/archive.ts'
import { createBackup } from './backup/create.ts'
import { configuredInstallation } from './backup/installation.ts'

const usage = '用法：npm run backup [-- --out 文件.tar.gz]'

let out: string | undefined
try {
  out = parseArgs({ options: { out: { type: 'string' } } }).values.out
} catch {
  console.error(usage)
  process.exit(2)
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`

try {
  const started = Date.now()
  const { file, manifest } = await createBackup(configuredInstallation(), { out })
  const rows = Object.values(manifest.tables).reduce((sum, n) => sum + n, 0)
  const key = manifest.sealKey
  console.log(
    [
      `备份完成：${file}`,
      `  数据库：${manifest.database.kind === 'pglite' ? '内置 PGlite' : 'PostgreSQL'} ` +
        `${manifest.database.serverVersion}（${manifest.database.tool}，${mb(manifest.database.bytes)}）`,
      `  迁移：${manifest.migrations.applied} 个，最新 ${manifest.migrations.latest ?? '无'}`,
      `  数据：${Object.keys(manifest.tables).length} 张表共 ${rows} 行；审计记录 ${manifest.audit.events} 条`,
      `  上传文件：${manifest.uploads.files} 个（${mb(manifest.uploads.bytes)}）`,
      key.included
        ? `  报价密封密钥：已包含（${key.fingerprint}）——请像保管 data/ 一样保管此备份`
        : key.fingerprint
          ? `  报价密封密钥：来自 BID_SEAL_KEY，未包含（${key.fingerprint}），恢复时需要同一密钥`
          : '  报价密封密钥：无',
      `  用时 ${((Date.now() - started) / 1000).toFixed(1)} s`,
    ].join('\n'),
  )
} catch (error) {
  console.error(error instanceof BackupError ? error.message : error)
  process.exitCode = 1
}
