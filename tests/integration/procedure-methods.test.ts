import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { sha256 } from '../../models/audit.ts'
import { moveClockTo, platformNow } from '../../models/clock.ts'
import { bids, projects } from '../../models/db/schema-procedures.ts'
import { organisations } from '../../models/db/schema.ts'
import { ValidationError } from '../../models/errors.ts'
import { ruleObjection } from '../../models/objection-rulings.ts'
import { answerObjection, escalateObjection, fileObjection } from '../../models/objections.ts'
import { enterQualityScores, respondToInvitation } from '../../models/project-evaluation.ts'
import type { ProjectResult } from '../../models/project-award.ts'
import { cancelProject, republishProject } from '../../models/project-endings.ts'
import { publishProject, saveAndPublishProject, saveProjectDraft } from '../../models/projects.ts'
import { drawCommitment, runDraw } from '../../models/rules/draw.ts'
import { verifyDraw } from '../../scripts/verify-draw-core.ts'
import {
  as,
  bid,
  passTime,
  projectForm,
  publishedProject,
  setUpProcedures,
} from './procedure-fixture.ts'

const world = setUpProcedures(6)

async function projectRow(id: string) {
  const [row] = await world.handle.db.select().from(projects).where(eq(projects.id, id))
  return row!
}

const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => e,
  )

describe('random draw (随机抽取)', () => {
  it('publishes a commitment, draws verifiably after the deadline and reveals the secret', async () => {
    const id = await publishedProject(world, world.department, { method: 'lottery' })
    const published = await projectRow(id)
    expect(published.drawCommitment).toMatch(/^[0-9a-f]{64}$/)
    expect(published.drawSecret).toBeNull()
    for (const agency of world.agencies.slice(0, 5)) await bid(world, agency, id, 40_000)
    await passTime(world, published.deadlineAt)
    const project = await projectRow(id)
    expect(project.status).toBe('awarded')
    expect(drawCommitment(project.drawSecret!, sha256)).toBe(project.drawCommitment)
    const result = project.result as unknown as ProjectResult
    const check = verifyDraw({
      secretHex: project.drawSecret!,
      commitment: project.drawCommitment!,
      signUpIds: result.draw!.signUpIds,
      projectId: id,
      publishedOrder: result.draw!.order,
    })
    expect(check.ok).toBe(true)
    const [winnerBid] = await world.handle.db
      .select()
      .from(bids)
      .where(eq(bids.id, result.draw!.order[0]!))
    expect(project.winnerAgencyId).toBe(winnerBid!.agencyId)
    expect(result.ranking.map((r) => r.note).slice(0, 3)).toEqual(['抽中', '候补 1', '候补 2'])
  })

  it('after an upheld objection promotes the next name of the original draw instead of drawing again', async () => {
    const id = await publishedProject(world, world.department, { method: 'lottery' })
    for (const agency of world.agencies.slice(0, 5)) await bid(world, agency, id, 40_000)
    await passTime(world, (await projectRow(id)).deadlineAt)
    const first = (await projectRow(id)).result as unknown as ProjectResult
    const [winner, backup] = first.ranking
    const loser = first.ranking.at(-1)!
    const loserActor = world.agencies.find((a) => a.organisationId === loser.agencyId)!
    const objection = await fileObjection(as(world, loserActor), id, {
      grounds: '中选机构的资质证书在截止日前已被吊销，不符合参与条件。',
    })
    await answerObjection(as(world, world.department), objection.id, {
      answer: '已核实，资质有效。',
    })
    await escalateObjection(as(world, loserActor), objection.id, {
      reason: '采购人答复不能成立，请求监管部门处理。',
    })
    await ruleObjection(as(world, world.supervisor), objection.id, {
      ruling: 'upheld',
      remedy: 're_evaluate',
      reason: '经核查中选机构资质已被吊销。',
      invalidBidIds: [winner!.bidId],
    })
    const project = await projectRow(id)
    expect(project.status).toBe('awarded')
    expect(project.winnerAgencyId).toBe(backup!.agencyId)
    expect((project.result as unknown as ProjectResult).draw!.order).toEqual(first.draw!.order)
  })

  it('the same secret, sign-ups and project always give the same order', () => {
    const input = {
      secretHex: 'ab'.repeat(32),
      signUpIds: ['c', 'a', 'b', 'd'],
      projectId: 'p-1',
      sha256,
    }
    expect(runDraw(input).order).toEqual(
      runDraw({ ...input, signUpIds: ['d', 'b', 'a', 'c'] }).order,
    )
  })
})

