/**
 * Recomputes a random draw (随机抽取) from its public record with an independent
 * implementation (scripts/verify-draw-core.ts; algorithm: docs/draw-algorithm.md).
 *
 *   npm run verify-draw -- <projectId> [--url http://127.0.0.1:3000]   the public API
 *   npm run verify-draw -- <projectId> --db                            this machine's database
 *
 * Exit 0: the draw checks out; 1: it does not, or there is no draw to check; 2: could not read.
 */
import { reportDraw } from './verify-draw-report.ts'

const DEFAULT_URL = 'http://127.0.0.1:3000'
const USAGE = '用法：npm run verify-draw -- <项目编号> [--url http://127.0.0.1:3000 | --db]'

function parseArgs(argv: string[]) {
  let url = DEFAULT_URL
  let db = false
  let projectId: string | undefined
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--db') db = true
    else if (arg === '--url') url = argv[++i] ?? ''
    else if (arg.startsWith('--url=')) url = arg.slice('--url='.length)
    else if (!arg.startsWith('--') && !projectId) projectId = arg
    else return null
  }
  return projectId && url ? { projectId, url, db } : null
}

async function fromApi(base: string, projectId: string): Promise<unknown> {
  const address = new URL(`/api/v1/projects/${encodeURIComponent(projectId)}`, base)
  console.log(`读取：${address.href}`)
  const response = await fetch(address, { headers: { accept: 'application/json' } })
  const body: unknown = await response.json().catch(() => null)
  if (!response.ok) {
    const error = (body as { error?: string } | null)?.error ?? response.statusText
    throw new Error(`HTTP ${response.status}：${error}`)
  }
  return body
}

/** The same public read model the API serves, read straight from DATABASE_URL or DATA_DIR. */
async function fromDatabase(projectId: string): Promise<unknown> {
  const [{ openConfiguredDatabase }, { getPublicProject }] = await Promise.all([
    import('../models/db/client.ts'),
    import('../models/project-public.ts'),
  ])
  const handle = await openConfiguredDatabase()
  try {
    console.log(`读取：数据库（${handle.kind === 'postgres' ? 'DATABASE_URL' : 'DATA_DIR'}）`)
    // Through JSON, so the check sees exactly what the API would publish.
    return JSON.parse(JSON.stringify(await getPublicProject(handle.db, projectId))) as unknown
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
    const json = args.db
      ? await fromDatabase(args.projectId)
      : await fromApi(args.url, args.projectId)
    const report = reportDraw(args.projectId, json)
    for (const line of report.lines) console.log(line)
    process.exitCode = report.ok ? 0 : 1
  } catch (error) {
    console.error('无法读取抽取数据：', error instanceof Error ? error.message : error)
    process.exitCode = 2
  }
}
