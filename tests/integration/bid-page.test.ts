import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { auditEvents } from '../../models/db/schema.ts'
import { listOpenProjectsForMe, myEligibility } from '../../models/bid-eligibility.ts'
import { checkReceipt, receiptDocument } from '../../models/bid-receipts.ts'
import { getMyBid, withdrawBid } from '../../models/bids.ts'
import { moveClockTo } from '../../models/clock.ts'
import { bids, projects } from '../../models/db/schema-procedures.ts'
import { ForbiddenError, type ValidationError } from '../../models/errors.ts'
import {
  createOffering,
  listMyOfferings,
  pauseOffering,
  resumeOffering,
  updateOffering,
} from '../../models/offerings.ts'
import { reinstate, suspend } from '../../models/supervision.ts'
import { as, bid, ITEM, passTime, publishedProject, setUpProcedures } from './procedure-fixture.ts'

const world = setUpProcedures(6)

async function projectRow(id: string) {
  const [row] = await world.handle.db.select().from(projects).where(eq(projects.id, id))
  return row!
}

async function openIds(agencyIndex: number) {
  const open = await listOpenProjectsForMe(as(world, world.agencies[agencyIndex]!), {
    pageSize: 100,
  })
  return open.rows.map((r) => r.id)
}

describe('myEligibility', () => {
  it('says an agency offering the item may bid, with the item limit and its own fee maximum', async () => {
    const id = await publishedProject(world, world.department)
    const answer = await myEligibility(as(world, world.agencies[0]!), id)
    expect(answer).toMatchObject({
      eligible: true,
      reasons: [],
      biddingOpen: true,
      itemTimeLimitDays: 30,
      offeringFeeMaxFen: 10_000_000,
      requiredQualification: null,
    })
  })

  it('lists every reason: no offering, a missing qualification', async () => {
    // SI-004 环境监测 requires a CMA certificate; agency 1 offers it but holds none.
    const agency = world.agencies[1]!
    await createOffering(as(world, agency), {
      serviceItemCode: 'SI-004',
      feeKind: 'range',
      feeMinFen: 100_000,
      feeMaxFen: 500_000,
      timeLimitDays: 10,
    })
    const id = await publishedProject(world, world.department, {
      serviceItemCode: 'SI-004',
      budgetCap: 1_000_000,
    })
    const withOffering = await myEligibility(as(world, agency), id)
    expect(withOffering.eligible).toBe(false)
    expect(withOffering.reasons).toEqual([
      '未持有在截止日有效的「检验检测机构资质认定证书（CMA）」资质',
    ])
    const without = await myEligibility(as(world, world.agencies[2]!), id)
    expect(without.reasons).toContain('未发布该事项的服务报价')
    expect(without.reasons).toHaveLength(2)
    await expect(bid(world, agency, id, 5_000)).rejects.toThrow(/资质/)
    // The list of projects it may take part in says so too, instead of offering to bid.
    const open = await listOpenProjectsForMe(as(world, agency), { pageSize: 100 })
    expect(open.rows.find((r) => r.id === id)?.barredBy).toEqual(withOffering.reasons)
    const other = open.rows.find((r) => r.id !== id)
    expect(other?.barredBy).toEqual([])
  })

  it('refuses anyone but an agency', async () => {
    const id = await publishedProject(world, world.department)
    await expect(myEligibility(as(world, world.department), id)).rejects.toBeInstanceOf(
      ForbiddenError,
    )
    await expect(listOpenProjectsForMe(as(world, world.enterprise))).rejects.toBeInstanceOf(
      ForbiddenError,
    )
  })

  it('refuses a suspended agency and says so', async () => {
    const agency = world.agencies[3]!
    const id = await publishedProject(world, world.department)
    const supervisor = as(world, world.supervisor)
    await suspend(supervisor, { organisationId: agency.organisationId!, reason: '提供虚假材料' })
    try {
      const answer = await myEligibility(as(world, agency), id)
      expect(answer.eligible).toBe(false)
      expect(answer.reasons).toEqual(['机构已被暂停'])
      await expect(bid(world, agency, id, 30_000)).rejects.toThrow(/机构已被暂停/)
      const open = await listOpenProjectsForMe(as(world, agency), { pageSize: 100 })
      expect(open.suspended).toBe(true)
      expect(await getMyBid(as(world, agency), id)).toBeNull()
    } finally {
      await reinstate(supervisor, {
        organisationId: agency.organisationId!,
        reason: '材料已经补正',
      })
    }
  })
})

