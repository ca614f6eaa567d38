/**
 * Bids at the deadline, over HTTP against the production build on PostgreSQL: 500 agencies
 * send 2,000 bids and revisions in the last 10 seconds before a lowest-price project's
 * deadline, and 200 more attempts in the 2 seconds after it. Then the project is opened and
 * every acknowledged receipt is checked against the bids opened. Prints acknowledged,
 * stored, late_accepted, lost and submit latency; the last line is one JSON object. Exits
 * non-zero unless late_accepted = 0 and lost = 0.
 *
 *   npm run bench:bids                       # drops and recreates zjcs_bench_bids, starts the server
 *   npm run bench:bids -- --url http://127.0.0.1:3000   # a running server on DATABASE_URL
 *
 * Options: --agencies 500 --submissions 2000 --after 200 --window 10 --concurrency 64 --lead 15
 *   --via data (POST …/bid.data, as the Remix client with JavaScript) | html (the plain form)
 */
import { randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import { eq, sql } from 'drizzle-orm'
import { verifyAuditChain } from '../models/audit.ts'
import { openDatabase } from '../models/db/client.ts'
import { projects } from '../models/db/schema-procedures.ts'
import { serviceItems } from '../models/db/schema.ts'
import { runProcedureClock } from '../models/project-scheduler.ts'
import { listOpenedBids } from '../models/project-queries.ts'
import { loadCatalogue } from '../seed/catalogue.ts'
import { openMyBids, type Via } from './bench/bid-http.ts'
import { planLoad, runLoad } from './bench/bid-load.ts'
import { type RunningServer, ensureBuild, startServer } from './bench/bid-server.ts'
import {
  BUDGET_CAP_FEN,
  createBenchWorld,
  measureClockOffset,
  publishBenchProject,
  recreateDatabase,
} from './bench/bid-setup.ts'
import { judge } from './bench/bid-verdict.ts'

const { values: args } = parseArgs({
  options: {
    url: { type: 'string' },
    agencies: { type: 'string', default: '500' },
    submissions: { type: 'string', default: '2000' },
    after: { type: 'string', default: '200' },
    window: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '64' },
    lead: { type: 'string', default: '15' },
    via: { type: 'string', default: 'data' },
  },
})
const n = (name: keyof typeof args) => Number(args[name])
if (args.via !== 'data' && args.via !== 'html') throw new Error('--via 只能是 data 或 html')
const via: Via = args.via
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/zjcs_bench_bids'
// Our own server gets this key. A server given by --url has its own: the bench can open
// the project itself only if BID_SEAL_KEY names that key.
const canOpen = !args.url || process.env.BID_SEAL_KEY != null
process.env.BID_SEAL_KEY ??= randomBytes(32).toString('hex')

