/**
 * Page throughput over HTTP: the production build on PostgreSQL with the 100,000-agency seed,
 * driven by autocannon (in this process) page by page: home, the agency directory with a
 * filter, a search, an item page, an agency profile, a project page and /bench/bare — a
 * constant page through the same root layout, the framework's ceiling on this machine.
 * Each run follows --warmup seconds of the same load that are not counted: 20 sequential
 * requests leave the JIT cold, and the first seconds under load ran at a third of the rate.
 * Each page is run --runs times (rounds over all pages, to spread the machine's noise), with
 * the bare page measured again after every two pages: req/s, p50 and p99 of its best run,
 * non-2xx over all runs, and its share of the bare page's req/s (median over the rounds of
 * its req/s over the bare runs just before and after it). The last line is one JSON object.
 * Exits non-zero if any response is not 2xx, or a run got no answer at all.
 *
 *   npm run bench:http                  # DATABASE_URL, else …/zjcs_bench100k (seeded if empty)
 *   npm run bench:http -- --url http://127.0.0.1:3000   # a running server on the same database
 *
 * Options: --duration 10 (seconds a run) --warmup 3 (seconds before it, 0 for none)
 * --connections 50 --runs 2 --only home,search,…
 * --workers 2 (WEB_CONCURRENCY of the server it starts: one process per core)
 * A server given by --url must run with ENABLE_BENCH_ROUTE=1 for the bare page.
 */
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { bidSealKey } from '../models/bid-sealing.ts'
import { openDatabase } from '../models/db/client.ts'
import {
  ensureSeededDatabase,
  isBenchDatabase,
  pickSamples,
  publishBenchProject,
} from './bench/http-setup.ts'
import { measure, type Page, type PageRun, warm } from './bench/http-run.ts'
import { type RunningServer, ensureBuild, startServer } from './bench/bid-server.ts'
import { canReadProc, sampleCpu } from './bench/process-cpu.ts'

