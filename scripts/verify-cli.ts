/**
 * The command-line shell the verifiers share: read a public record from the API or the
 * database, hand it to the verifier's own independent check, print its lines, set the exit
 * code. Exit 0: the record checks out; 1: it does not; 2: bad arguments or could not read.
 */
import type { Database } from '../models/db/client.ts'

const DEFAULT_URL = 'http://127.0.0.1:3000'

export interface Verifier {
  /** Printed on bad arguments. */
  usage: string
  /** The public API path of one record, e.g. `/api/v1/projects/`. */
  apiPath: string
  /** The same public read model the API serves. */
  readFromDatabase: (db: Database, id: string) => Promise<unknown>
  /** `ok: null`: nothing to check yet (no draw), which exits 1 as a failed check does. */
  check: (id: string, json: unknown) => { ok: boolean | null; lines: string[] }
  /** What could not be read, e.g. 抽取数据. */
  readError: string
}

function parseArgs(argv: string[]) {
  let url = DEFAULT_URL
  let db = false
  let id: string | undefined
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--db') db = true
    else if (arg === '--url') url = argv[++i] ?? ''
    else if (arg.startsWith('--url=')) url = arg.slice('--url='.length)
    else if (!arg.startsWith('--') && !id) id = arg
    else return null
  }
  return id && url ? { id, url, db } : null
}

async function fromApi(base: string, apiPath: string, id: string): Promise<unknown> {
  const address = new URL(`${apiPath}${encodeURIComponent(id)}`, base)
  console.log(`读取：${address.href}`)
  const response = await fetch(address, { headers: { accept: 'application/json' } })
  const body: unknown = await response.json().catch(() => null)
  if (!response.ok) {
    const error = (body as { error?: string } | null)?.error ?? response.statusText
    throw new Error(`HTTP ${response.status}：${error}`)
  }
  return body
}

/** Read straight from DATABASE_URL or DATA_DIR; imported late so `--url` never opens it. */
async function fromDatabase(verifier: Verifier, id: string): Promise<unknown> {
  const { openConfiguredDatabase } = await import('../models/db/client.ts')
  const handle = await openConfiguredDatabase()
  try {
    console.log(`读取：数据库（${handle.kind === 'postgres' ? 'DATABASE_URL' : 'DATA_DIR'}）`)
    // Through JSON, so the check sees exactly what the API would publish.
    return JSON.parse(JSON.stringify(await verifier.readFromDatabase(handle.db, id))) as unknown
  } finally {
    await handle.close()
  }
}

export async function runVerifier(verifier: Verifier, argv = process.argv.slice(2)) {
  const args = parseArgs(argv)
  if (!args) {
    console.error(verifier.usage)
    process.exitCode = 2
    return
  }
  try {
    const json = args.db
      ? await fromDatabase(verifier, args.id)
      : await fromApi(args.url, verifier.apiPath, args.id)
    const report = verifier.check(args.id, json)
    for (const line of report.lines) console.log(line)
    process.exitCode = report.ok ? 0 : 1
  } catch (error) {
    console.error(`无法读取${verifier.readError}：`, error instanceof Error ? error.message : error)
    process.exitCode = 2
  }
}
