import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { moveClockTo } from '../../models/clock.ts'
import { listComplaintQueue, listPublicComplaints } from '../../models/complaint-queries.ts'
import { answerComplaint, fileComplaint, runComplaintClock } from '../../models/complaints.ts'
import { decideFinding, replyToFinding } from '../../models/credit-findings.ts'
import { getAgencyCreditPage } from '../../models/credit-queries.ts'
import { complaints, creditRecords } from '../../models/db/schema-credit.ts'
import { notifications } from '../../models/db/schema-procedures.ts'
import { organisations } from '../../models/db/schema.ts'
import { ForbiddenError, NotSignedInError, ValidationError } from '../../models/errors.ts'
import { creditRules } from '../../models/rules/credit-rules.ts'
import { loadWorkdayCalendar } from '../../models/workday-calendar.ts'
import { saveProjectDraft } from '../../models/projects.ts'
import { ctxFor } from '../setup/test-database.ts'
import { as, projectForm, publishedProject, setUpProcedures } from './procedure-fixture.ts'

const world = setUpProcedures(3)
const db = () => world.handle.db
const grounds = '该机构在服务过程中多次要求另行支付“加急费”，并拒绝出具正式发票。'

async function scoreOf(agencyId: string) {
  const [row] = await db()
    .select({ score: organisations.creditScore })
    .from(organisations)
    .where(eq(organisations.id, agencyId))
  return row!.score
}

async function supervisorMessages(kind: string, link?: string) {
  const rows = await db()
    .select({ link: notifications.link })
    .from(notifications)
    .where(and(eq(notifications.forSupervisors, true), eq(notifications.kind, kind)))
  return rows.filter((r) => !link || r.link === link)
}

async function inboxKinds(organisationId: string) {
  const rows = await db()
    .select({ kind: notifications.kind })
    .from(notifications)
    .where(eq(notifications.organisationId, organisationId))
  return rows.map((r) => r.kind)
}