const { values: args } = parseArgs({
  options: {
    url: { type: 'string' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
    runs: { type: 'string', default: '2' },
    workers: { type: 'string', default: '1' },
    only: { type: 'string' },
  },
})
const duration = Number(args.duration)
const warmup = Number(args.warmup)
const connections = Number(args.connections)
const runs = Number(args.runs)
const workers = Number(args.workers)
for (const [name, value] of Object.entries({ duration, connections, runs, workers }))
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} 应为正整数`)
if (!Number.isInteger(warmup) || warmup < 0) throw new Error('--warmup 应为非负整数')

const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/zjcs_bench100k'
const log = (line: string) => console.error(line)

/** The goals of issue #9. */
const P99_GOAL_MS = 100
const SHARE_GOAL = 0.4
/** The bare page is measured again after every this many pages. */
const PAGES_PER_BARE = 2

const handle = await openDatabase({ url: databaseUrl, poolSize: 2 })
let server: RunningServer | null = null
const stopServer = async () => {
  await server?.stop()
  server = null
}
process.once('SIGINT', () => void stopServer().finally(() => process.exit(130)))

try {
  // A server given by --url owns its database: it is read as it is, never migrated or seeded.
  const db = args.url ? handle.db : await ensureSeededDatabase(databaseUrl, handle)
  const samples = await pickSamples(db)
  if (!samples.projectId) {
    // Only a bench database gets a project it did not have.
    if (!isBenchDatabase(databaseUrl))
      throw new Error(
        '数据库中没有已发布的项目（bench:http 只在 zjcs_bench… 数据库中自行发布压测项目）',
      )
    samples.projectId = await publishBenchProject(db, samples.itemCode)
    log(`数据库中没有已发布的项目：已发布压测项目 ${samples.projectId}`)
  }
  const pages: Page[] = [
    { name: 'bare', path: '/bench/bare' },
    { name: 'home', path: '/' },
    { name: 'agencies', path: `/agencies?item=${samples.itemCode}&city=${samples.cityCode}` },
    { name: 'search', path: `/search?q=${encodeURIComponent('环评')}` },
    { name: 'item', path: `/items/${samples.itemCode}` },
    { name: 'agency', path: `/agencies/${samples.agencyId}` },
    { name: 'project', path: `/projects/${samples.projectId}` },
  ]
  const only = args.only?.split(',')
  const chosen = pages.filter((p) => !only || p.name === 'bare' || only.includes(p.name))

  if (args.url) server = { url: args.url.replace(/\/$/, ''), pid: null, stop: async () => {} }
  else {
    ensureBuild()
    server = await startServer({
      DATABASE_URL: databaseUrl,
      ENABLE_BENCH_ROUTE: '1',
      WEB_CONCURRENCY: String(workers),
      // Pages have no rate limit; this one (API, feeds, CSV) is lifted all the same.
      API_RATE_LIMIT_PER_MINUTE: '0',
      // No procedure clock: the bench only reads, and the clock's ticks would be noise.
      PROCEDURE_CLOCK: '0',
      // A production server needs the key; the seed sealed its bids with this one (data/).
      BID_SEAL_KEY: process.env.BID_SEAL_KEY ?? bidSealKey().toString('hex'),
    })
  }
  const baseUrl = server.url
  // CPU per request: only for a server this bench started, with PostgreSQL on this machine.
  const serverPid = server.pid
  const localPostgres = ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(databaseUrl).hostname)
  const cpuSampler =
    serverPid && localPostgres && canReadProc() ? () => sampleCpu(serverPid) : undefined
  log(
    `服务器 ${baseUrl}${args.url ? '' : `（${workers} 个工作进程）`}；${connections} 个连接，每次先预热 ${warmup} 秒再计 ${duration} 秒，每页 ${runs} 次`,
  )

  for (const page of chosen) await warm(baseUrl, page)
  const [bare, ...others] = chosen as [Page, ...Page[]]
  const runsOf = new Map<string, PageRun[]>(chosen.map((p) => [p.name, []]))
  const sharesOf = new Map<string, number[]>(others.map((p) => [p.name, []]))
  const run = async (page: Page, round: number) => {
    const result = await measure(baseUrl, page, {
      connections,
      duration,
      warmup,
      sampleCpu: cpuSampler,
    })
    runsOf.get(page.name)!.push(result)
    const cpu = result.cpuMs ? `  CPU ${result.cpuMs.server}+${result.cpuMs.postgres} ms/次` : ''
    log(
      `第 ${round} 轮 ${page.name.padEnd(9)} ${String(result.rps).padStart(7)} 次/秒  p50 ${result.p50} ms  p99 ${result.p99} ms  非2xx ${result.non2xx}  错误 ${result.errors}  负载 ${result.load}${cpu}`,
    )
    return result
  }
  // The machine's load drifts: the bare page is measured between every two pages, and each
  // page's share is taken against the bare runs just before and after it.
  for (let round = 1; round <= runs; round++) {
    let before = await run(bare, round)
    for (let i = 0; i < others.length; i += PAGES_PER_BARE) {
      const group = others.slice(i, i + PAGES_PER_BARE)
      const results: PageRun[] = []
      for (const page of group) results.push(await run(page, round))
      const after = await run(bare, round)
      const bareRps = (before.rps + after.rps) / 2
      group.forEach((page, k) => sharesOf.get(page.name)!.push(results[k]!.rps / bareRps))
      before = after
    }
  }

  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b)
    const mid = sorted.length / 2
    return sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2
  }
  const rows = chosen.map((page) => {
    const all = runsOf.get(page.name)!
    const best = all.reduce((a, b) => (b.rps > a.rps ? b : a))
    const shares = sharesOf.get(page.name) ?? [1]
    const cpuRuns = all.flatMap((r) => (r.cpuMs ? [r.cpuMs] : []))
    const cpuMs =
      cpuRuns.length > 0
        ? {
            server: Math.round(median(cpuRuns.map((c) => c.server)) * 100) / 100,
            postgres: Math.round(median(cpuRuns.map((c) => c.postgres)) * 100) / 100,
          }
        : null
    return {
      ...best,
      cpuMs,
      non2xx: all.reduce((n, r) => n + r.non2xx, 0),
      errors: all.reduce((n, r) => n + r.errors, 0),
      share: Math.round(median(shares) * 1000) / 1000,
      runs: all.map((r) => ({ rps: r.rps, p50: r.p50, p99: r.p99, load: r.load, cpuMs: r.cpuMs })),
    }
  })
  const pct = (share: number) => `${(share * 100).toFixed(0)}%`
  console.log(
    `${'page'.padEnd(10)}${'req/s'.padStart(9)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'non-2xx'.padStart(9)}${'of bare'.padStart(9)}${'load'.padStart(7)}${'CPU ms'.padStart(13)}  path`,
  )
  for (const r of rows)
    console.log(
      `${r.page.padEnd(10)}${String(r.rps).padStart(9)}${String(r.p50).padStart(9)}${String(r.p99).padStart(9)}${String(r.non2xx).padStart(9)}${pct(r.share).padStart(9)}${String(r.load).padStart(7)}${(r.cpuMs ? `${r.cpuMs.server}+${r.cpuMs.postgres}` : '—').padStart(13)}  ${r.path}`,
    )
  console.log(
    '（req/s、p50、p99 取各页最好的一次；占比为与前后两次基准页平均值之比的中位数；负载为该次结束时的一分钟平均负载；CPU 为每次请求所用的服务器+PostgreSQL CPU 毫秒数（各次的中位数，读自 /proc））',
  )
  // No answer at all within a run is a failure too: every request took longer than the run.
  const failed = rows.filter((r) => r.non2xx > 0 || r.errors > 0 || r.runs.some((x) => x.rps === 0))
  const pagesOnly = rows.filter((r) => r.page !== 'bare')
  const goals = {
    p99_under_100ms: rows.every((r) => r.p99 < P99_GOAL_MS),
    share_at_least_40pct: pagesOnly.every((r) => r.share >= SHARE_GOAL),
  }
  console.log(
    `目标：p99 < ${P99_GOAL_MS} ms ${goals.p99_under_100ms ? '达到' : '未达到'}；各页 ≥ 基准页的 ${pct(SHARE_GOAL)} ${goals.share_at_least_40pct ? '达到' : '未达到'}（一分钟负载 ${loadavg()[0]!.toFixed(2)}）`,
  )
  if (failed.length > 0)
    console.error(
      `失败：${failed.map((r) => `${r.page} 非2xx ${r.non2xx}、连接错误 ${r.errors}`).join('；')}`,
    )
  console.log(
    JSON.stringify({
      database: 'postgres',
      connections,
      workers: args.url ? null : workers,
      duration_s: duration,
      warmup_s: warmup,
      runs,
      ok: failed.length === 0,
      goals,
      pages: rows,
    }),
  )
  if (failed.length > 0) process.exitCode = 1
} finally {
  await stopServer()
  await handle.close()
}
