import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { withdrawBid } from '../../models/bids.ts'
import {
  answerQuestion,
  askQuestion,
  listClarifications,
  publishClarification,
} from '../../models/clarifications.ts'
import { moveClockTo, platformNow } from '../../models/clock.ts'
import { auditEvents } from '../../models/db/schema.ts'
import { clarifications, notifications, projects } from '../../models/db/schema-procedures.ts'
import { ForbiddenError, NotFoundError, ValidationError } from '../../models/errors.ts'
import { getProjectTimeline } from '../../models/project-queries.ts'
import { earliestDeadline } from '../../models/rules/workdays.ts'
import { loadWorkdayCalendar } from '../../models/workday-calendar.ts'
import { ctxFor } from '../setup/test-database.ts'
import { as, bid, publishedProject, setUpProcedures } from './procedure-fixture.ts'

const world = setUpProcedures(5)

const QUESTION = '请问报告表是否需要包含地下水专项评价内容？'

async function projectRow(id: string) {
  const [row] = await world.handle.db.select().from(projects).where(eq(projects.id, id))
  return row!
}

async function clarificationRow(id: string) {
  const [row] = await world.handle.db.select().from(clarifications).where(eq(clarifications.id, id))
  return row!
}

async function messagesFor(orgId: string, link: string) {
  return world.handle.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.organisationId, orgId), eq(notifications.link, link)))
}

