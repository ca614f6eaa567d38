import { and, count, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { action as bidAction } from '../../app/routes/projects.$id.bid.tsx'
import { action as flagsAction, loader as flagsLoader } from '../../app/routes/supervisor.flags.tsx'
import type { Actor } from '../../models/context.ts'
import { submitBid } from '../../models/bids.ts'
import { moveClockTo, platformNow } from '../../models/clock.ts'
import {
  ruleFlag,
  runCollusionScreens,
  runCollusionScreensForProject,
  runNightlyScreens,
} from '../../models/collusion.ts'
import { submissionOrigin } from '../../models/collusion-origin.ts'
import { listFlags } from '../../models/collusion-queries.ts'
import { decideFinding } from '../../models/credit-findings.ts'
import type * as DbClient from '../../models/db/client.ts'
import type { Database } from '../../models/db/client.ts'
import { collusionFlags, creditRecords, screenRuns } from '../../models/db/schema-credit.ts'
import { bids, projects } from '../../models/db/schema-procedures.ts'
import { organisations } from '../../models/db/schema.ts'
import { inTransaction } from '../../models/db/transaction.ts'
import { ForbiddenError, ValidationError } from '../../models/errors.ts'
import type { FlagEvidence } from '../../models/rules/collusion/types.ts'
import { shanghaiDate } from '../../models/rules/qualifications.ts'
import { bidFormSchema } from '../../models/validation/projects.ts'
import { cookieFor, ORIGIN } from './payment-fixture.ts'
import { as, bid, passTime, publishedProject, setUpProcedures } from './procedure-fixture.ts'

// The routes read the process-wide database: here, this file's own.
const route = vi.hoisted(() => ({ db: null as Database | null }))
vi.mock('../../models/db/client.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof DbClient>()),
  getDatabase: async () => route.db!,
}))

const world = setUpProcedures(4)
const db = () => world.handle.db
const ONE_BROWSER = submissionOrigin('203.0.113.7', 'Mozilla/5.0 (测试)', 'cookie-of-one-browser')
let projectId = ''

beforeAll(() => {
  route.db = world.handle.db
})

let key = 0
function bidFrom(agency: Actor, yuan: string, origin = ONE_BROWSER) {
  const form = bidFormSchema.parse({
    priceMode: 'amount',
    price: yuan,
    timeLimitDays: '15',
    proposal: '按规范编制。',
    submissionKey: `collusion-key-${++key}`,
  })
  return submitBid(as(world, agency), projectId, { ...form, origin })
}

const deadlineOf = async (id: string) =>
  (await db().select().from(projects).where(eq(projects.id, id)))[0]!.deadlineAt

const flagCount = async () => (await db().select({ n: count() }).from(collusionFlags))[0]!.n

const flagOf = async (kind: string) =>
  (await db().select().from(collusionFlags).where(eq(collusionFlags.kind, kind)))[0]!

const scoreOf = async (id: string) =>
  (await db().select().from(organisations).where(eq(organisations.id, id)))[0]!.creditScore