const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`
const log = (line: string) => console.error(line)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

if (!args.url) await recreateDatabase(databaseUrl)
const handle = await openDatabase({ url: databaseUrl, poolSize: 4 })
let server: RunningServer | null = null
const stopServer = async () => {
  await server?.stop()
  server = null
}
process.once('SIGINT', () => void stopServer().finally(() => process.exit(130)))

try {
  const db = handle.db
  await handle.migrate()
  const hasCatalogue = await db
    .select({ one: sql`1` })
    .from(serviceItems)
    .limit(1)
  if (hasCatalogue.length === 0) await loadCatalogue(db)

  let t = Date.now()
  const world = await createBenchWorld(db, n('agencies'))
  log(`准备 ${world.bidders.length} 家中介机构及其会话：${seconds(t)}`)

  if (args.url) server = { url: args.url.replace(/\/$/, ''), pid: null, stop: async () => {} }
  else {
    t = Date.now()
    ensureBuild()
    server = await startServer({
      DATABASE_URL: databaseUrl,
      BID_SEAL_KEY: process.env.BID_SEAL_KEY,
    })
    log(`服务器已启动 ${server.url}：${seconds(t)}`)
  }
  const baseUrl = server.url

  // Warm-up, and a check that the sessions are taken: /my/bids needs a signed-in agency.
  const statuses: number[] = []
  await Promise.all(
    Array.from({ length: 8 }, async (_, lane) => {
      for (let i = lane; i < Math.min(80, world.bidders.length); i += 8)
        statuses.push(await openMyBids(baseUrl, world.bidders[i]!.sessionCookie))
    }),
  )
  const refusedPages = statuses.filter((status) => status !== 200)
  if (refusedPages.length > 0)
    throw new Error(
      `「我的报价」页未对 ${refusedPages.length} 家机构打开（状态 ${refusedPages[0]}）`,
    )

  const deadline = new Date(Math.ceil((Date.now() + n('lead') * 1000) / 1000) * 1000)
  const projectId = await publishBenchProject(db, world.buyer, deadline)
  const clock = await measureClockOffset(db)
  const deadlineLocal = deadline.getTime() - clock.offset
  log(
    `项目 ${projectId} 截止 ${deadline.toISOString()}（平台时钟偏差 ${clock.offset.toFixed(1)}±${clock.uncertainty.toFixed(1)} ms）`,
  )
  const clientOf = (i: number) => ({
    via,
    baseUrl,
    projectId,
    agencyId: world.bidders[i]!.agencyId,
    sessionCookie: world.bidders[i]!.sessionCookie,
  })

  const windowMs = n('window') * 1000
  if (Date.now() > deadlineLocal - windowMs)
    log(`注意：准备耗时过长，压测窗口已开始 ${Date.now() - (deadlineLocal - windowMs)} ms`)
  const plan = planLoad({
    agencies: world.bidders.length,
    submissions: n('submissions'),
    afterDeadline: n('after'),
    deadline: deadlineLocal,
    windowMs,
    afterMs: 2000,
    minFen: BUDGET_CAP_FEN * 0.4,
    maxFen: BUDGET_CAP_FEN * 0.96,
  })
  log(
    `发送：截止前 ${windowMs / 1000} 秒内 ${n('submissions')} 份，截止后 2 秒内 ${n('after')} 份，并发 ${n('concurrency')}`,
  )
  const results = await runLoad(plan, clientOf, n('concurrency'))

  // The server's procedure clock opens the project within its 10-second tick; if it has not
  // after 25 s (or a server given by --url runs none), the bench runs one pass itself.
  t = Date.now()
  let openedBy = 'scheduler'
  const openedAt = async () =>
    (await db.select().from(projects).where(eq(projects.id, projectId)))[0]!
  let project = await openedAt()
  while (!project.openedAt && Date.now() - t < (canOpen ? 25_000 : 70_000)) {
    await sleep(500)
    project = await openedAt()
  }
  if (!project.openedAt && canOpen) {
    openedBy = 'bench'
    await runProcedureClock(db)
    project = await openedAt()
  }
  if (!project.openedAt) throw new Error(`项目截止后未开标（状态 ${project.status}）`)
  const opened = (await listOpenedBids(db, project))!
  const audit = await verifyAuditChain(db)

  const verdict = judge({
    projectId,
    deadline: deadline.getTime(),
    clock,
    results,
    opened: opened.map((b) => ({ ...b, priceFen: b.priceFen == null ? null : Number(b.priceFen) })),
  })
  const v = verdict
  const lines = [
    `attempts         ${v.attempts}（截止前计划 ${v.attemptsBefore}，截止后 ${v.attemptsAfter}）`,
    `acknowledged     ${v.acknowledged}（${v.agenciesAcknowledged} 家机构）`,
    `refused          ${v.refused} ${JSON.stringify(v.refusedBy)}；因服务器积压而在截止后才发出 ${v.sentLate}`,
    `stored           ${v.stored}（开标时无效 ${JSON.stringify(v.invalidAtOpening)}；无回执而存储 ${v.storedWithoutAck}）`,
    `late_accepted    ${v.lateAccepted}`,
    `lost             ${v.lost}（同版本冲突 ${v.revisionConflicts}，回执自洽失败 ${v.receiptsInconsistent}，最终回执核对一致 ${v.receiptsVerified}）`,
    `submit latency   p50 ${v.latencyAcknowledged.p50} ms  p99 ${v.latencyAcknowledged.p99} ms（已确认）；全部 p50 ${v.latencyAll.p50} ms  p99 ${v.latencyAll.p99} ms；${v.throughput} 次/秒`,
    `opening          ${openedBy === 'scheduler' ? '定时任务' : '压测脚本'}于截止后 ${((project.openedAt.getTime() - deadline.getTime()) / 1000).toFixed(1)} s 开标；最后一份确认报价早于截止 ${v.lastAckBeforeDeadlineMs} ms；审计链 ${audit.problem ? `第 ${audit.problem.seq} 行断裂` : `${audit.checked} 行完整`}`,
  ]
  for (const line of lines) console.log(line)
  const ok = v.lateAccepted === 0 && v.lost === 0 && v.revisionConflicts === 0 && !audit.problem
  console.log(
    JSON.stringify({
      database: 'postgres',
      via,
      ok,
      agencies: world.bidders.length,
      attempts: v.attempts,
      acknowledged: v.acknowledged,
      refused: v.refusedBy,
      sent_late: v.sentLate,
      stored: v.stored,
      late_accepted: v.lateAccepted,
      lost: v.lost,
      revision_conflicts: v.revisionConflicts,
      receipts_verified: v.receiptsVerified,
      latency_ms: { p50: v.latencyAcknowledged.p50, p99: v.latencyAcknowledged.p99 },
      latency_all_ms: { p50: v.latencyAll.p50, p99: v.latencyAll.p99 },
      throughput: v.throughput,
      opened_by: openedBy,
      audit_chain_ok: !audit.problem,
      examples: v.examples,
    }),
  )
  if (!ok) process.exitCode = 1
} finally {
  await stopServer()
  await handle.close()
}
