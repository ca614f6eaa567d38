/**
 * Crash safety of bids: agencies sign in and post bids over HTTP to the production server;
 * 1–3 s after the first receipt of the load the server is killed with SIGKILL (its whole process group) and
 * restarted, a few rounds running. Then, through the database: every acknowledged bid is
 * stored with its price (it unseals to the price and salt of the receipt), no half-written
 * rows (bid without its audit event or the reverse), and the audit chain is whole
 * (`npm run audit:verify` is run too). Prints the figures; the last line is one JSON object.
 * Exits non-zero on any loss or half-written row.
 *
 *   npm run crash:bids                 # PostgreSQL: a fresh database on DATABASE_URL's server
 *   npm run crash:bids -- --pglite     # embedded PGlite in a fresh data directory
 *
 * Options: --agencies 24 (at most 30: sign-in is limited per address) --rounds 3
 *   --via html (the plain form) | data (as the Remix client with JavaScript)
 *   --build (build even if build/ exists) --keep (keep the database or directory)
 */
import { spawnSync } from 'node:child_process'
import { randomBytes, randomInt } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { eq } from 'drizzle-orm'
import { verifyAuditChain } from '../models/audit.ts'
import { openDatabase, type OpenOptions } from '../models/db/client.ts'
import { bids } from '../models/db/schema-procedures.ts'
import { AgencyBrowser, type BidOutcome, type Receipt, type Via } from './crash/agency-client.ts'
import { checkStoredBids } from './crash/check.ts'
import { freePort } from './bench/bid-server.ts'
import { ensureBuild, productionServer, snapshotApp } from './crash/server.ts'
import { BUDGET_CAP_FEN, createCrashWorld, createScratchDatabase } from './crash/world.ts'

const { values: args } = parseArgs({
  options: {
    pglite: { type: 'boolean', default: false },
    agencies: { type: 'string', default: '24' },
    rounds: { type: 'string', default: '3' },
    via: { type: 'string', default: 'html' },
    build: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
})
const agencyCount = Number(args.agencies)
const rounds = Number(args.rounds)
if (!(agencyCount >= 1 && agencyCount <= 30))
  throw new Error('--agencies 须在 1–30 之间：同一地址 15 分钟内最多登录 30 次')
if (!(rounds >= 1)) throw new Error('--rounds 至少为 1')
if (args.via !== 'html' && args.via !== 'data') throw new Error('--via 只能是 html 或 data')
const via: Via = args.via
const database = args.pglite ? 'pglite' : 'postgres'

const log = (line: string) => console.error(line)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const sealKey = randomBytes(32).toString('hex')
// The server seals with this key; this process unseals with it to check the prices.
process.env.BID_SEAL_KEY = sealKey

ensureBuild(args.build, log)
const app = await snapshotApp()
let cleanup = async () => app.remove()
let open: OpenOptions
let serverEnv: Record<string, string | undefined>
if (database === 'postgres') {
  const scratch = await createScratchDatabase(
    process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  )
  log(`数据库：PostgreSQL ${scratch.name}（用后删除）`)
  open = { url: scratch.url, poolSize: 4 }
  serverEnv = { DATABASE_URL: scratch.url, BID_SEAL_KEY: sealKey }
  if (!args.keep) cleanup = async () => (await scratch.drop(), app.remove())
} else {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'zjcs-crash-'))
  log(`数据库：PGlite ${dataDir}/pglite（用后删除）`)
  open = { dataDir: path.join(dataDir, 'pglite') }
  serverEnv = { DATABASE_URL: undefined, DATA_DIR: dataDir, BID_SEAL_KEY: sealKey }
  if (!args.keep)
    cleanup = async () => (rmSync(dataDir, { recursive: true, force: true }), app.remove())
}

const server = productionServer(app.root, serverEnv, await freePort(), (line) =>
  log(`[server] ${line}`),
)
process.once(
  'SIGINT',
  () =>
    void server
      .kill()
      .then(() => cleanup())
      .finally(() => process.exit(130)),
)

