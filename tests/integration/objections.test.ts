import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { moveClockTo, platformNow } from '../../models/clock.ts'
import type { Actor } from '../../models/context.ts'
import { bids, notifications, objections, projects } from '../../models/db/schema-procedures.ts'
import { ForbiddenError, ValidationError } from '../../models/errors.ts'
import { getObjectionsPanel } from '../../models/objection-queries.ts'
import { ruleObjection } from '../../models/objection-rulings.ts'
import {
  answerObjection,
  escalateObjection,
  fileObjection,
  withdrawObjection,
} from '../../models/objections.ts'
import type { ProjectResult } from '../../models/project-award.ts'
import { runProcedureClock } from '../../models/project-scheduler.ts'
import { republishProject } from '../../models/project-endings.ts'
import { loadWorkdayCalendar } from '../../models/workday-calendar.ts'
import { as, bid, passTime, publishedProject, setUpProcedures } from './procedure-fixture.ts'

const world = setUpProcedures(5)
const db = () => world.handle.db

async function projectRow(id: string) {
  const [row] = await db().select().from(projects).where(eq(projects.id, id))
  return row!
}

async function objectionRow(id: string) {
  const [row] = await db().select().from(objections).where(eq(objections.id, id))
  return row!
}

/** Four agencies quote 30,000 / 31,000 / 32,000 / 33,000 元: the first wins; the fifth stays out. */
async function awardedProject() {
  const id = await publishedProject(world, world.department)
  const bidIds: string[] = []
  for (const [i, agency] of world.agencies.slice(0, 4).entries())
    bidIds.push((await bid(world, agency, id, 30_000 + i * 1000)).bidId)
  await passTime(world, (await projectRow(id)).deadlineAt)
  const project = await projectRow(id)
  expect(project.status).toBe('awarded')
  expect(project.winnerAgencyId).toBe(world.agencies[0]!.organisationId)
  return { id, bidIds, project }
}

const grounds = '中选机构的报价明显低于成本，且未按要求提供业绩证明材料。'

/** A loser's objection, answered by the buyer and escalated: ready for a ruling. */
async function escalatedObjection(projectId: string, objector: Actor) {
  const objection = await fileObjection(as(world, objector), projectId, { grounds })
  await answerObjection(as(world, world.department), objection.id, {
    answer: '经核查，中选机构的业绩材料齐全，报价经说明合理。',
  })
  await escalateObjection(as(world, objector), objection.id, { reason: '答复未回应成本问题。' })
  return objection.id
}

async function inboxKinds(organisationId: string | null) {
  const rows = await db()
    .select({ kind: notifications.kind })
    .from(notifications)
    .where(
      organisationId
        ? eq(notifications.organisationId, organisationId)
        : eq(notifications.forSupervisors, true),
    )
  return rows.map((r) => r.kind)
}