describe('complaints (投诉)', () => {
  it('takes a complaint from anyone signed in, due in 10 working days; refuses bad targets', async () => {
    const agency = world.agencies[0]!
    const filed = await fileComplaint(as(world, world.enterprise), {
      targetType: 'agency',
      targetOrganisationId: agency.organisationId,
      subject: '索要额外费用',
      grounds,
    })
    const calendar = await loadWorkdayCalendar(db())
    expect(filed.answerDueAt).toEqual(calendar.addWorkdays(filed.filedAt, 10))
    expect(filed.complainantOrganisationId).toBe(world.enterprise.organisationId)
    expect(await supervisorMessages('complaint.filed')).toHaveLength(1)

    const complaint = { subject: '不当行为', grounds }
    await expect(
      fileComplaint(ctxFor(world.handle, null), {
        targetType: 'agency',
        targetOrganisationId: agency.organisationId,
        ...complaint,
      }),
    ).rejects.toBeInstanceOf(NotSignedInError)
    await expect(
      fileComplaint(as(world, world.supervisor), {
        targetType: 'agency',
        targetOrganisationId: agency.organisationId,
        ...complaint,
      }),
    ).rejects.toBeInstanceOf(ForbiddenError)
    await expect(
      fileComplaint(as(world, agency), {
        targetType: 'agency',
        targetOrganisationId: agency.organisationId,
        ...complaint,
      }),
    ).rejects.toThrow(/不能投诉本单位/)
    // A department is not an agency, and a buyer may be complained about only as a buyer.
    await expect(
      fileComplaint(as(world, agency), {
        targetType: 'agency',
        targetOrganisationId: world.department.organisationId,
        ...complaint,
      }),
    ).rejects.toBeInstanceOf(ValidationError)
    const asBuyer = await fileComplaint(as(world, agency), {
      targetType: 'buyer',
      targetOrganisationId: world.department.organisationId,
      ...complaint,
    })
    expect(asBuyer.targetOrganisationId).toBe(world.department.organisationId)

    const draft = await saveProjectDraft(as(world, world.department), projectForm())
    await expect(
      fileComplaint(as(world, agency), { targetType: 'project', projectId: draft, ...complaint }),
    ).rejects.toThrow(/找不到该项目/)
    const projectId = await publishedProject(world, world.department)
    await expect(
      fileComplaint(as(world, world.department), {
        targetType: 'project',
        projectId,
        ...complaint,
      }),
    ).rejects.toThrow(/本单位的项目/)
    const aboutProject = await fileComplaint(as(world, agency), {
      targetType: 'project',
      projectId,
      ...complaint,
    })
    expect(aboutProject).toMatchObject({ projectId, targetOrganisationId: null })

    // Tidy: answer them, so the overdue test below counts only its own.
    for (const id of [filed.id, asBuyer.id, aboutProject.id])
      await answerComplaint(as(world, world.supervisor), id, {
        outcome: 'unsubstantiated',
        answer: '经调查，投诉事项缺乏证据。',
      })
  })

  it('files one complaint when the same form is sent twice, even at the same moment', async () => {
    const form = {
      targetType: 'agency' as const,
      targetOrganisationId: world.agencies[1]!.organisationId,
      subject: '重复提交的投诉',
      grounds,
      submissionKey: 'page-view-0001',
    }
    const [first, second] = await Promise.all([
      fileComplaint(as(world, world.department), form),
      fileComplaint(as(world, world.department), form),
    ])
    expect(second.id).toBe(first.id)
    const again = await fileComplaint(as(world, world.department), form)
    expect(again.id).toBe(first.id)
    const link = `/supervisor/complaints#complaint-${first.id}`
    expect(await supervisorMessages('complaint.filed', link)).toHaveLength(1)
    // Another page view is another complaint, and another user's key is theirs alone.
    const next = await fileComplaint(as(world, world.department), {
      ...form,
      submissionKey: 'page-view-0002',
    })
    const other = await fileComplaint(as(world, world.enterprise), form)
    expect(new Set([first.id, next.id, other.id]).size).toBe(3)
  })

  it('takes an agency from complaint to finding, reply and confirmed deduction', async () => {
    const agency = world.agencies[1]!
    const other = world.agencies[2]!
    const filed = await fileComplaint(as(world, world.enterprise), {
      targetType: 'agency',
      targetOrganisationId: agency.organisationId,
      subject: '出具报告数据造假',
      grounds,
    })
    const answer = {
      outcome: 'substantiated',
      answer: '经核查，投诉反映的情况属实，已责令整改。',
      finding: { summary: '向业主额外收取加急费且未开具发票。' },
    } as const
    await expect(
      answerComplaint(as(world, world.department), filed.id, answer),
    ).rejects.toBeInstanceOf(ForbiddenError)
    await expect(
      answerComplaint(as(world, world.supervisor), filed.id, {
        ...answer,
        outcome: 'unsubstantiated',
      }),
    ).rejects.toThrow(/投诉属实/)

    const { record } = await answerComplaint(as(world, world.supervisor), filed.id, answer)
    expect(record).toMatchObject({
      agencyId: agency.organisationId,
      rule: 'complaint_substantiated',
      sourceType: 'complaint',
      sourceId: filed.id,
      status: 'pending',
      points: creditRules.complaint_substantiated.points,
    })
    expect(await scoreOf(agency.organisationId!)).toBe(100)
    expect(await inboxKinds(world.enterprise.organisationId!)).toContain('complaint.answered')
    expect(await inboxKinds(agency.organisationId!)).toEqual(
      expect.arrayContaining(['credit.finding', 'complaint.answered']),
    )
    await expect(answerComplaint(as(world, world.supervisor), filed.id, answer)).rejects.toThrow(
      /已答复/,
    )

    const reply = '加急费系业主书面同意的加急服务费用，发票已补开，附凭证。'
    await expect(replyToFinding(as(world, other), record!.id, reply)).rejects.toBeInstanceOf(
      ForbiddenError,
    )
    await expect(
      decideFinding(as(world, world.supervisor), record!.id, { confirm: true, reason: '维持。' }),
    ).rejects.toThrow(/尚未陈述意见/)
    await replyToFinding(as(world, agency), record!.id, reply)
    await expect(replyToFinding(as(world, agency), record!.id, reply)).rejects.toThrow(/已陈述/)
    await expect(
      decideFinding(as(world, agency), record!.id, { confirm: true, reason: '自行确认。' }),
    ).rejects.toBeInstanceOf(ForbiddenError)
    await decideFinding(as(world, world.supervisor), record!.id, {
      confirm: true,
      reason: '业主否认同意加急，凭证不能证明。',
    })
    expect(await scoreOf(agency.organisationId!)).toBe(
      100 + creditRules.complaint_substantiated.points,
    )

    const page = await getAgencyCreditPage(ctxFor(world.handle, null), agency.organisationId!)
    expect(page.score).toBe(95)
    expect(page.records[0]).toMatchObject({
      id: record!.id,
      status: 'final',
      why: 'counted',
      counted: -5,
      reply,
      decisionReason: '业主否认同意加急，凭证不能证明。',
      canReply: false,
      canAppeal: false,
    })
    const own = await getAgencyCreditPage(as(world, agency), agency.organisationId!)
    expect(own.viewer).toBe('own agency')
    expect(own.records[0]!.canAppeal).toBe(true)
  })

  it('publishes outcomes without naming the complainant', async () => {
    const agency = world.agencies[2]!
    const subject = '拖延提交成果'
    const filed = await fileComplaint(as(world, world.enterprise), {
      targetType: 'agency',
      targetOrganisationId: agency.organisationId,
      subject,
      grounds,
    })
    expect((await listPublicComplaints(db(), { outcome: null })).complaints).not.toContainEqual(
      expect.objectContaining({ id: filed.id }),
    )
    await answerComplaint(as(world, world.supervisor), filed.id, {
      outcome: 'substantiated',
      answer: '经查属实，已约谈该机构。',
      finding: { summary: '未按约定时限提交服务成果。' },
    })
    const published = await listPublicComplaints(db(), { outcome: 'substantiated' })
    expect(published.complaints[0]).toMatchObject({
      id: filed.id,
      subject,
      targetName: agency.organisationName,
      outcome: 'substantiated',
      late: false,
      recordStatus: 'pending',
    })
    const unsubstantiated = await listPublicComplaints(db(), { outcome: 'unsubstantiated' })
    expect(unsubstantiated.complaints.map((c) => c.id)).not.toContain(filed.id)
    expect(unsubstantiated.complaints.every((c) => c.outcome === 'unsubstantiated')).toBe(true)

    const credit = await getAgencyCreditPage(ctxFor(world.handle, null), agency.organisationId!)
    for (const data of [published, credit]) {
      const text = JSON.stringify(data)
      expect(text).not.toContain(world.enterprise.organisationName!)
      expect(text).not.toContain(world.enterprise.name)
      expect(text).not.toContain(world.enterprise.userId)
      expect(text).not.toContain(grounds)
    }
  })

  it('flags an unanswered complaint once after 10 working days, first in the queue', async () => {
    const agency = world.agencies[0]!
    const late = await fileComplaint(as(world, world.enterprise), {
      targetType: 'agency',
      targetOrganisationId: agency.organisationId,
      subject: '服务态度恶劣',
      grounds,
    })
    const link = `/supervisor/complaints#complaint-${late.id}`
    expect(await runComplaintClock(db())).toBe(0)
    await moveClockTo(db(), new Date(late.answerDueAt.getTime() - 1000))
    expect(await runComplaintClock(db())).toBe(0)
    await moveClockTo(db(), new Date(late.answerDueAt.getTime() + 1000))
    const fresh = await fileComplaint(as(world, world.department), {
      targetType: 'agency',
      targetOrganisationId: agency.organisationId,
      subject: '报告质量差',
      grounds,
    })
    const flagged = await runComplaintClock(db())
    expect(flagged).toBeGreaterThanOrEqual(1)
    const [row] = await db().select().from(complaints).where(eq(complaints.id, late.id))
    expect(row!.flaggedOverdueAt).not.toBeNull()
    expect(await supervisorMessages('complaint.overdue', link)).toHaveLength(1)
    expect(await runComplaintClock(db())).toBe(0)
    expect(await supervisorMessages('complaint.overdue', link)).toHaveLength(1)

    const queue = await listComplaintQueue(as(world, world.supervisor))
    const ids = queue.map((c) => c.id)
    expect(ids.indexOf(late.id)).toBeLessThan(ids.indexOf(fresh.id))
    expect(queue.find((c) => c.id === late.id)).toMatchObject({
      overdue: true,
      complainantOrganisationName: world.enterprise.organisationName,
    })
    expect(queue.find((c) => c.id === fresh.id)!.overdue).toBe(false)
    await expect(listComplaintQueue(as(world, agency))).rejects.toBeInstanceOf(ForbiddenError)

    // Answered late: accepted, and public as late.
    await answerComplaint(as(world, world.supervisor), late.id, {
      outcome: 'unsubstantiated',
      answer: '双方各执一词，无法查实。',
    })
    const published = await listPublicComplaints(db(), { outcome: null })
    expect(published.complaints.find((c) => c.id === late.id)!.late).toBe(true)
    const records = await db()
      .select()
      .from(creditRecords)
      .where(eq(creditRecords.sourceId, late.id))
    expect(records).toHaveLength(0)
  })
})
