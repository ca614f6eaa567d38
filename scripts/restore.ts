/**
 * Restores a backup made by `npm run backup` into the configured database (DATABASE_URL, or
 * the embedded PGlite under DATA_DIR) and data directory, then checks it: row counts against
 * the manifest, the audit chain's head and whole hash chain, a file for every upload, and the
 * bid-seal key. A database that holds accounts, organisations or audit events is replaced
 * only with --force (an embedded one is moved aside, not deleted).
 * Exit 0: restored and checked; 1: refused, failed, or a check failed; 2: bad arguments.
 *
 *   npm run restore -- FILE [--force]
 */
import { parseArgs } from 'node:util'
import { describeChainReport } from '../models/audit-report.ts'
import { BackupError } from './backup/archive.ts'
import { configuredInstallation } from './backup/installation.ts'
import { restoreBackup } from './backup/restore.ts'

const usage = '用法：npm run restore -- 备份文件.tar.gz [--force]'

let file: string | undefined
let force = false
try {
  const parsed = parseArgs({ options: { force: { type: 'boolean' } }, allowPositionals: true })
  if (parsed.positionals.length !== 1) throw new Error(usage)
  file = parsed.positionals[0]
  force = parsed.values.force ?? false
} catch {
  console.error(usage)
  process.exit(2)
}

try {
  const report = await restoreBackup(file!, configuredInstallation(), { force })
  const { manifest } = report
  const wrong = report.tables.filter((t) => t.actual !== t.expected)
  const lines = [
    `已恢复 ${manifest.createdAt} 的备份（${manifest.database.kind === 'pglite' ? '内置 PGlite' : 'PostgreSQL'}，迁移 ${manifest.migrations.latest ?? '无'}）`,
    ...(report.movedAside ? [`  原内置数据库已移至 ${report.movedAside}（确认无误后可删除）`] : []),
    wrong.length === 0
      ? `  行数：${report.tables.length} 张表与清单一致`
      : `  行数不一致：${wrong.map((t) => `${t.name} 应为 ${t.expected}，实为 ${t.actual ?? '缺表'}`).join('；')}`,
    report.auditHeadMatches ? '  审计链末条哈希与备份时一致' : '  审计链末条哈希与备份时不一致',
    `  ${describeChainReport(report.chain)}`,
    report.uploads.rowsWithoutFile.length === 0
      ? `  上传文件：放回 ${report.uploads.restored} 个，每条上传记录都有其文件`
      : `  上传文件缺失：${report.uploads.rowsWithoutFile.length} 条记录找不到文件，如 ${report.uploads.rowsWithoutFile[0]}`,
    `  ${report.sealKey.note}`,
    ...(report.migrationsApplied > 0
      ? [`  之后应用了 ${report.migrationsApplied} 个较新的迁移`]
      : []),
    report.ok ? '恢复完成，校验全部通过。' : '恢复完成，但校验未通过（见上）。',
  ]
  console[report.ok ? 'log' : 'error'](lines.join('\n'))
  if (!report.ok) process.exitCode = 1
} catch (error) {
  console.error(error instanceof BackupError ? error.message : error)
  process.exitCode = 1
}