describe('objections (质疑) during award publicity', () => {
  it('lets a participant object, the buyer answer and the objector escalate; refuses outsiders', async () => {
    const [, loser, other] = world.agencies
    const outsider = world.agencies[4]!
    const { id, project } = await awardedProject()

    await expect(fileObjection(as(world, outsider), id, { grounds })).rejects.toBeInstanceOf(
      ForbiddenError,
    )
    await expect(
      fileObjection(as(world, world.department), id, { grounds }),
    ).rejects.toBeInstanceOf(ForbiddenError)

    const filed = await fileObjection(as(world, loser!), id, { grounds })
    const calendar = await loadWorkdayCalendar(db())
    expect(filed.answerDueAt).toEqual(calendar.addWorkdays(filed.filedAt, 3))
    expect(await inboxKinds(project.buyerId)).toContain('objection.filed')
    await expect(fileObjection(as(world, loser!), id, { grounds })).rejects.toThrow(/未办结/)

    // Before an answer, and before the answer is due, there is nothing to escalate yet.
    await expect(
      escalateObjection(as(world, loser!), filed.id, { reason: '采购人未答复。' }),
    ).rejects.toThrow(/答复期限未到/)
    await expect(
      answerObjection(as(world, world.enterprise), filed.id, { answer: '不是我们的项目。' }),
    ).rejects.toBeInstanceOf(ForbiddenError)

    await answerObjection(as(world, world.department), filed.id, { answer: '经核查，材料齐全。' })
    const answered = await objectionRow(filed.id)
    expect(answered.answer).toBe('经核查，材料齐全。')
    expect(answered.closedAt).toBeNull()
    expect(await inboxKinds(loser!.organisationId)).toContain('objection.answered')
    await expect(
      answerObjection(as(world, world.department), filed.id, { answer: '再答一次。' }),
    ).rejects.toThrow(/已答复/)
    await expect(
      escalateObjection(as(world, other!), filed.id, { reason: '代为提请。' }),
    ).rejects.toBeInstanceOf(ForbiddenError)

    await escalateObjection(as(world, loser!), filed.id, { reason: '答复未回应成本问题。' })
    expect((await objectionRow(filed.id)).escalatedAt).not.toBeNull()
    expect(await inboxKinds(null)).toContain('objection.escalated')

    const panel = await getObjectionsPanel(as(world, loser!), project)
    expect(panel.objections[0]).toMatchObject({ stage: 'escalated', mine: true, late: false })
    expect(panel.filing).toEqual({ ok: false, reason: expect.stringMatching(/未办结/) })

    // After publicity nobody may object any more.
    await moveClockTo(db(), new Date(project.publicityEndsAt!.getTime() + 1000))
    await expect(fileObjection(as(world, other!), id, { grounds })).rejects.toThrow(/公示期已结束/)
  })

  it('rules only on escalated objections, and only supervisors do', async () => {
    const { id, bidIds } = await awardedProject()
    const filed = await fileObjection(as(world, world.agencies[1]!), id, { grounds })
    const ruling = { ruling: 'dismissed', reason: '质疑缺乏事实依据。' } as const
    await expect(ruleObjection(as(world, world.supervisor), filed.id, ruling)).rejects.toThrow(
      /提请监管部门处理/,
    )
    await answerObjection(as(world, world.department), filed.id, { answer: '材料齐全。' })
    await escalateObjection(as(world, world.agencies[1]!), filed.id, { reason: '不服答复。' })
    await expect(
      ruleObjection(as(world, world.department), filed.id, ruling),
    ).rejects.toBeInstanceOf(ForbiddenError)
    await expect(
      ruleObjection(as(world, world.supervisor), filed.id, {
        ruling: 'upheld',
        remedy: 're_evaluate',
        reason: '须认定无效报价。',
        invalidBidIds: [],
      }),
    ).rejects.toBeInstanceOf(ValidationError)
    const otherProject = await publishedProject(world, world.department)
    await expect(
      ruleObjection(as(world, world.supervisor), filed.id, {
        ruling: 'upheld',
        remedy: 're_evaluate',
        reason: '报价不属于本项目。',
        invalidBidIds: [bidIds[0]!, otherProject],
      }),
    ).rejects.toThrow(/不属于本项目/)
  })

  it('upheld with re-evaluation: the invalid winner leaves, the next wins, publicity starts again', async () => {
    const [winner, second, third] = world.agencies
    const { id, bidIds, project } = await awardedProject()
    const objectionId = await escalatedObjection(id, second!)

    await ruleObjection(as(world, world.supervisor), objectionId, {
      ruling: 'upheld',
      remedy: 're_evaluate',
      reason: '中选机构提供的业绩材料虚假。',
      invalidBidIds: [bidIds[0]!],
    })

    const after = await projectRow(id)
    expect(after.status).toBe('awarded')
    expect(after.winnerAgencyId).toBe(second!.organisationId)
    expect(after.awardedPriceFen).toBe(3_100_000)
    expect(after.awardFinalAt).toBeNull()
    const now = await platformNow(db())
    const calendar = await loadWorkdayCalendar(db())
    expect(after.awardedAt!.getTime()).toBeGreaterThan(project.awardedAt!.getTime())
    expect(after.publicityEndsAt).toEqual(calendar.addWorkdays(after.awardedAt!, 3))
    expect(after.publicityEndsAt!.getTime()).toBeGreaterThan(now.getTime())

    const [voided] = await db().select().from(bids).where(eq(bids.id, bidIds[0]!))
    expect(voided!.valid).toBe(false)
    expect(voided!.invalidReason).toContain('中选机构提供的业绩材料虚假')
    const result = after.result as unknown as ProjectResult
    expect(result.ranking.map((r) => r.agencyId)).toEqual(
      world.agencies.slice(1, 4).map((a) => a.organisationId),
    )
    expect(result.excluded.map((e) => e.agencyId)).toContain(winner!.organisationId)

    const ruled = await objectionRow(objectionId)
    expect(ruled).toMatchObject({ ruling: 'upheld', remedy: 're_evaluate' })
    expect(ruled.closedAt).not.toBeNull()
    expect(await inboxKinds(third!.organisationId)).toContain('objection.ruled')
    expect(await inboxKinds(winner!.organisationId)).toContain('objection.ruled')

    // The new award has its own publicity: the former winner may object to it.
    const again = await fileObjection(as(world, winner!), id, { grounds })
    expect(again.projectId).toBe(id)
  })

  it('upheld with a re-run: the procedure fails and the buyer may publish it again', async () => {
    const { id } = await awardedProject()
    const objectionId = await escalatedObjection(id, world.agencies[2]!)
    const bystander = await fileObjection(as(world, world.agencies[3]!), id, { grounds })
    await ruleObjection(as(world, world.supervisor), objectionId, {
      ruling: 'upheld',
      remedy: 're_run',
      reason: '采购需求存在倾向性条款。',
    })
    const after = await projectRow(id)
    expect(after.status).toBe('failed')
    expect(after.winnerAgencyId).toBeNull()
    expect(after.endReason).toMatch(/质疑成立.*采购需求存在倾向性条款/)
    // The other objection was about an award that no longer exists.
    expect((await objectionRow(bystander.id)).closedAt).not.toBeNull()
    const copy = await republishProject(as(world, world.department), id)
    expect(copy).toBeTruthy()
  })

  it('dismissed: the objection closes and the award becomes final after publicity', async () => {
    const { id, project } = await awardedProject()
    const objectionId = await escalatedObjection(id, world.agencies[1]!)
    await passTime(world, project.publicityEndsAt!)
    expect((await projectRow(id)).awardFinalAt).toBeNull()

    await ruleObjection(as(world, world.supervisor), objectionId, {
      ruling: 'dismissed',
      reason: '质疑缺乏事实依据。',
    })
    const ruled = await objectionRow(objectionId)
    expect(ruled).toMatchObject({ ruling: 'dismissed', remedy: null })
    expect(ruled.closedAt).not.toBeNull()
    expect((await projectRow(id)).winnerAgencyId).toBe(world.agencies[0]!.organisationId)

    const report = await runProcedureClock(db())
    expect(report.awardsFinal).toBeGreaterThanOrEqual(1)
    expect((await projectRow(id)).awardFinalAt).not.toBeNull()
  })

  it('makes the award final only when no objection is open: withdrawn and lapsed ones close', async () => {
    const [, b, c] = world.agencies
    const { id, project } = await awardedProject()
    const kept = await fileObjection(as(world, b!), id, { grounds })
    const dropped = await fileObjection(as(world, c!), id, { grounds })
    await withdrawObjection(as(world, c!), dropped.id)
    expect((await objectionRow(dropped.id)).closedAt).not.toBeNull()

    // Publicity ends with one objection unanswered: the award waits.
    await passTime(world, project.publicityEndsAt!)
    expect((await projectRow(id)).awardFinalAt).toBeNull()

    // A late answer is taken and shown as late.
    await passTime(world, (await objectionRow(kept.id)).answerDueAt)
    await answerObjection(as(world, world.department), kept.id, { answer: '经核查，材料齐全。' })
    const panel = await getObjectionsPanel(as(world, b!), await projectRow(id))
    const view = panel.objections.find((o) => o.id === kept.id)!
    expect(view).toMatchObject({ late: true, stage: 'answered', canEscalate: true })

    // The objector lets 3 working days pass: it may no longer escalate, and the clock closes it.
    await moveClockTo(db(), new Date(view.escalationEndsAt!.getTime() + 1000))
    await expect(
      escalateObjection(as(world, b!), kept.id, { reason: '不服答复。' }),
    ).rejects.toThrow(/不能再提请/)
    const report = await runProcedureClock(db())
    expect(report.objectionsClosed).toBe(1)
    expect((await objectionRow(kept.id)).closedAt).not.toBeNull()
    expect((await projectRow(id)).awardFinalAt).not.toBeNull()
    const [lapsedNotice] = await db()
      .select()
      .from(notifications)
      .where(
        and(
          eq(notifications.organisationId, b!.organisationId!),
          eq(notifications.kind, 'objection.lapsed'),
        ),
      )
    expect(lapsedNotice).toBeDefined()
  })
})