describe('collusion screens after an opening', () => {
  it('flags two agencies quoting the same price from one browser, with the evidence', async () => {
    const [a, b, c] = world.agencies as [Actor, Actor, Actor]
    projectId = await publishedProject(world, world.department)
    await bidFrom(a, '48736.52')
    await bidFrom(b, '48736.52')
    await bid(world, c, projectId, 45_000)
    await passTime(world, await deadlineOf(projectId))
    await inTransaction(db(), (tx) => runCollusionScreensForProject(tx, projectId))

    const pair = [a.organisationId!, b.organisationId!].sort()
    const identical = await flagOf('identical_prices')
    expect(identical).toMatchObject({ side: 'agencies', status: 'open', organisationIds: pair })
    const evidence = identical.evidence as unknown as FlagEvidence
    expect(evidence.projectIds).toEqual([projectId])
    expect(evidence.tables[0]!.rows[0]).toEqual([
      { project: projectId },
      expect.anything(),
      { fen: 4_873_652 },
      expect.anything(),
      { fen: 4_873_652 },
      '完全相同',
    ])
    const shared = await flagOf('shared_submission')
    expect(shared).toMatchObject({ organisationIds: pair, projectId })
    const sharedRows = (shared.evidence as unknown as FlagEvidence).tables[0]!.rows
    expect(sharedRows.map((r) => r[4])).toEqual([
      ONE_BROWSER.deviceHash!.slice(0, 8),
      ONE_BROWSER.deviceHash!.slice(0, 8),
    ])
    // Only keyed hashes are kept, never the address itself.
    const stored = await db().select().from(bids).where(eq(bids.projectId, projectId))
    expect(stored.map((s) => s.submittedIp)).toContain(ONE_BROWSER.ipHash)
    expect(JSON.stringify(stored)).not.toContain('203.0.113.7')
  })

  it('adds nothing when the screens run again, after the opening or over the history', async () => {
    const before = await flagCount()
    const again = await inTransaction(db(), (tx) => runCollusionScreensForProject(tx, projectId))
    expect(again).toMatchObject({ raised: 0, refreshed: 0 })
    const history = await runCollusionScreens(db())
    expect(history).toMatchObject({ raised: 0, refreshed: 0 })
    expect(await flagCount()).toBe(before)
  })

  it('shows the queue to supervisors only', async () => {
    const queue = await listFlags(as(world, world.supervisor))
    expect(queue.flags.map((f) => f.kind).sort()).toEqual(['identical_prices', 'shared_submission'])
    expect(queue.projects[projectId]).toBeTruthy()
    await expect(listFlags(as(world, world.department))).rejects.toBeInstanceOf(ForbiddenError)
    const agency = world.agencies[0]!
    await expect(
      ruleFlag(as(world, agency), (await flagOf('identical_prices')).id, {
        confirm: false,
        reason: '自己排除自己的线索',
      }),
    ).rejects.toBeInstanceOf(ForbiddenError)
  })

  it('on confirmation makes a pending collusion record for each agency, and no score moves yet', async () => {
    const [a, b] = world.agencies as [Actor, Actor]
    const flag = await flagOf('identical_prices')
    const result = await ruleFlag(as(world, world.supervisor), flag.id, {
      confirm: true,
      reason: '经核查，两家机构的报价文件由同一人编制',
    })
    expect(result.recordIds).toHaveLength(2)
    const records = await db()
      .select()
      .from(creditRecords)
      .where(
        and(eq(creditRecords.sourceType, 'collusion'), eq(creditRecords.sourceId, String(flag.id))),
      )
    expect(records.map((r) => r.agencyId).sort()).toEqual(
      [a.organisationId!, b.organisationId!].sort(),
    )
    for (const r of records) {
      expect(r).toMatchObject({ rule: 'collusion', status: 'pending', projectId })
      expect(r.replyDueAt).toBeTruthy()
    }
    expect(await scoreOf(a.organisationId!)).toBe(100)
    expect((await flagOf('identical_prices')).status).toBe('confirmed')
    await expect(
      ruleFlag(as(world, world.supervisor), flag.id, { confirm: false, reason: '再次处理' }),
    ).rejects.toBeInstanceOf(ValidationError)
    // Until the reply window closes a supervisor may still withdraw: nothing counts, and the
    // agencies stay in the market for the tests below.
    for (const r of records)
      await decideFinding(as(world, world.supervisor), r.id, {
        confirm: false,
        reason: '复核后证据不足，撤回认定',
      })
    const after = await db()
      .select({ status: creditRecords.status })
      .from(creditRecords)
      .where(eq(creditRecords.sourceId, String(flag.id)))
    expect(after.map((r) => r.status)).toEqual(['withdrawn', 'withdrawn'])
    expect(await scoreOf(a.organisationId!)).toBe(100)
  })

  it('on dismissal records the reason and changes no score', async () => {
    const [, b] = world.agencies as [Actor, Actor]
    const flag = await flagOf('shared_submission')
    const before = await scoreOf(b.organisationId!)
    await ruleFlag(as(world, world.supervisor), flag.id, {
      confirm: false,
      reason: '两家机构在同一代理服务点提交，已核实无串通',
    })
    const after = await flagOf('shared_submission')
    expect(after).toMatchObject({ status: 'dismissed', ruledBy: world.supervisor.userId })
    expect(after.ruling).toContain('已核实无串通')
    const records = await db()
      .select()
      .from(creditRecords)
      .where(eq(creditRecords.sourceId, String(flag.id)))
    expect(records).toEqual([])
    expect(await scoreOf(b.organisationId!)).toBe(before)
  })
  it('does not reopen a dismissed lead for one more tender, but does for two', async () => {
    const [a, b, c] = world.agencies as [Actor, Actor, Actor]
    const sharedFlags = async () =>
      (
        await db()
          .select({ id: collusionFlags.id, status: collusionFlags.status })
          .from(collusionFlags)
          .where(eq(collusionFlags.kind, 'shared_submission'))
      ).length
    const oneBrowserTender = async (first: string, second: string) => {
      projectId = await publishedProject(world, world.department)
      await bidFrom(a, first)
      await bidFrom(b, second)
      await bid(world, c, projectId, 45_000)
      await passTime(world, await deadlineOf(projectId))
      await inTransaction(db(), (tx) => runCollusionScreensForProject(tx, projectId))
    }
    await oneBrowserTender('47000', '47900')
    expect(await sharedFlags()).toBe(1)
    await oneBrowserTender('46000', '46800')
    expect(await sharedFlags()).toBe(2)
    const fresh = await db()
      .select()
      .from(collusionFlags)
      .where(and(eq(collusionFlags.kind, 'shared_submission'), eq(collusionFlags.status, 'open')))
    expect((fresh[0]!.evidence as unknown as FlagEvidence).projectIds).toHaveLength(3)
  })
})

