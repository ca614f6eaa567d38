import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { sha256 } from '../../models/audit.ts'
import { withdrawBid } from '../../models/bids.ts'
import { moveClockTo, platformNow } from '../../models/clock.ts'
import { bids, projectEvents, projects } from '../../models/db/schema-procedures.ts'
import type { ValidationError } from '../../models/errors.ts'
import { runProcedureClock } from '../../models/project-scheduler.ts'
import { disclosedBids } from '../../models/project-disclosure.ts'
import { decideExplanation, explainLowPrice } from '../../models/project-evaluation.ts'
import { bidCommitment } from '../../models/rules/bid-price.ts'
import {
  agenciesInMarket,
  as,
  bid,
  passTime,
  publishedProject,
  setUpProcedures,
} from './procedure-fixture.ts'

const world = setUpProcedures(5)

async function projectRow(id: string) {
  const [row] = await world.handle.db.select().from(projects).where(eq(projects.id, id))
  return row!
}

describe('lowest price (竞价选取)', () => {
  it('stores prices sealed, opens them at the deadline and awards the lowest valid quote', async () => {
    const [a, b, c] = world.agencies
    const id = await publishedProject(world, world.department)
    const receipt = await bid(world, a!, id, 42_000)
    await bid(world, b!, id, 39_500)
    await bid(world, c!, id, 45_000)

    const [stored] = await world.handle.db.select().from(bids).where(eq(bids.id, receipt.bidId))
    expect(stored!.priceFen).toBeNull()
    expect(stored!.salt).toBeNull()
    expect(stored!.sealed).not.toContain('4200000')
    expect(receipt.commitment).toBe(
      bidCommitment(id, a!.organisationId!, 4_200_000, receipt.salt, sha256),
    )

    const report = await passTime(world, (await projectRow(id)).deadlineAt)
    expect(report.opened).toBeGreaterThanOrEqual(1)
    const project = await projectRow(id)
    expect(project.status).toBe('awarded')
    expect(project.winnerAgencyId).toBe(b!.organisationId)
    expect(project.awardedPriceFen).toBe(3_950_000)
    const [opened] = await world.handle.db.select().from(bids).where(eq(bids.id, receipt.bidId))
    expect(opened!.priceFen).toBe(4_200_000)
    expect(opened!.salt).toBe(receipt.salt)
    expect(bidCommitment(id, a!.organisationId!, opened!.priceFen!, opened!.salt!, sha256)).toBe(
      receipt.commitment,
    )
  })

  it('refuses a bid one millisecond after the deadline by the database clock', async () => {
    const id = await publishedProject(world, world.department)
    const deadline = (await projectRow(id)).deadlineAt
    await moveClockTo(world.handle.db, new Date(deadline.getTime() - 5000))
    await bid(world, world.agencies[0]!, id, 30_000)
    await moveClockTo(world.handle.db, new Date(deadline.getTime() + 1))
    await expect(bid(world, world.agencies[1]!, id, 30_000)).rejects.toThrow(/已截止/)
    const stored = await world.handle.db.select().from(bids).where(eq(bids.projectId, id))
    expect(stored).toHaveLength(1)
  })

  it('fails with fewer than three valid bids, withdrawn ones not counting', async () => {
    const id = await publishedProject(world, world.department)
    await bid(world, world.agencies[0]!, id, 30_000)
    await bid(world, world.agencies[1]!, id, 31_000)
    await bid(world, world.agencies[2]!, id, 32_000)
    await withdrawBid(as(world, world.agencies[2]!), id)
    await passTime(world, (await projectRow(id)).deadlineAt)
    const project = await projectRow(id)
    expect(project.status).toBe('failed')
    expect(project.endReason).toContain('不足 3 家')
  })

  it('keeps one live bid per agency: a revision replaces the price, the same form twice is one bid', async () => {
    const id = await publishedProject(world, world.department)
    const [a, b, c] = world.agencies
    const first = await bid(world, a!, id, 50_000, { submissionKey: 'same-form-key-1' })
    const again = await bid(world, a!, id, 50_000, { submissionKey: 'same-form-key-1' })
    expect(again).toEqual(first)
    const revised = await bid(world, a!, id, 38_000)
    expect(revised.revision).toBe(2)
    await bid(world, b!, id, 40_000)
    await bid(world, c!, id, 41_000)
    await passTime(world, (await projectRow(id)).deadlineAt)
    const project = await projectRow(id)
    expect(project.winnerAgencyId).toBe(a!.organisationId)
    expect(project.awardedPriceFen).toBe(3_800_000)
  })

  it('refuses a price above the agency’s own published fee maximum or the cap', async () => {
    const id = await publishedProject(world, world.department, { budgetCap: 50_000_000 })
    await expect(bid(world, world.agencies[0]!, id, 100_001)).rejects.toThrow(/收费上限/)
    await expect(bid(world, world.agencies[0]!, id, 500_001)).rejects.toThrow(/最高限价/)
    // A price and a time limit both wrong are both reported, each beside its field.
    const both = await bid(world, world.agencies[0]!, id, 100_001, { timeLimitDays: '99' }).then(
      () => null,
      (e: unknown) => e as ValidationError,
    )
    expect(Object.keys(both!.fieldErrors).sort()).toEqual(['price', 'timeLimitDays'])
    // Within the item's 30 working days, but longer than the 20 the agency published.
    await expect(
      bid(world, world.agencies[0]!, id, 50_000, { timeLimitDays: '25' }),
    ).rejects.toThrow('承诺时限长于贵机构公布的服务时限（20 个工作日）')
    await bid(world, world.agencies[0]!, id, 50_000, { timeLimitDays: '20' })
  })

  it('asks an abnormally low winner to explain; a rejected explanation moves to the next', async () => {
    const [a, b, c, d] = world.agencies
    const id = await publishedProject(world, world.department)
    await bid(world, a!, id, 20_000) // mean of others 40,000 → 50 %: abnormal
    await bid(world, b!, id, 39_000)
    await bid(world, c!, id, 40_000)
    await bid(world, d!, id, 41_000)
    await passTime(world, (await projectRow(id)).deadlineAt)
    expect((await projectRow(id)).status).toBe('opened')
    await explainLowPrice(as(world, a!), id, '我们有现成的区域监测数据，可节约大量外业成本。')
    await decideExplanation(as(world, world.department), id, {
      decision: 'rejected',
      reason: '说明不足以证明能按质完成',
    })
    const project = await projectRow(id)
    expect(project.status).toBe('awarded')
    expect(project.winnerAgencyId).toBe(b!.organisationId)
    // The opening record agrees with the result: that quote no longer counts.
    const published = await disclosedBids(world.handle.db, project)
    expect(published!.find((x) => x.agencyId === a!.organisationId)).toMatchObject({
      valid: false,
      invalidReason: '异常低价的说明未被采纳，报价无效',
      explanationState: 'rejected',
    })
    expect(published!.filter((x) => x.valid)).toHaveLength(3)
  })

  it('treats an explanation not given within 2 working days as rejected', async () => {
    const [a, b, c, d] = world.agencies
    const id = await publishedProject(world, world.department)
    await bid(world, a!, id, 20_000)
    await bid(world, b!, id, 39_000)
    await bid(world, c!, id, 40_000)
    await bid(world, d!, id, 41_000)
    await passTime(world, (await projectRow(id)).deadlineAt)
    const [asked] = await world.handle.db
      .select()
      .from(bids)
      .where(eq(bids.agencyId, a!.organisationId!))
      .then((r) => r.filter((x) => x.projectId === id))
    expect(asked!.explanationDueAt).not.toBeNull()
    const report = await passTime(world, asked!.explanationDueAt!)
    expect(report.explanationsLapsed).toBe(1)
    expect((await projectRow(id)).winnerAgencyId).toBe(b!.organisationId)
  })

  it('makes the award final when publicity ends without an objection', async () => {
    const id = await publishedProject(world, world.department)
    for (const [i, agency] of (await agenciesInMarket(world)).slice(0, 3).entries())
      await bid(world, agency, id, 30_000 + i * 1000)
    await passTime(world, (await projectRow(id)).deadlineAt)
    const awarded = await projectRow(id)
    expect(awarded.awardFinalAt).toBeNull()
    expect(awarded.publicityEndsAt!.getTime()).toBeGreaterThan(
      (await platformNow(world.handle.db)).getTime(),
    )
    await passTime(world, awarded.publicityEndsAt!)
    expect((await projectRow(id)).awardFinalAt).not.toBeNull()
  })

  it('takes two first bids of one agency sent at once as a bid and its revision', async () => {
    const id = await publishedProject(world, world.department)
    const agency = world.agencies[0]!
    const receipts = await Promise.all([
      bid(world, agency, id, 30_000),
      bid(world, agency, id, 31_000),
    ])
    expect(receipts.map((r) => r.revision).sort()).toEqual([1, 2])
    const rows = await world.handle.db.select().from(bids).where(eq(bids.projectId, id))
    expect(rows).toHaveLength(1)
    expect(rows[0]!.revision).toBe(2)
  })

  it('opens a due project exactly once when several procedure clocks run together', async () => {
    const id = await publishedProject(world, world.department)
    for (const [i, agency] of (await agenciesInMarket(world)).slice(0, 3).entries())
      await bid(world, agency, id, 30_000 + i * 1000)
    await moveClockTo(world.handle.db, new Date((await projectRow(id)).deadlineAt.getTime() + 1000))
    const reports = await Promise.all([1, 2, 3].map(() => runProcedureClock(world.handle.db)))
    expect(reports.reduce((n, r) => n + r.opened, 0)).toBeGreaterThanOrEqual(1)
    const opened = await world.handle.db
      .select()
      .from(projectEvents)
      .where(eq(projectEvents.projectId, id))
    expect(opened.filter((e) => e.kind === 'project.opened')).toHaveLength(1)
    expect(opened.filter((e) => e.kind === 'project.awarded')).toHaveLength(1)
  })
})