describe('clarifications (答疑)', () => {
  it('never shows the asking agency to the buyer or the public', async () => {
    const [asker, other] = world.agencies
    const id = await publishedProject(world, world.department)
    const questionId = await askQuestion(as(world, asker!), id, QUESTION)

    const secrets = [asker!.organisationId!, asker!.organisationName!, asker!.name, asker!.userId]
    const expectHidden = (value: unknown) => {
      const json = JSON.stringify(value)
      for (const secret of secrets) expect(json).not.toContain(secret)
    }

    const forBuyer = await listClarifications(as(world, world.department), id)
    expect(forBuyer.isBuyer).toBe(true)
    expect(forBuyer.rows).toEqual([
      expect.objectContaining({ id: questionId, question: QUESTION, answer: null, mine: false }),
    ])
    expectHidden(forBuyer)

    // The public and other agencies see that a question waits, not what it is.
    const forPublic = await listClarifications(ctxFor(world.handle), id)
    expect(forPublic.rows).toEqual([
      expect.objectContaining({ id: questionId, question: null, answer: null, mine: false }),
    ])
    expectHidden(forPublic)
    const forOther = await listClarifications(as(world, other!), id)
    expect(forOther.rows[0]).toMatchObject({ question: null, mine: false })

    const forAsker = await listClarifications(as(world, asker!), id)
    expect(forAsker.rows[0]).toMatchObject({ question: QUESTION, mine: true })

    const buyerInbox = await messagesFor(world.department.organisationId!, `/projects/${id}/qa`)
    expect(buyerInbox.map((m) => m.kind)).toEqual(['clarification.asked'])
    expectHidden(buyerInbox)

    await answerQuestion(as(world, world.department), id, questionId, {
      answer: '需要，按导则要求编写地下水专项。',
      changesScope: false,
    })
    const answered = await listClarifications(ctxFor(world.handle), id)
    expect(answered.rows[0]).toMatchObject({
      question: QUESTION,
      answer: '需要，按导则要求编写地下水专项。',
    })
    expectHidden(answered)

    const timeline = await getProjectTimeline(world.handle.db, id)
    expect(timeline.map((row) => row.kind)).toEqual(
      expect.arrayContaining(['clarification.asked', 'clarification.answered']),
    )
    expectHidden(timeline)

    // The audit log (supervisors only) keeps who asked.
    const [audit] = await world.handle.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'clarification.asked'), eq(auditEvents.subjectId, id)))
    expect(audit!.actorUserId).toBe(asker!.userId)
    expect(audit!.data).toMatchObject({
      clarificationId: questionId,
      agencyId: asker!.organisationId,
    })
  })

  it('lets only the project’s buyer answer, once', async () => {
    const [asker] = world.agencies
    const id = await publishedProject(world, world.department)
    const questionId = await askQuestion(as(world, asker!), id, QUESTION)
    const input = { answer: '不需要。', changesScope: false }
    await expect(answerQuestion(as(world, asker!), id, questionId, input)).rejects.toThrow(
      ForbiddenError,
    )
    await expect(
      answerQuestion(as(world, world.enterprise), id, questionId, input),
    ).rejects.toThrow(ForbiddenError)
    await expect(
      answerQuestion(as(world, world.supervisor), id, questionId, input),
    ).rejects.toThrow(ForbiddenError)
    await expect(answerQuestion(ctxFor(world.handle), id, questionId, input)).rejects.toThrow(
      /请先登录/,
    )
    expect((await clarificationRow(questionId)).answeredAt).toBeNull()

    await answerQuestion(as(world, world.department), id, questionId, input)
    expect(await clarificationRow(questionId)).toMatchObject({
      answer: '不需要。',
      answeredBy: world.department.userId,
    })
    await expect(
      answerQuestion(as(world, world.department), id, questionId, input),
    ).rejects.toThrow(/已经答复/)
    // Only agencies ask.
    await expect(askQuestion(as(world, world.department), id, QUESTION)).rejects.toThrow(
      ForbiddenError,
    )
    // A question id from another project is not this project's.
    const otherId = await publishedProject(world, world.department)
    await expect(
      answerQuestion(as(world, world.department), otherId, questionId, input),
    ).rejects.toThrow(NotFoundError)
  })

  it('checks the texts with Chinese messages', async () => {
    const id = await publishedProject(world, world.department)
    const error = await askQuestion(as(world, world.agencies[0]!), id, '太短').catch((e) => e)
    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).fieldErrors).toEqual({ question: ['问题至少 5 个字'] })
    await expect(
      publishClarification(as(world, world.department), id, { answer: '', changesScope: false }),
    ).rejects.toThrow(/补充说明至少 2 个字/)
  })

  it('refuses questions and answers once the deadline has passed by the platform clock', async () => {
    const [asker] = world.agencies
    const id = await publishedProject(world, world.department)
    const deadline = (await projectRow(id)).deadlineAt
    await moveClockTo(world.handle.db, new Date(deadline.getTime() - 5000))
    const questionId = await askQuestion(as(world, asker!), id, QUESTION)
    await moveClockTo(world.handle.db, new Date(deadline.getTime() + 1))
    await expect(askQuestion(as(world, asker!), id, QUESTION)).rejects.toThrow(/已过截止时间/)
    await expect(
      answerQuestion(as(world, world.department), id, questionId, {
        answer: '不需要。',
        changesScope: true,
      }),
    ).rejects.toThrow(/已过截止时间/)
    await expect(
      publishClarification(as(world, world.department), id, {
        answer: '补充一项说明。',
        changesScope: false,
      }),
    ).rejects.toThrow(/已过截止时间/)
    expect((await clarificationRow(questionId)).answeredAt).toBeNull()
    expect((await projectRow(id)).deadlineAt).toEqual(deadline)
    const listed = await listClarifications(as(world, world.department), id)
    expect(listed.open).toBe(false)
    expect(listed.rows).toHaveLength(1)
  })

  it('moves the deadline at least 2 working days out on a scope change and tells every bidder and asker', async () => {
    const [asker, bidder, withdrawn, otherAsker, bystander] = world.agencies
    const id = await publishedProject(world, world.department)
    const link = `/projects/${id}/qa`
    await bid(world, bidder!, id, 40_000)
    await bid(world, withdrawn!, id, 41_000)
    await withdrawBid(as(world, withdrawn!), id)
    await askQuestion(as(world, otherAsker!), id, '请问是否需要提供现场踏勘记录？')
    const before = (await projectRow(id)).deadlineAt
    // An hour before the deadline: less than 2 working days remain.
    await moveClockTo(world.handle.db, new Date(before.getTime() - 3600_000))
    const questionId = await askQuestion(as(world, asker!), id, QUESTION)

    const calendar = await loadWorkdayCalendar(world.handle.db)
    const earliest = calendar.addWorkdays(await platformNow(world.handle.db), 2)
    await answerQuestion(as(world, world.department), id, questionId, {
      answer: '需要增加地下水专项评价，工作量相应增加。',
      changesScope: true,
    })
    // Rounded up to the minute, as deadlines are typed and shown.
    const latest = earliestDeadline(await platformNow(world.handle.db), calendar)

    const after = (await projectRow(id)).deadlineAt
    expect(after.getTime()).toBeGreaterThanOrEqual(earliest.getTime())
    expect(after.getTime()).toBeLessThanOrEqual(latest.getTime())
    expect(calendar.workdaysBetween(before, after)).toBeGreaterThanOrEqual(1)
    expect(await clarificationRow(questionId)).toMatchObject({
      changesScope: true,
      deadlineBefore: before,
      deadlineAfter: after,
    })

    expect((await messagesFor(bidder!.organisationId!, link)).map((m) => m.kind)).toEqual([
      'clarification.scope_changed',
    ])
    expect((await messagesFor(otherAsker!.organisationId!, link)).map((m) => m.kind)).toEqual([
      'clarification.scope_changed',
    ])
    const askerMessages = await messagesFor(asker!.organisationId!, link)
    expect(askerMessages.map((m) => m.kind)).toEqual(['clarification.answered'])
    expect(askerMessages[0]!.body).toContain('顺延至')
    expect(await messagesFor(withdrawn!.organisationId!, link)).toEqual([])
    expect(await messagesFor(bystander!.organisationId!, link)).toEqual([])

    const timeline = await getProjectTimeline(world.handle.db, id)
    expect(timeline.at(-1)).toMatchObject({ kind: 'clarification.answered' })
    expect(timeline.at(-1)!.summary).toContain('顺延至')

    // The old deadline no longer closes bidding.
    await moveClockTo(world.handle.db, new Date(before.getTime() + 60_000))
    await bid(world, bystander!, id, 42_000)
  })

  it('leaves the deadline alone for an ordinary answer, and keeps a later one on a scope change', async () => {
    const [asker, bidder] = world.agencies
    const id = await publishedProject(world, world.department)
    const link = `/projects/${id}/qa`
    await bid(world, bidder!, id, 40_000)
    const deadline = (await projectRow(id)).deadlineAt
    const first = await askQuestion(as(world, asker!), id, QUESTION)
    await answerQuestion(as(world, world.department), id, first, {
      answer: '不需要。',
      changesScope: false,
    })
    expect((await projectRow(id)).deadlineAt).toEqual(deadline)
    expect(await clarificationRow(first)).toMatchObject({
      changesScope: false,
      deadlineBefore: null,
      deadlineAfter: null,
    })
    expect(await messagesFor(bidder!.organisationId!, link)).toEqual([])
    expect((await messagesFor(asker!.organisationId!, link)).map((m) => m.kind)).toEqual([
      'clarification.answered',
    ])

    // 3 working days remain: a scope change keeps the current, later deadline.
    const second = await askQuestion(as(world, asker!), id, '请问是否需要编制公众参与说明？')
    await answerQuestion(as(world, world.department), id, second, {
      answer: '需要，已补充进服务范围。',
      changesScope: true,
    })
    expect((await projectRow(id)).deadlineAt).toEqual(deadline)
    expect(await clarificationRow(second)).toMatchObject({
      deadlineBefore: deadline,
      deadlineAfter: deadline,
    })
    expect((await messagesFor(bidder!.organisationId!, link)).map((m) => m.kind)).toEqual([
      'clarification.scope_changed',
    ])
  })

  it('publishes the buyer’s own 补充说明 with the same scope rule', async () => {
    const [bidder] = world.agencies
    const id = await publishedProject(world, world.department)
    const link = `/projects/${id}/qa`
    await bid(world, bidder!, id, 40_000)
    const before = (await projectRow(id)).deadlineAt
    await moveClockTo(world.handle.db, new Date(before.getTime() - 60_000))
    const noteId = await publishClarification(as(world, world.department), id, {
      answer: '服务范围增加竣工环保验收咨询。',
      changesScope: true,
    })
    const after = (await projectRow(id)).deadlineAt
    expect(after > before).toBe(true)
    const listed = await listClarifications(ctxFor(world.handle), id)
    expect(listed.rows).toEqual([
      expect.objectContaining({
        id: noteId,
        kind: 'supplement',
        question: null,
        answer: '服务范围增加竣工环保验收咨询。',
        changesScope: true,
        deadlineBefore: before,
        deadlineAfter: after,
      }),
    ])
    expect(listed.project.deadlineAt).toEqual(after)
    expect((await messagesFor(bidder!.organisationId!, link)).map((m) => m.kind)).toEqual([
      'clarification.scope_changed',
    ])
    const timeline = await getProjectTimeline(world.handle.db, id)
    expect(timeline.at(-1)).toMatchObject({ kind: 'clarification.published' })
    // Another buyer cannot publish on this project.
    await expect(
      publishClarification(as(world, world.enterprise), id, {
        answer: '补充一项说明。',
        changesScope: false,
      }),
    ).rejects.toThrow(ForbiddenError)
  })
})
