import { spawn } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { answerProject, answerProjectList } from '../../app/project-api.server.ts'
import { moveClockTo } from '../../models/clock.ts'
import { projects } from '../../models/db/schema-procedures.ts'
import { ruleObjection } from '../../models/objection-rulings.ts'
import { answerObjection, escalateObjection, fileObjection } from '../../models/objections.ts'
import { checkReceipt, disclosedBids } from '../../models/project-disclosure.ts'
import { getDrawView } from '../../models/project-draw-view.ts'
import type { listPublicProjects, PublicProject } from '../../models/project-public.ts'
import { runProcedureClock } from '../../models/project-scheduler.ts'
import { getProject, listMyProjects } from '../../models/project-queries.ts'
import { cancelProject } from '../../models/project-endings.ts'
import { saveProjectDraft } from '../../models/projects.ts'
import { verifyDraw } from '../../scripts/verify-draw-core.ts'
import { reportDraw } from '../../scripts/verify-draw-report.ts'
import {
  as,
  bid,
  ITEM,
  passTime,
  projectForm,
  publishedProject,
  setUpProcedures,
} from './procedure-fixture.ts'

const world = setUpProcedures(5)
const BASE = 'http://zjcs.test'

// Dates arrive as strings; nothing below reads them as dates.
type ListBody = Awaited<ReturnType<typeof listPublicProjects>> & { error?: string }
type DetailBody = PublicProject & { error?: string }

async function list(query = '') {
  const response = await answerProjectList(
    world.handle.db,
    new Request(`${BASE}/api/v1/projects${query}`),
  )
  return { status: response.status, body: (await response.json()) as ListBody }
}

async function detail(id: string) {
  const response = await answerProject(
    world.handle.db,
    new Request(`${BASE}/api/v1/projects/${id}`),
    id,
  )
  const text = await response.text()
  return { status: response.status, text, body: JSON.parse(text) as DetailBody }
}

async function projectRow(id: string) {
  const [row] = await world.handle.db.select().from(projects).where(eq(projects.id, id))
  return row!
}

const idsOf = (body: ListBody) => body.results.map((r) => r.id)

describe('GET /api/v1/projects', () => {
  it('lists published projects with filters and never a draft, nor one cancelled as a draft', async () => {
    const lowest = await publishedProject(world, world.department)
    const lottery = await publishedProject(world, world.department, {
      method: 'lottery',
      regionCode: '410102',
    })
    const draft = await saveProjectDraft(as(world, world.department), projectForm())
    const cancelledDraft = await saveProjectDraft(as(world, world.department), projectForm())
    await cancelProject(as(world, world.department), cancelledDraft, '草稿不再需要，直接撤销。')

    const all = await list('?page=1')
    expect(all.status).toBe(200)
    expect(all.body.total).toBe(2)
    expect(idsOf(all.body).sort()).toEqual([lowest, lottery].sort())
    expect(JSON.stringify(all.body)).not.toContain(draft)
    expect(JSON.stringify(all.body)).not.toContain(cancelledDraft)
    const row = all.body.results.find((r: { id: string }) => r.id === lottery)
    expect(row).toMatchObject({
      serviceItemCode: ITEM,
      method: 'lottery',
      status: 'published',
      funding: 'budget',
      budgetCapFen: 5_000_000,
      region: { code: '410102' },
      winner: null,
      awardedPriceFen: null,
      url: `${BASE}/projects/${lottery}`,
    })
    expect(row!.buyerName).toBeTruthy()
    expect(row!.serviceItemName).toBeTruthy()

    expect(idsOf((await list('?method=lottery')).body)).toEqual([lottery])
    expect(idsOf((await list('?method=lowest_price&status=published')).body)).toEqual([lowest])
    expect(idsOf((await list('?region=4101')).body)).toEqual([lottery])
    expect(idsOf((await list('?region=410902')).body)).toEqual([lowest])
    expect((await list(`?item=${ITEM}`)).body.total).toBe(2)
    expect((await list('?item=SI-001')).body.total).toBe(0)
    expect((await list('?status=awarded')).body.total).toBe(0)
    expect((await list('?status=cancelled')).body.total).toBe(0)
    expect((await list('?page=2')).body.results).toEqual([])

    expect((await detail(draft)).status).toBe(404)
    expect((await detail(cancelledDraft)).status).toBe(404)
    // Its buyer still has it, with the reason, among their own projects.
    const own = await listMyProjects(as(world, world.department), { status: 'cancelled' })
    expect(own.rows.map((r) => r.id)).toContain(cancelledDraft)
    expect((await getProject(as(world, world.department), cancelledDraft)).project.status).toBe(
      'cancelled',
    )
    expect((await detail('not-a-uuid')).body).toEqual({ error: '项目不存在' })
  })

  it('answers 400 with a Chinese message for a bad filter', async () => {
    for (const query of [
      '?status=draft',
      '?status=open',
      '?method=auction',
      '?item=环评',
      '?region=12',
      '?page=0',
      '?page=x',
    ]) {
      const answer = await list(query)
      expect(answer.status, query).toBe(400)
      expect(answer.body.error).toMatch(/^查询参数有误：/)
    }
  })
})

