import { and, eq, isNull } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { signUp } from '../../models/accounts.ts'
import { organisations } from '../../models/db/schema.ts'
import { buildSignUp } from '../../seed/factories.ts'
import { ctxFor } from '../setup/test-database.ts'
import { listAuditEvents, verifyAuditChain } from '../../models/audit.ts'
import { moveClockTo } from '../../models/clock.ts'
import { answerComplaint, fileComplaint } from '../../models/complaints.ts'
import { ForbiddenError } from '../../models/errors.ts'
import { getSupervisorQueues } from '../../models/supervisor-queues.ts'
import { loadWorkdayCalendar } from '../../models/workday-calendar.ts'
import { as, setUpProcedures } from './procedure-fixture.ts'

const world = setUpProcedures(2)
const db = () => world.handle.db
const queue = async (key: string) =>
  (await getSupervisorQueues(as(world, world.supervisor))).find((q) => q.key === key)!

describe('supervisor console', () => {
  it('counts each queue with its nearest deadline and flags what is overdue', async () => {
    const agency = world.agencies[0]!
    expect(await queue('complaints')).toMatchObject({ open: 0, nextDueAt: null, overdue: 0 })
    const first = await fileComplaint(as(world, world.enterprise), {
      targetType: 'agency',
      targetOrganisationId: agency.organisationId,
      subject: '索要额外费用',
      grounds: '该机构在服务过程中多次要求另行支付“加急费”，并拒绝出具正式发票。',
    })
    expect(await queue('complaints')).toMatchObject({
      open: 1,
      nextDueAt: first.answerDueAt,
      overdue: 0,
    })

    await moveClockTo(db(), new Date(first.answerDueAt.getTime() + 60_000))
    expect((await queue('complaints')).overdue).toBe(1)
    await answerComplaint(as(world, world.supervisor), first.id, {
      outcome: 'unsubstantiated',
      answer: '经核查，加急费系合同约定的可选服务，投诉不属实。',
    })
    expect(await queue('complaints')).toMatchObject({ open: 0, overdue: 0 })

    // Every queue is listed with its time limit, even when empty.
    const all = await getSupervisorQueues(as(world, world.supervisor))
    expect(all.map((q) => q.key)).toEqual([
      'verify',
      'objections',
      'complaints',
      'findings',
      'appeals',
      'flags',
      'inspections',
    ])
  })

  it('counts a department waiting for verification, due three working days after sign-up', async () => {
    const before = await queue('verify')
    await signUp(ctxFor(world.handle), buildSignUp({ kind: 'department' }))
    const [department] = await db()
      .select({ createdAt: organisations.createdAt })
      .from(organisations)
      .where(and(eq(organisations.kind, 'department'), isNull(organisations.verifiedAt)))
    const calendar = await loadWorkdayCalendar(db())
    const after = await queue('verify')
    expect(after.open).toBe(before.open + 1)
    expect(after.nextDueAt).toEqual(calendar.addWorkdays(department!.createdAt, 3))
  })

  it('is for supervisors only', async () => {
    for (const actor of [world.department, world.agencies[0]!])
      await expect(getSupervisorQueues(as(world, actor))).rejects.toThrow(ForbiddenError)
    await expect(listAuditEvents(as(world, world.enterprise), {})).rejects.toThrow(ForbiddenError)
  })

  it('filters the audit log by action prefix, subject and time, and verifies the chain', async () => {
    const ctx = as(world, world.supervisor)
    const complaintEvents = await listAuditEvents(ctx, { action: 'complaint.' })
    expect(complaintEvents.map((e) => e.action).sort()).toEqual([
      'complaint.answered',
      'complaint.filed',
    ])
    const filed = complaintEvents.find((e) => e.action === 'complaint.filed')!
    const bySubject = await listAuditEvents(ctx, {
      subjectType: filed.subjectType,
      subjectId: filed.subjectId!,
    })
    expect(bySubject.every((e) => e.subjectId === filed.subjectId)).toBe(true)
    // Named as people know them: the complainant and their organisation.
    expect(filed).toMatchObject({
      actorName: expect.any(String),
      actorOrganisationName: expect.any(String),
    })
    expect(bySubject.length).toBeGreaterThanOrEqual(2)
    // The first 8 characters, as the log shows them, find the same events.
    const byShownId = await listAuditEvents(ctx, {
      subjectType: filed.subjectType,
      subjectId: ` ${filed.subjectId!.slice(0, 8)} `,
    })
    expect(byShownId.map((e) => e.seq)).toEqual(bySubject.map((e) => e.seq))
    // The prefix is matched literally: a LIKE wildcard finds nothing.
    expect(await listAuditEvents(ctx, { action: '%.' })).toEqual([])
    const later = await listAuditEvents(ctx, { from: new Date(filed.occurredAt.getTime() + 1) })
    expect(later.some((e) => e.seq === filed.seq)).toBe(false)
    const report = await verifyAuditChain(db())
    expect(report.problem).toBeNull()
    expect(report.checked).toBeGreaterThan(complaintEvents.length)
  })
})
