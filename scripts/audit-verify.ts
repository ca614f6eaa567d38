/**
 * Checks the audit log's hash chain end to end.
 * Exit 0: whole; 1: a record was altered or removed (the first one is named); 2: could not check.
 *
 *   tsx scripts/audit-verify.ts
 */
import { countAuditEvents, verifyAuditChain } from '../models/audit.ts'
import { describeChainReport, describeVerifyProgress } from '../models/audit-report.ts'
import { openCommandDatabase } from './command-database.ts'

try {
  const handle = await openCommandDatabase()
  try {
    await handle.migrate()
    const total = await countAuditEvents(handle.db)
    // Progress after each batch still to come; a short chain is checked in one.
    const report = await verifyAuditChain(handle.db, (checked) => {
      if (checked < total) process.stderr.write(`${describeVerifyProgress(checked, total)}\n`)
    })
    const message = describeChainReport(report)
    if (report.problem) {
      console.error(message)
      process.exitCode = 1
    } else {
      console.log(message)
    }
  } finally {
    await handle.close()
  }
} catch (error) {
  console.error('无法完成审计日志校验：', error)
  process.exitCode = 2
}