describe('the nightly run', () => {
  it('runs once a Beijing day, from two in the morning', async () => {
    const now = await platformNow(db())
    const day = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 2)
    // 01:00 Beijing is 17:00 UTC the day before.
    await moveClockTo(db(), new Date(day - 7 * 3600_000))
    expect(await runNightlyScreens(db())).toBeNull()
    await moveClockTo(db(), new Date(day - 5 * 3600_000))
    expect(await runNightlyScreens(db())).toMatchObject({ raised: 0 })
    await moveClockTo(db(), new Date(day + 10 * 3600_000))
    expect(await runNightlyScreens(db())).toBeNull()
    // The procedure clock ran nightly screens in the tests above, on earlier days.
    const runs = await db()
      .select()
      .from(screenRuns)
      .where(eq(screenRuns.day, shanghaiDate(new Date(day))))
    expect(runs).toHaveLength(1)
    expect(runs[0]).toMatchObject({
      kind: 'collusion',
      report: expect.objectContaining({ raised: 0 }),
    })
    await moveClockTo(db(), new Date(day + 24 * 3600_000 - 5 * 3600_000))
    const latest = await runNightlyScreens(db())
    expect(latest).not.toBeNull()
    // The queue says when the screen last ran and what it found, so quiet is not mistaken for idle.
    const { lastNightlyRun } = await listFlags(as(world, world.supervisor))
    expect(lastNightlyRun).toMatchObject({ found: latest!.found, raised: latest!.raised })
    expect(lastNightlyRun!.finishedAt.getTime()).toBeGreaterThanOrEqual(day + 19 * 3600_000)
  })
})

describe('the routes', () => {
  const context = { cspNonce: '', csrfToken: 'csrf-token-for-tests', clientIp: '198.51.100.23' }

  it('records where a bid sent through the page came from, as keyed hashes', async () => {
    const agency = world.agencies[3]!
    projectId = await publishedProject(world, world.department)
    const form = new URLSearchParams({
      csrf: context.csrfToken,
      intent: 'bid',
      priceMode: 'amount',
      price: '41000',
      timeLimitDays: '15',
      proposal: '按规范编制。',
      submissionKey: 'route-key-000001',
    })
    const request = new Request(`${ORIGIN}/projects/${projectId}/bid`, {
      method: 'POST',
      headers: {
        cookie: await cookieFor(world, agency),
        origin: ORIGIN,
        'content-type': 'application/x-www-form-urlencoded',
        'user-agent': 'Mozilla/5.0 (route test)',
      },
      body: form,
    })
    await bidAction({ request, context, params: { id: projectId } })
    const [row] = await db().select().from(bids).where(eq(bids.projectId, projectId))
    const expected = submissionOrigin(
      '198.51.100.23',
      'Mozilla/5.0 (route test)',
      context.csrfToken,
    )
    expect(row).toMatchObject({
      submittedIp: expected.ipHash,
      submittedDevice: expected.deviceHash,
    })
  })

  const page = async (actor: Actor, init: RequestInit = {}) =>
    new Request(`${ORIGIN}/supervisor/flags?status=confirmed`, {
      ...init,
      headers: { cookie: await cookieFor(world, actor), origin: ORIGIN, ...init.headers },
    })

  it('lists the flags for a supervisor and refuses anyone else', async () => {
    const data = await flagsLoader({ request: await page(world.supervisor), context, params: {} })
    expect(data.flags.map((f) => f.kind)).toEqual(['identical_prices'])
    await expect(
      flagsLoader({ request: await page(world.agencies[0]!), context, params: {} }),
    ).rejects.toMatchObject({ status: 403 })
  })

  it('sends a ruling without a reason back to its form', async () => {
    const flag = await flagOf('identical_prices')
    const body = new URLSearchParams({
      csrf: context.csrfToken,
      flagId: String(flag.id),
      decision: 'dismiss',
      reason: '',
    })
    const request = await page(world.supervisor, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    })
    const answer = (await flagsAction({ request, context, params: {} })) as {
      init: { status: number }
      data: { error: Record<string, string[]> }
    }
    expect(answer.init.status).toBe(400)
    expect(answer.data.error.reason?.[0]).toContain('理由')
  })
})