try {
  let t = Date.now()
  const setup = await openDatabase(open)
  const world = await setup.migrate().then(() => createCrashWorld(setup.db, agencyCount))
  await setup.close()
  log(`准备 ${agencyCount} 家中介机构和项目 ${world.projectId}：${Date.now() - t} ms`)

  const firstStartMs = await server.start()
  log(`服务器已启动 ${server.url}：${firstStartMs} ms`)

  t = Date.now()
  const browsers = world.bidders.map((b) => new AgencyBrowser(server.url, b.agencyId))
  let nextSignIn = 0
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (nextSignIn < browsers.length) {
        const i = nextSignIn++
        await browsers[i]!.signIn(world.bidders[i]!.phone, world.bidders[i]!.password)
        const page = await browsers[i]!.openBidPage(world.projectId)
        if (page.status !== 200) throw new Error(`报价页未打开（状态 ${page.status}）`)
      }
    }),
  )
  log(`${browsers.length} 家机构经登录页登录并打开报价页：${Date.now() - t} ms`)

  const acknowledged: Receipt[] = []
  const unanswered = new Map<string, number[]>()
  const refusals: Record<string, number> = {}
  const perRound: { loadMs: number; sent: number; acknowledged: number; restartMs: number }[] = []
  const lastPrice = new Map<string, number>()
  const record = (agencyId: string, priceFen: number, outcome: BidOutcome) => {
    if (outcome.kind === 'acknowledged') acknowledged.push(outcome.receipt)
    else if (outcome.kind === 'unanswered')
      unanswered.set(agencyId, [...(unanswered.get(agencyId) ?? []), priceFen])
    else {
      const key = `http_${outcome.status}`
      refusals[key] = (refusals[key] ?? 0) + 1
      if (refusals[key] === 1) log(`拒绝（${key}）：${outcome.detail}`)
    }
  }
  const nextPrice = (agencyId: string) => {
    let price = randomInt(BUDGET_CAP_FEN * 0.4, BUDGET_CAP_FEN * 0.96)
    while (price === lastPrice.get(agencyId))
      price = randomInt(BUDGET_CAP_FEN * 0.4, BUDGET_CAP_FEN * 0.96)
    lastPrice.set(agencyId, price)
    return price
  }

  for (let round = 1; round <= rounds; round++) {
    let running = true
    let sent = 0
    const ackedBefore = acknowledged.length
    // Each agency bids and revises one form after another, as a person would.
    const lanes = browsers.map(async (browser) => {
      while (running) {
        const price = nextPrice(browser.agencyId)
        sent++
        const outcome = await browser.submitBid(world.projectId, price, via)
        record(browser.agencyId, price, outcome)
        if (outcome.kind === 'unanswered') break
      }
    })
    // The kill comes 1–3 s into steady writing: counted from the round's first receipt, as a
    // cold server (or PGlite on a busy machine) may take longer than that to answer at all.
    const roundStart = Date.now()
    while (acknowledged.length === ackedBefore && Date.now() - roundStart < 60_000) await sleep(20)
    const loadMs = randomInt(1000, 3001)
    await sleep(loadMs)
    const killedAt = Date.now()
    const killed = server.kill() // the signal goes at once; this waits for the port to free
    running = false
    await killed
    await Promise.all(lanes)
    await server.start()
    const restartMs = Date.now() - killedAt
    perRound.push({ loadMs, sent, acknowledged: acknowledged.length - ackedBefore, restartMs })
    log(
      `第 ${round} 轮：首个回执后 ${loadMs} ms（共 ${killedAt - roundStart} ms），发出 ${sent} 份，确认 ${acknowledged.length - ackedBefore} 份；SIGKILL 后 ${restartMs} ms 重新应答`,
    )
  }

  // The restarted server serves what was stored: each agency's page shows its bid's commitment.
  const shown = new Map<string, string | null>()
  for (const browser of browsers) {
    const page = await browser.openBidPage(world.projectId)
    if (page.status !== 200) throw new Error(`重启后报价页未打开（状态 ${page.status}）`)
    shown.set(browser.agencyId, /class="mono hash">([0-9a-f]{64})</.exec(page.html)?.[1] ?? null)
  }
  await server.stop()

  const handle = await openDatabase(open)
  const report = await checkStoredBids(handle.db, world.projectId, { acknowledged, unanswered })
  const chain = await verifyAuditChain(handle.db)
  const rows = await handle.db.select().from(bids).where(eq(bids.projectId, world.projectId))
  await handle.close()
  const pagesWrong = browsers.filter(
    (b) =>
      (rows.find((r) => r.agencyId === b.agencyId)?.commitment ?? null) !== shown.get(b.agencyId),
  ).length

  // The command itself, as an operator would run it after a crash.
  const verifyEnv: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production' }
  for (const [key, value] of Object.entries(serverEnv))
    if (value === undefined) delete verifyEnv[key]
    else verifyEnv[key] = value
  const verify = spawnSync(path.join('node_modules', '.bin', 'tsx'), ['scripts/audit-verify.ts'], {
    env: verifyEnv,
    encoding: 'utf8',
  })
  const auditVerifyExit = verify.status ?? -1
  log(`npm run audit:verify → 退出码 ${auditVerifyExit}：${(verify.stdout + verify.stderr).trim()}`)

  const halfWritten = Object.values(report.halfWritten).reduce((a, b) => a + b, 0)
  const unansweredCount = [...unanswered.values()].reduce((a, b) => a + b.length, 0)
  const restartMs = perRound.map((r) => r.restartMs)
  const lines = [
    `database            ${database}（${via === 'html' ? '表单直接提交' : '.data 提交'}），${agencyCount} 家机构，${rounds} 次 SIGKILL`,
    `sent                ${perRound.reduce((a, r) => a + r.sent, 0)}（每轮 ${perRound.map((r) => r.sent).join(' / ')}）`,
    `acknowledged        ${report.acknowledged}`,
    `stored              ${report.stored}`,
    `lost                ${report.lost}`,
    `unanswered          ${unansweredCount}（服务器被杀时在途；其中已落库 ${report.committedUnanswered}）`,
    `refused             ${JSON.stringify(refusals)}；无回执却落库 ${report.storedDespiteRefusal}`,
    `half-written rows   ${halfWritten} ${JSON.stringify(report.halfWritten)}（报价 ${report.bidRows} 行，报价审计事件 ${report.bidEvents} 条）`,
    `pages after restart ${browsers.length - pagesWrong}/${browsers.length} 显示库中承诺值`,
    `audit chain         ${chain.problem ? `第 ${chain.problem.seq} 行断裂` : `${chain.checked} 行完整`}；audit:verify 退出码 ${auditVerifyExit}`,
    `restart             首次启动 ${firstStartMs} ms；SIGKILL 到重新应答 ${restartMs.join(' / ')} ms`,
  ]
  for (const line of lines) console.log(line)
  for (const example of report.examples) console.log(`  ${example}`)
  const ok =
    report.acknowledged > 0 &&
    report.lost === 0 &&
    halfWritten === 0 &&
    report.storedDespiteRefusal === 0 &&
    pagesWrong === 0 &&
    !chain.problem &&
    auditVerifyExit === 0
  console.log(
    JSON.stringify({
      database,
      via,
      ok,
      agencies: agencyCount,
      kills: rounds,
      sent: perRound.reduce((a, r) => a + r.sent, 0),
      acknowledged: report.acknowledged,
      stored: report.stored,
      lost: report.lost,
      unanswered: unansweredCount,
      committed_unanswered: report.committedUnanswered,
      refused: refusals,
      stored_despite_refusal: report.storedDespiteRefusal,
      half_written: report.halfWritten,
      pages_wrong: pagesWrong,
      audit_chain_ok: !chain.problem,
      audit_events: chain.checked,
      audit_verify_exit: auditVerifyExit,
      first_start_ms: firstStartMs,
      restart_ms: restartMs,
      load_ms: perRound.map((r) => r.loadMs),
      examples: report.examples,
    }),
  )
  if (!ok) process.exitCode = 1
} finally {
  await server.kill()
  await cleanup()
}
