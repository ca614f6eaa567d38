import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { runBlacklistClock } from '../../models/blacklist-clock.ts'
import { moveClockTo, platformNow } from '../../models/clock.ts'
import { auditEvents, organisations } from '../../models/db/schema.ts'
import { ValidationError } from '../../models/errors.ts'
import { loadBidPage } from '../../app/bid-page.server.ts'
import { disclosedBids } from '../../models/project-disclosure.ts'
import { enterQualityScores } from '../../models/project-evaluation.ts'
import type { ProjectResult } from '../../models/project-award.ts'
import { listMyBids } from '../../models/project-queries.ts'
import { addMonths } from '../../models/rules/credit-rules.ts'
import { setUpBlacklistWorld } from './blacklist-world.ts'
import { as, bid, passTime, publishedProject } from './procedure-fixture.ts'

// What the blacklist does to procedures under way and to the agency's standing.
const { world, db, orgOf, errorOf, projectRow, bidOf, organisation, visibility, blacklist } =
  setUpBlacklistWorld()

describe('blacklisting during an open procedure', () => {
  it('sets the bid aside: at opening it is invalid with the reason and the others proceed', async () => {
    const id = await publishedProject(world, world.department)
    const prices = [30_000, 31_000, 32_000, 33_000]
    for (const [i, yuan] of prices.entries()) await bid(world, world.agencies[i]!, id, yuan)
    // The lowest bidder is found to have supplied false materials before the deadline.
    await blacklist(0, '投标资质证书系伪造，经核查属实')
    const setAside = await bidOf(id, orgOf(0))
    expect(setAside.setAsideAt).not.toBeNull()
    expect(setAside.setAsideReason).toContain('投标资质证书系伪造')
    // The agency's own list and bid page tell it so, not 进行中 as before.
    const mine = await listMyBids(as(world, world.agencies[0]!), { pageSize: 10 })
    expect(mine.rows.find((r) => r.projectId === id)?.setAsideAt).toEqual(setAside.setAsideAt)
    const page = await loadBidPage(as(world, world.agencies[0]!), id, null)
    expect(page.bid?.setAsideReason).toContain('投标资质证书系伪造')
    // Effective at once: no new bid or revision either.
    await expect(bid(world, world.agencies[0]!, id, 29_000)).rejects.toThrow(/失信名单/)

    await passTime(world, (await projectRow(id)).deadlineAt)
    const project = await projectRow(id)
    expect(project.status).toBe('awarded')
    expect(project.winnerAgencyId).toBe(orgOf(1))
    const opened = await bidOf(id, orgOf(0))
    expect(opened.valid).toBe(false)
    expect(opened.invalidReason).toMatch(/^已被搁置：该机构已被列入失信名单：投标资质证书系伪造/)
    const result = project.result as unknown as ProjectResult
    expect(result.ranking.map((r) => r.agencyId)).toEqual([orgOf(1), orgOf(2), orgOf(3)])
    expect(result.excluded).toEqual([
      expect.objectContaining({ agencyId: orgOf(0), reason: opened.invalidReason }),
    ])
    // After opening every price is public, the set-aside one too, like any invalid bid.
    const shown = (await disclosedBids(db(), project))!.find((b) => b.agencyId === orgOf(0))!
    expect(shown).toMatchObject({ valid: false, priceFen: 3_000_000 })
    expect(shown.invalidReason).toContain('已被搁置')
  })

  it('never draws a blacklisted agency, set aside or blacklisted only by opening time', async () => {
    const id = await publishedProject(world, world.department, { method: 'lottery' })
    for (const i of [4, 5, 6, 7, 8]) await bid(world, world.agencies[i]!, id, 40_000)
    await blacklist(4, '串通报价，经监管部门查实')
    // As if the blacklisting raced the sign-up: no set-aside, but barred at the deadline.
    const until = addMonths(await platformNow(db()), 2)
    await db()
      .update(organisations)
      .set({ blacklistedUntil: until })
      .where(eq(organisations.id, orgOf(5)))
    const barred = [await bidOf(id, orgOf(4)), await bidOf(id, orgOf(5))]
    expect(barred[1]!.setAsideAt).toBeNull()

    await passTime(world, (await projectRow(id)).deadlineAt)
    const project = await projectRow(id)
    expect(project.status).toBe('awarded')
    const result = project.result as unknown as ProjectResult
    const barredIds = barred.map((b) => b.id)
    expect(result.draw!.signUpIds).toHaveLength(3)
    for (const bidId of barredIds) {
      expect(result.draw!.signUpIds).not.toContain(bidId)
      expect(result.draw!.order).not.toContain(bidId)
    }
    expect(result.ranking.map((r) => r.agencyId)).not.toContain(orgOf(4))
    expect(result.ranking.map((r) => r.agencyId)).not.toContain(orgOf(5))
    expect((await bidOf(id, orgOf(4))).invalidReason).toContain('已被搁置')
    expect((await bidOf(id, orgOf(5))).invalidReason).toBe('机构在失信名单中')
    await db()
      .update(organisations)
      .set({ blacklistedUntil: null })
      .where(eq(organisations.id, orgOf(5)))
  })

  it('after opening, sets aside a blacklisted bidder before the buyer’s scores rank it', async () => {
    const id = await publishedProject(world, world.department, {
      method: 'scoring',
      weightPrice: 40,
      weightQuality: 50,
      weightCredit: 10,
    })
    const receipts = []
    for (const i of [1, 2, 3, 9]) receipts.push(await bid(world, world.agencies[i]!, id, 40_000))
    await passTime(world, (await projectRow(id)).deadlineAt)
    expect((await projectRow(id)).status).toBe('opened')
    await blacklist(9, '提供虚假业绩材料，经核查属实')
    await enterQualityScores(
      as(world, world.department),
      id,
      Object.fromEntries(receipts.map((r, i) => [r.bidId, 60 + i * 10])),
    )
    const project = await projectRow(id)
    expect(project.status).toBe('awarded')
    // Agency 9 scored best (90) but is out; agency 3 (80) wins.
    expect(project.winnerAgencyId).toBe(orgOf(3))
    const result = project.result as unknown as ProjectResult
    expect(result.ranking.map((r) => r.agencyId)).not.toContain(orgOf(9))
    const setAside = await bidOf(id, orgOf(9))
    expect(setAside.valid).toBe(false)
    expect(setAside.invalidReason).toContain('提供虚假业绩材料')
  })
})