describe('GET /api/v1/projects/:id', () => {
  it('shows no price, salt or count before the deadline, and every bid once opened', async () => {
    const id = await publishedProject(world, world.department)
    const [a, b, c] = world.agencies
    const receipts = [
      await bid(world, a!, id, 37_123.45),
      await bid(world, b!, id, 38_456.78),
      await bid(world, c!, id, 0, { priceMode: 'discount', discountPercent: '10' }),
    ]
    // 10 % off the 50,000 元 cap: 45,000 元.
    expect(receipts[2]!.priceFen).toBe(4_500_000)
    const secrets = (text: string) =>
      receipts
        .flatMap((r) => [
          String(r.priceFen),
          (r.priceFen / 100).toFixed(2),
          (r.priceFen / 100).toLocaleString('en-US', { minimumFractionDigits: 2 }),
          r.salt,
        ])
        .filter((s) => text.includes(s))

    const before = await detail(id)
    expect(before.status).toBe(200)
    expect(before.body).toMatchObject({ status: 'published', bids: null, bidCount: null })
    expect(secrets(before.text)).toEqual([])
    expect(secrets(JSON.stringify((await list()).body))).toEqual([])

    // Past the deadline, not yet opened: the count is public, the prices are not.
    const deadline = (await projectRow(id)).deadlineAt
    await moveClockTo(world.handle.db, new Date(deadline.getTime() + 1000))
    const closed = await detail(id)
    expect(closed.body).toMatchObject({ status: 'published', bids: null, bidCount: 3 })
    expect(secrets(closed.text)).toEqual([])

    await runProcedureClock(world.handle.db)
    const opened = await detail(id)
    expect(opened.body.status).toBe('awarded')
    expect(opened.body.bidCount).toBe(3)
    for (const receipt of receipts) {
      const shown = opened.body.bids!.find((x) => x.id === receipt.bidId)
      expect(shown).toMatchObject({
        agencyId: receipt.agencyId,
        priceFen: receipt.priceFen,
        commitment: receipt.commitment,
        salt: receipt.salt,
        valid: true,
      })
    }
    const discounted = opened.body.bids!.find((x) => x.id === receipts[2]!.bidId)
    expect(discounted!.discountBasisPoints).toBe(1000)
    expect(opened.body.winner!.id).toBe(a!.organisationId)
    expect(opened.body.awardedPriceFen).toBe(3_712_345)
    expect(opened.body.result!.ranking.map((r) => r.bidId)).toEqual(receipts.map((r) => r.bidId))
    expect(opened.body.draw).toBeNull()
    expect(opened.body.timeline.map((s: { kind: string }) => s.kind)).toEqual(
      expect.arrayContaining(['project.published', 'project.closed', 'project.opened']),
    )

    // The receipt check on the opening page.
    const project = await projectRow(id)
    const bids = (await disclosedBids(world.handle.db, project))!
    const mine = receipts[0]!
    const ok = checkReceipt(id, bids, { ref: mine.commitment, salt: mine.salt, price: '37,123.45' })
    expect(ok).toMatchObject({ kind: 'checked', matches: true, sameAsOpened: true })
    const byId = checkReceipt(id, bids, { ref: mine.bidId, salt: mine.salt, price: '37123.46' })
    expect(byId).toMatchObject({ kind: 'checked', matches: false })
    expect(checkReceipt(id, bids, { ref: 'f'.repeat(64), salt: 'aa', price: '1' }).kind).toBe(
      'not_found',
    )
    expect(checkReceipt(id, bids, { ref: 'x', salt: '', price: 'abc' })).toEqual({
      kind: 'invalid',
      fieldErrors: expect.objectContaining({
        ref: expect.any(String),
        salt: expect.any(String),
        price: expect.any(String),
      }),
    })
  })
})