describe('listOpenProjectsForMe', () => {
  it('lists published projects for the items offered, hides a paused offering’s and closed ones', async () => {
    const agencyIndex = 4
    const agency = world.agencies[agencyIndex]!
    const id = await publishedProject(world, world.department)
    expect(await openIds(agencyIndex)).toContain(id)

    const [offering] = (await listMyOfferings(as(world, agency))).filter(
      (o) => o.serviceItemCode === ITEM,
    )
    await pauseOffering(as(world, agency), offering!.id)
    expect(await openIds(agencyIndex)).not.toContain(id)
    expect((await myEligibility(as(world, agency), id)).reasons).toEqual(['该事项的服务报价已暂停'])
    await resumeOffering(as(world, agency), offering!.id)
    expect(await openIds(agencyIndex)).toContain(id)

    await bid(world, agency, id, 33_000)
    const open = await listOpenProjectsForMe(as(world, agency), { pageSize: 100 })
    expect(open.rows.find((r) => r.id === id)?.myRevision).toBe(1)
    expect(open.total).toBeGreaterThanOrEqual(1)
  })

  it('keeps the fee ceiling and the offering on sale while a bid on the item is sealed', async () => {
    const agency = world.agencies[5]!
    const ctx = as(world, agency)
    const id = await publishedProject(world, world.department)
    await bid(world, agency, id, 40_000)
    const [offering] = (await listMyOfferings(ctx)).filter((o) => o.serviceItemCode === ITEM)
    const terms = { feeKind: 'range' as const, feeMinFen: 100_000, timeLimitDays: 15 }

    const lowered = await updateOffering(ctx, offering!.id, { ...terms, feeMaxFen: 3_000_000 })
      .then(() => null)
      .catch((error: ValidationError) => error.fieldErrors)
    expect(lowered).toEqual({
      feeMax: ['本机构有 1 份尚未开标的报价涉及该事项，开标前收费上限不能低于现在的 ¥100,000.00'],
    })
    const paused = await pauseOffering(ctx, offering!.id)
      .then(() => null)
      .catch((error: ValidationError) => error.fieldErrors.intent?.[0])
    expect(paused).toMatch(/^本机构有 1 份尚未开标的报价涉及该事项，暂停后/)
    // Raising it stays free; once the bid is withdrawn, so is lowering it, and pausing.
    await updateOffering(ctx, offering!.id, { ...terms, feeMaxFen: 12_000_000 })
    await withdrawBid(ctx, id)
    await updateOffering(ctx, offering!.id, { ...terms, feeMaxFen: 3_000_000 })
    expect(await pauseOffering(ctx, offering!.id)).toBe(true)
    await resumeOffering(ctx, offering!.id)
    await updateOffering(ctx, offering!.id, { ...terms, feeMaxFen: 10_000_000 })
  })

  it('shows a direct selection only to the agency invited', async () => {
    const invited = world.agencies[5]!
    const id = await publishedProject(world, world.enterprise, {
      method: 'direct',
      directAgencyId: invited.organisationId!,
    })
    expect(await openIds(5)).toContain(id)
    expect(await openIds(0)).not.toContain(id)
  })

  it('pages, soonest deadline first', async () => {
    const first = await listOpenProjectsForMe(as(world, world.agencies[0]!), { pageSize: 2 })
    const second = await listOpenProjectsForMe(as(world, world.agencies[0]!), {
      page: 2,
      pageSize: 2,
    })
    expect(first.rows).toHaveLength(2)
    expect(first.total).toBeGreaterThan(2)
    expect(first.rows[0]!.deadlineAt <= first.rows[1]!.deadlineAt).toBe(true)
    expect(second.rows.map((r) => r.id)).not.toContain(first.rows[0]!.id)
  })
})

describe('bid receipts', () => {
  it('returns the same receipt for the same form sent twice and stores revision 1 once', async () => {
    const agency = world.agencies[0]!
    const id = await publishedProject(world, world.department)
    const key = { submissionKey: `same-page-${id}` }
    const first = await bid(world, agency, id, 41_000, key)
    const again = await bid(world, agency, id, 41_000, key)
    expect(again).toEqual(first)
    expect(first.revision).toBe(1)
    const rows = await world.handle.db.select().from(bids).where(eq(bids.projectId, id))
    expect(rows).toHaveLength(1)
    expect(rows[0]!.revision).toBe(1)
    const events = await world.handle.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, id), eq(auditEvents.action, 'bid.submitted')))
    expect(events).toHaveLength(1)

    // The page's view of its own bid before opening: the commitment, never the price.
    const mine = await getMyBid(as(world, agency), id)
    expect(mine).toMatchObject({ revision: 1, commitment: first.commitment, priceFen: null })
    expect(receiptDocument(first).commitmentInput).toBe(
      `${id}|${agency.organisationId}|4100000|${first.salt}`,
    )
  })

  it('checks the receipt against the opened price and salt', async () => {
    const [a, b, c] = world.agencies
    const id = await publishedProject(world, world.department)
    const receipt = await bid(world, a!, id, 36_000)
    await bid(world, b!, id, 37_000)
    await bid(world, c!, id, 38_000)
    expect((await myEligibility(as(world, a!), id)).biddingOpen).toBe(true)
    await passTime(world, (await projectRow(id)).deadlineAt)
    expect((await myEligibility(as(world, a!), id)).biddingOpen).toBe(false)
    expect(await openIds(0)).not.toContain(id)

    const opened = (await getMyBid(as(world, a!), id))!
    const facts = {
      projectId: id,
      agencyId: a!.organisationId!,
      priceFen: opened.priceFen!,
      salt: opened.salt!,
      commitment: opened.commitment,
    }
    const pasted = JSON.stringify(receiptDocument(receipt))
    expect(checkReceipt(facts, pasted)).toMatchObject({
      matchesPublished: true,
      receipt: { commitment: receipt.commitment, matches: true, priceMatches: true },
    })
    const forged = JSON.stringify({ ...receiptDocument(receipt), priceFen: 3_500_000 })
    expect(checkReceipt(facts, forged).receipt?.priceMatches).toBe(false)
    expect(checkReceipt(facts, 'f'.repeat(64)).receipt?.matches).toBe(false)
    expect(checkReceipt({ ...facts, priceFen: 3_600_001 }, null).matchesPublished).toBe(false)
  })

  it('says bidding is closed once the database clock passes the deadline', async () => {
    const id = await publishedProject(world, world.department)
    const deadline = (await projectRow(id)).deadlineAt
    await moveClockTo(world.handle.db, new Date(deadline.getTime() + 1))
    const answer = await myEligibility(as(world, world.agencies[0]!), id)
    expect(answer.biddingOpen).toBe(false)
    await expect(bid(world, world.agencies[0]!, id, 30_000)).rejects.toThrow(/报价已截止/)
  })
})
