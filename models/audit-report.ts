import type { ChainReport } from './audit.ts'

/** One line for people: whether the audit log's hash chain is whole, or where it first breaks. */
export function describeChainReport(report: ChainReport): string {
  const { checked, problem } = report
  if (!problem) return `审计日志完整：共 ${checked} 条记录，哈希链校验通过`
  return `审计日志异常：第 seq=${problem.seq} 条记录：${problem.reason}（此前 ${checked} 条记录校验通过）`
}

/** Progress of a long verification, e.g. "已校验 5000 / 120000 条记录（4%）". */
export function describeVerifyProgress(checked: number, total: number): string {
  if (total <= 0 || checked > total) return `已校验 ${checked} 条记录…`
  return `已校验 ${checked} / ${total} 条记录（${Math.floor((checked / total) * 100)}%）…`
}