describe('the random draw in public', () => {
  let server: Server
  let baseUrl: string
  let tamper = false

  beforeAll(async () => {
    // The real API answer over HTTP, so the CLI reads it as it would from a running server.
    server = createServer((req, res) => {
      const id = req.url!.split('/').pop()!
      void answerProject(world.handle.db, new Request(`${baseUrl}${req.url}`), id).then(
        async (answer) => {
          const body = (await answer.json()) as DetailBody
          if (tamper && body.draw?.order) body.draw.order.reverse()
          res.writeHead(answer.status, { 'content-type': 'application/json' })
          res.end(JSON.stringify(body))
        },
      )
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  function runCli(...args: string[]) {
    return new Promise<{ code: number | null; output: string }>((resolve, reject) => {
      const child = spawn('npx', ['tsx', 'scripts/verify-draw.ts', ...args], { cwd: process.cwd() })
      let output = ''
      child.stdout.on('data', (chunk) => (output += chunk))
      child.stderr.on('data', (chunk) => (output += chunk))
      child.on('error', reject)
      child.on('close', (code) => resolve({ code, output }))
    })
  }

  it('publishes the commitment first, then inputs that recompute to the published order', async () => {
    const id = await publishedProject(world, world.department, { method: 'lottery' })
    const signUps = []
    for (const [i, agency] of world.agencies.slice(0, 4).entries())
      signUps.push(await bid(world, agency, id, 40_000 + i * 1000))

    const before = await detail(id)
    expect(before.body.draw).toMatchObject({ secret: null, signUpIds: null, order: null })
    expect(before.body.draw!.commitment).toMatch(/^[0-9a-f]{64}$/)
    expect(reportDraw(id, before.body).ok).toBeNull()

    await passTime(world, (await projectRow(id)).deadlineAt)
    const after = await detail(id)
    expect(after.body.status).toBe('awarded')
    const { secret, signUpIds, seed, order, ...draw } = after.body.draw!
    if (!secret || !signUpIds || !seed || !order) throw new Error('the draw is not published')
    expect(draw.commitment).toBe(before.body.draw!.commitment)
    expect(before.text).not.toContain(secret)
    expect([...signUpIds].sort()).toEqual(signUps.map((s) => s.bidId).sort())
    expect(order).toHaveLength(4)
    expect(draw.winner).toBe(order[0])
    expect(draw.backups).toEqual(order.slice(1, 3))
    const winnerBid = signUps.find((s) => s.bidId === order[0])!
    expect(after.body.winner!.id).toBe(winnerBid.agencyId)

    const verification = verifyDraw({
      secretHex: secret,
      commitment: draw.commitment!,
      signUpIds,
      projectId: id,
      publishedOrder: order,
    })
    expect(verification).toMatchObject({
      ok: true,
      seedHex: seed,
      recomputedOrder: order,
    })

    const page = await getDrawView(world.handle.db, await projectRow(id))
    expect(page.revealed?.check).toEqual({
      commitmentOk: true,
      seedOk: true,
      orderOk: true,
      ok: true,
    })
    expect(page.revealed?.seedInput).toBe(`${secret}|${[...signUpIds].sort().join(',')}|${id}`)

    const good = await runCli(id, '--url', baseUrl)
    expect(good.output).toContain(`重新计算的种子：${seed}`)
    expect(good.output).toContain('结论：OK')
    expect(good.code).toBe(0)

    tamper = true
    const bad = await runCli(id, '--url', baseUrl)
    tamper = false
    expect(bad.output).toContain('结论：不一致')
    expect(bad.code).toBe(1)
    expect(reportDraw(id, after.body).ok).toBe(true)
    const otherWinner = { ...after.body, draw: { ...after.body.draw!, winner: order[1]! } }
    expect(reportDraw(id, otherWinner).ok).toBe(false)
  })

  it('after an upheld objection strikes the winner, the order stands and the next name wins', async () => {
    const id = await publishedProject(world, world.department, { method: 'lottery' })
    for (const agency of world.agencies.slice(0, 4)) await bid(world, agency, id, 42_000)
    await passTime(world, (await projectRow(id)).deadlineAt)
    const first = (await detail(id)).body
    const order = first.draw!.order!
    const loser = first.bids!.find((b) => b.id === order.at(-1))!
    const loserActor = world.agencies.find((a) => a.organisationId === loser.agencyId)!
    const objection = await fileObjection(as(world, loserActor), id, {
      grounds: '中选机构的资质证书在截止日前已被吊销，不符合参与条件。',
    })
    await answerObjection(as(world, world.department), objection.id, { answer: '资质有效。' })
    await escalateObjection(as(world, loserActor), objection.id, {
      reason: '采购人答复不能成立，请求监管部门处理。',
    })
    await ruleObjection(as(world, world.supervisor), objection.id, {
      ruling: 'upheld',
      remedy: 're_evaluate',
      reason: '经核查中选机构资质已被吊销。',
      invalidBidIds: [order[0]!],
    })

    const after = (await detail(id)).body
    expect(after.draw).toMatchObject({ order, winner: order[1], backups: order.slice(2, 4) })
    expect(reportDraw(id, after).ok).toBe(true)
    const page = await getDrawView(world.handle.db, await projectRow(id))
    expect(page.revealed?.check.ok).toBe(true)
    expect(page.revealed?.order.map((s) => s.role)).toEqual([
      expect.stringMatching(/^已排除/),
      '中选',
      '候补 1',
      '候补 2',
    ])
  })
})