describe('while blacklisted and after', () => {
  it('refuses bids until the term ends by the database clock, then search and set-aside bids come back', async () => {
    const start = await platformNow(db())
    const far = new Date(start.getTime() + 60 * 86_400_000)
    const later = await publishedProject(world, world.department, { deadline: far })
    await bid(world, world.agencies[10]!, later, 45_000)
    expect(await visibility(orgOf(10))).toBe(true)

    const entry = await blacklist(10, '拒不配合监督检查，经调查属实', 1)
    expect((await bidOf(later, orgOf(10))).setAsideAt).not.toBeNull()
    expect(await visibility(orgOf(10))).toBe(false)
    const other = await publishedProject(world, world.department, { deadline: far })
    const refused = await errorOf(bid(world, world.agencies[10]!, other, 45_000))
    expect(refused).toBeInstanceOf(ValidationError)
    expect((refused as ValidationError).fieldErrors.price).toEqual([
      '贵机构不符合本项目的参与条件：机构在失信名单中',
    ])

    // The term has run out by the platform clock: bidding is open again at once.
    await moveClockTo(db(), new Date(entry.endsAt.getTime() + 86_400_000))
    await bid(world, world.agencies[10]!, other, 45_000)
    // Search follows when the clock step runs; the set-aside bid counts again.
    expect(await visibility(orgOf(10))).toBe(false)
    const report = await runBlacklistClock(db())
    expect(report.ended).toBeGreaterThanOrEqual(1)
    expect(await visibility(orgOf(10))).toBe(true)
    expect((await bidOf(later, orgOf(10))).setAsideAt).toBeNull()
    expect((await organisation(orgOf(10))).blacklistedUntil).toBeNull()
    // Idempotent: nothing left to end.
    expect(await runBlacklistClock(db())).toEqual({ ended: 0, bidsRestored: 0 })
    const [ended] = await db()
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'organisation.blacklist_ended'),
          eq(auditEvents.subjectId, orgOf(10)),
        ),
      )
    expect(ended?.data).toMatchObject({ bidsRestored: 1 })
  })
})