describe('comprehensive scoring (综合评分)', () => {
  it('waits for the panel, then ranks by price, quality and credit with the published weights', async () => {
    const id = await publishedProject(world, world.department, {
      method: 'scoring',
      weightPrice: 40,
      weightQuality: 50,
      weightCredit: 10,
    })
    const [a, b, c] = world.agencies
    const ra = await bid(world, a!, id, 40_000) // price score 100
    const rb = await bid(world, b!, id, 50_000) // price score 80
    const rc = await bid(world, c!, id, 45_000)
    await passTime(world, (await projectRow(id)).deadlineAt)
    expect((await projectRow(id)).status).toBe('opened')
    const outsider = world.agencies[3]!
    expect(await errorOf(enterQualityScores(as(world, outsider), id, {}))).toBeTruthy()
    expect(
      await errorOf(enterQualityScores(as(world, world.department), id, { [ra.bidId]: 60 })),
    ).toBeInstanceOf(ValidationError)
    // a: 0.4·100 + 0.5·60 + 0.1·credit; b: 0.4·80 + 0.5·95 + 0.1·credit. The credit scores are
    // those taken at opening: earlier tests' lapsed contracts may have lowered them.
    const creditAt = async (bidId: string) =>
      (await world.handle.db.select().from(bids).where(eq(bids.id, bidId)))[0]!.creditScore!
    await enterQualityScores(as(world, world.department), id, {
      [ra.bidId]: 60,
      [rb.bidId]: 95,
      [rc.bidId]: 70,
    })
    const project = await projectRow(id)
    expect(project.status).toBe('awarded')
    expect(project.winnerAgencyId).toBe(b!.organisationId)
    const ranking = (project.result as unknown as ProjectResult).ranking
    const [creditA, creditB] = [await creditAt(ra.bidId), await creditAt(rb.bidId)]
    expect(ranking.find((r) => r.bidId === rb.bidId)!.total).toBeCloseTo(79.5 + creditB / 10, 6)
    expect(ranking.find((r) => r.bidId === ra.bidId)!.total).toBeCloseTo(70 + creditA / 10, 6)
    expect(ranking[0]!.bidId).toBe(rb.bidId)
  })
})

describe('direct selection (直接选取)', () => {
  it('lets an enterprise invite one agency, which accepts within its own fee', async () => {
    const agency = world.agencies[4]!
    const id = await publishedProject(world, world.enterprise, {
      method: 'direct',
      directAgencyId: agency.organisationId!,
    })
    expect(
      await errorOf(
        respondToInvitation(as(world, world.agencies[0]!), id, {
          accept: true,
          priceFen: 3_000_000,
        }),
      ),
    ).toBeTruthy()
    await respondToInvitation(as(world, agency), id, { accept: true, priceFen: 3_000_000 })
    const project = await projectRow(id)
    expect(project.status).toBe('awarded')
    expect(project.awardFinalAt).not.toBeNull()
    expect(project.awardedPriceFen).toBe(3_000_000)
  })

  it('fails when the invited agency declines', async () => {
    const agency = world.agencies[4]!
    const id = await publishedProject(world, world.enterprise, {
      method: 'direct',
      directAgencyId: agency.organisationId!,
    })
    await respondToInvitation(as(world, agency), id, { accept: false, reason: '近期人手不足' })
    expect((await projectRow(id)).status).toBe('failed')
  })

  it('is never allowed for a department or budget money', async () => {
    const ctx = as(world, world.department)
    const error = await errorOf(
      saveProjectDraft(
        ctx,
        projectForm({
          method: 'direct',
          funding: 'budget',
          directAgencyId: world.agencies[0]!.organisationId!,
        }),
      ),
    )
    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).fieldErrors.method).toBeDefined()
  })
})

