/**
 * Recomputes a 双随机 inspection draw from its public record with an independent
 * implementation (scripts/verify-inspection-core.ts; the steps: docs/inspections.md).
 *
 *   npm run verify-inspection -- <planId> [--url http://127.0.0.1:3000]   the public API
 *   npm run verify-inspection -- <planId> --db                            this machine's database
 *
 * Exit 0: the draw checks out; 1: it does not, or there is no draw yet; 2: could not read.
 */
import { reportInspection } from './verify-inspection-core.ts'

const DEFAULT_URL = 'http://127.0.0.1:3000'
const USAGE =
  '用法：npm run verify-inspection -- <抽查计划编号> [--url http://127.0.0.1:3000 | --db]'

function parseArgs(argv: string[]) {
  let url = DEFAULT_URL
  let db = false
  let planId: string | undefined
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--db') db = true
    else if (arg === '--url') url = argv[++i] ?? ''
    else if (arg.startsWith('--url=')) url = arg.slice('--url='.length)
    else if (!arg.startsWith('--') && !planId) planId = arg
    else return null
  }
  return planId && url ? { planId, url, db } : null
}

async function fromApi(base: string, planId: string): Promise<unknown> {
  const address = new URL(`/api/v1/inspections/${encodeURIComponent(planId)}`, base)
  console.log(`读取：${address.href}`)
  const response = await fetch(address, { headers: { accept: 'application/json' } })
  const body: unknown = await response.json().catch(() => null)
  if (!response.ok) {
    const error = (body as { error?: string } | null)?.error ?? response.statusText
    throw new Error(`HTTP ${response.status}：${error}`)
  }
  return body
}

/** The same public record the API serves, read straight from DATABASE_URL or DATA_DIR. */
async function fromDatabase(planId: string): Promise<unknown> {
  const [{ openConfiguredDatabase }, { getPublicPlanRecord }] = await Promise.all([
    import('../models/db/client.ts'),
    import('../models/inspections-queries.ts'),
  ])
  const handle = await openConfiguredDatabase()
  try {
    console.log(`读取：数据库（${handle.kind === 'postgres' ? 'DATABASE_URL' : 'DATA_DIR'}）`)
    return JSON.parse(JSON.stringify(await getPublicPlanRecord(handle.db, planId))) as unknown
  } finally {
    await handle.close()
  }
}

const args = parseArgs(process.argv.slice(2))
if (!args) {
  console.error(USAGE)
  process.exitCode = 2
} else {
  try {
    const json = args.db ? await fromDatabase(args.planId) : await fromApi(args.url, args.planId)
    const report = reportInspection(args.planId, json)
    for (const line of report.lines) console.log(line)
    process.exitCode = report.ok ? 0 : 1
  } catch (error) {
    console.error('无法读取抽查数据：', error instanceof Error ? error.message : error)
    process.exitCode = 2
  }
}