describe('publishing rules', () => {
  it('keeps a department to budget money even when a crafted form says otherwise', async () => {
    const error = await errorOf(
      saveProjectDraft(as(world, world.department), projectForm({ funding: 'own' })),
    )
    expect((error as ValidationError).fieldErrors.funding).toEqual([
      '政府部门的项目资金来源为财政资金',
    ])
  })

  it('refuses a deadline less than 2 working days after publication', async () => {
    const now = await platformNow(world.handle.db)
    const ctx = as(world, world.department)
    const id = await saveProjectDraft(
      ctx,
      projectForm({ deadline: new Date(now.getTime() + 3600_000) }),
    )
    const error = await errorOf(publishProject(ctx, id))
    expect((error as ValidationError).fieldErrors.deadline?.[0]).toContain('2 个工作日')
  })

  it('makes one project of a form sent twice at once (a double click), saved or published', async () => {
    const ctx = as(world, world.department)
    const titled = async (title: string) =>
      world.handle.db.select().from(projects).where(eq(projects.title, title))

    const drafted = projectForm({ title: '双击保存草稿的项目', submissionKey: 'key-draft-0001' })
    const [a, b] = await Promise.all([
      saveProjectDraft(ctx, drafted),
      saveProjectDraft(ctx, drafted),
    ])
    expect(a).toBe(b)
    expect(await titled(drafted.title)).toHaveLength(1)

    const published = projectForm({ title: '双击发布公告的项目', submissionKey: 'key-publish-01' })
    const ids = await Promise.all([
      saveAndPublishProject(ctx, published),
      saveAndPublishProject(ctx, published),
    ])
    expect(ids[0]).toBe(ids[1])
    const rows = await titled(published.title)
    expect(rows.map((r) => r.status)).toEqual(['published'])
    // Another form (another key) is another project, even with the same words.
    await saveProjectDraft(ctx, { ...drafted, submissionKey: 'key-draft-0002' })
    expect(await titled(drafted.title)).toHaveLength(2)
    // Another buyer may happen on the same key: it is only unique per buyer.
    await saveProjectDraft(
      as(world, world.enterprise),
      projectForm({
        title: '双击保存草稿的项目',
        funding: 'own',
        submissionKey: 'key-draft-0001',
      }),
    )
    expect(await titled(drafted.title)).toHaveLength(3)
  })

  it('refuses publication by an unverified department', async () => {
    const [unverified] = await world.handle.db
      .update(organisations)
      .set({ verifiedAt: null })
      .where(eq(organisations.id, world.department.organisationId!))
      .returning()
    try {
      const ctx = as(world, world.department)
      const id = await saveProjectDraft(ctx, projectForm())
      expect(await errorOf(publishProject(ctx, id))).toBeTruthy()
    } finally {
      await world.handle.db
        .update(organisations)
        .set({ verifiedAt: new Date() })
        .where(eq(organisations.id, unverified!.id))
    }
  })

  it('cancels only before the deadline, and never another buyer’s project', async () => {
    const id = await publishedProject(world, world.department)
    expect(
      await errorOf(cancelProject(as(world, world.enterprise), id, '不再需要该项服务')),
    ).toBeTruthy()
    const deadline = (await projectRow(id)).deadlineAt
    await moveClockTo(world.handle.db, new Date(deadline.getTime() + 1000))
    expect(
      await errorOf(cancelProject(as(world, world.department), id, '不再需要该项服务')),
    ).toBeInstanceOf(ValidationError)
    const other = await publishedProject(world, world.department)
    await cancelProject(as(world, world.department), other, '项目计划调整，暂缓实施')
    const cancelled = await projectRow(other)
    expect(cancelled.status).toBe('cancelled')
    expect(cancelled.endReason).toBe('项目计划调整，暂缓实施')
    // A second tab cancelling again is told the project is already cancelled.
    const again = await errorOf(cancelProject(as(world, world.department), other, '再次撤销项目'))
    expect((again as ValidationError).fieldErrors.reason).toEqual(['项目已撤销'])

    // Republished twice (a double click, two tabs): one copy, found again the second time.
    const copy = await republishProject(as(world, world.department), other)
    expect(await republishProject(as(world, world.department), other)).toBe(copy)
    // A copy dropped as a draft makes room for a new one.
    await cancelProject(as(world, world.department), copy, '草稿内容有误，重新复制')
    expect(await republishProject(as(world, world.department), other)).not.toBe(copy)
  })

  it('keeps a suspended or blacklisted agency out of bidding', async () => {
    const id = await publishedProject(world, world.department)
    const agency = world.agencies[5]!
    const until = new Date(Date.now() + 365 * 86_400_000)
    await world.handle.db
      .update(organisations)
      .set({ blacklistedUntil: until })
      .where(eq(organisations.id, agency.organisationId!))
    try {
      await expect(bid(world, agency, id, 30_000)).rejects.toThrow(/失信名单/)
    } finally {
      await world.handle.db
        .update(organisations)
        .set({ blacklistedUntil: null })
        .where(eq(organisations.id, agency.organisationId!))
    }
  })
})
