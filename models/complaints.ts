import { and, eq, inArray, isNull, lte } from 'drizzle-orm'
import { appendAuditEvent } from './audit.ts'
import { platformNow } from './clock.ts'
import { type Ctx, requireActor, requireRole } from './context.ts'
import { addCreditRecord } from './credit.ts'
import type { Database } from './db/client.ts'
import { complaints } from './db/schema-credit.ts'
import { projects } from './db/schema-procedures.ts'
import { organisations } from './db/schema.ts'
import { inTransaction } from './db/transaction.ts'
import { ForbiddenError, NotFoundError, ValidationError } from './errors.ts'
import { logger } from './logger.ts'
import { notifyOrganisations, notifySupervisors } from './notifications.ts'
import { recordProjectStep } from './project-events.ts'
import { creditRules } from './rules/credit-rules.ts'
import { formatShanghaiDateTime } from './rules/shanghai-time.ts'
import {
  COMPLAINT_ANSWER_WORKDAYS,
  type ComplaintOutcome,
  complaintOutcomeNames,
  type ComplaintTargetType,
} from './validation/complaints.ts'
import { isUuid } from './validation/registry.ts'
import { loadWorkdayCalendar } from './workday-calendar.ts'

// Who complained is kept for supervisors and the audit log only: nothing public, no
// notification to the target and no timeline entry names the complainant.

export type Complaint = typeof complaints.$inferSelect

export interface NewComplaint {
  targetType: ComplaintTargetType
  targetOrganisationId?: string | null
  projectId?: string | null
  subject: string
  grounds: string
  uploadId?: string | null
  /** The form's page-view key; a second complaint under the same key is the first one. */
  submissionKey?: string | null
}

const buyerKinds = ['department', 'enterprise'] as const

/** The target as filed: it must exist, be public, and not be the complainant's own. */
async function checkTarget(tx: Database, input: NewComplaint, ownOrganisationId: string | null) {
  if (input.targetType === 'project') {
    const [project] = isUuid(input.projectId)
      ? await tx
          .select({
            id: projects.id,
            title: projects.title,
            buyerId: projects.buyerId,
            publishedAt: projects.publishedAt,
          })
          .from(projects)
          .where(eq(projects.id, input.projectId))
      : []
    if (!project?.publishedAt)
      throw ValidationError.field('target', '找不到该项目，请粘贴项目公告的链接')
    if (project.buyerId === ownOrganisationId)
      throw ValidationError.field('target', '不能投诉本单位的项目')
    return { organisationId: null, projectId: project.id, name: project.title }
  }
  const kinds = input.targetType === 'agency' ? (['agency'] as const) : buyerKinds
  const [org] = isUuid(input.targetOrganisationId)
    ? await tx
        .select({ id: organisations.id, name: organisations.name })
        .from(organisations)
        .where(
          and(
            eq(organisations.id, input.targetOrganisationId),
            inArray(organisations.kind, [...kinds]),
          ),
        )
    : []
  if (!org)
    throw ValidationError.field(
      'target',
      input.targetType === 'agency' ? '找不到该中介机构' : '找不到该项目业主',
    )
  if (org.id === ownOrganisationId) throw ValidationError.field('target', '不能投诉本单位')
  return { organisationId: org.id, projectId: null, name: org.name }
}

/** Anyone signed in (not a supervisor) complains about an agency, a buyer or a project. */
export async function fileComplaint(ctx: Ctx, input: NewComplaint) {
  const actor = requireActor(ctx)
  if (actor.role === 'supervisor')
    throw new ForbiddenError('监管人员不提交投诉，发现问题请直接记录监管认定')
  return inTransaction(ctx.db, async (tx) => {
    const target = await checkTarget(tx, input, actor.organisationId)
    const now = await platformNow(tx)
    const calendar = await loadWorkdayCalendar(tx)
    const answerDueAt = calendar.addWorkdays(now, COMPLAINT_ANSWER_WORKDAYS)
    const [row] = await tx
      .insert(complaints)
      .values({
        targetType: input.targetType,
        targetOrganisationId: target.organisationId,
        projectId: target.projectId,
        complainantUserId: actor.userId,
        complainantOrganisationId: actor.organisationId,
        subject: input.subject,
        grounds: input.grounds,
        uploadId: input.uploadId ?? null,
        filedAt: now,
        answerDueAt,
        submissionKey: input.submissionKey ?? null,
      })
      // A twin sent at the same time waits here for the first to commit, then adds nothing.
      .onConflictDoNothing({ target: [complaints.complainantUserId, complaints.submissionKey] })
      .returning()
    if (!row) {
      const [first] = await tx
        .select()
        .from(complaints)
        .where(
          and(
            eq(complaints.complainantUserId, actor.userId),
            eq(complaints.submissionKey, input.submissionKey!),
          ),
        )
      return first!
    }
    await notifySupervisors(tx, {
      kind: 'complaint.filed',
      title: `收到投诉：${input.subject}`,
      body: `投诉对象：${target.name}。请在 ${formatShanghaiDateTime(answerDueAt)} 前答复。`,
      link: `/supervisor/complaints#complaint-${row!.id}`,
    })
    await appendAuditEvent(tx, {
      actorUserId: actor.userId,
      action: 'complaint.filed',
      subjectType: 'complaint',
      subjectId: row!.id,
      data: {
        targetType: input.targetType,
        targetOrganisationId: target.organisationId,
        projectId: target.projectId,
        uploadId: input.uploadId ?? null,
      },
    })
    return row!
  })
}

export async function lockComplaint(tx: Database, complaintId: string) {
  if (!isUuid(complaintId)) throw new NotFoundError('投诉不存在')
  const [row] = await tx
    .select()
    .from(complaints)
    .where(eq(complaints.id, complaintId))
    .for('update')
  if (!row) throw new NotFoundError('投诉不存在')
  return row
}

export interface ComplaintAnswer {
  outcome: ComplaintOutcome
  answer: string
  /** A substantiated complaint against an agency may become a finding at once. */
  finding?: { summary: string } | null
}

/**
 * A supervisor answers a complaint, late or not (a late answer shows as such). The outcome
 * and answer are public; the complainant and the target are told.
 */
export async function answerComplaint(ctx: Ctx, complaintId: string, input: ComplaintAnswer) {
  const actor = requireRole(ctx, 'supervisor')
  return inTransaction(ctx.db, async (tx) => {
    const complaint = await lockComplaint(tx, complaintId)
    if (complaint.answeredAt) throw ValidationError.field('answer', '该投诉已答复')
    if (input.finding && input.outcome !== 'substantiated')
      throw ValidationError.field('recordFinding', '只有投诉属实时才能记录信用扣分')
    if (input.finding && complaint.targetType !== 'agency')
      throw ValidationError.field('recordFinding', '只有针对中介机构的投诉可以直接记录信用扣分')
    const now = await platformNow(tx)
    await tx
      .update(complaints)
      .set({
        outcome: input.outcome,
        answer: input.answer,
        answeredAt: now,
        answeredBy: actor.userId,
      })
      .where(eq(complaints.id, complaint.id))
    const record = input.finding
      ? await addCreditRecord(
          tx,
          {
            agencyId: complaint.targetOrganisationId!,
            rule: 'complaint_substantiated',
            sourceType: 'complaint',
            sourceId: complaint.id,
            projectId: complaint.projectId,
            summary: input.finding.summary,
            createdBy: actor.userId,
          },
          now,
        )
      : null
    const outcome = complaintOutcomeNames[input.outcome]
    const late = now > complaint.answerDueAt ? '（逾期答复）' : ''
    const link = `/complaints#complaint-${complaint.id}`
    if (complaint.complainantOrganisationId)
      await notifyOrganisations(tx, [complaint.complainantOrganisationId], {
        kind: 'complaint.answered',
        title: `您的投诉已办结：${outcome}${late}`,
        body: `${complaint.subject}\n处理意见：${input.answer}`,
        link,
      })
    const targetOrg =
      complaint.targetOrganisationId ?? (await projectBuyer(tx, complaint.projectId))
    if (targetOrg)
      await notifyOrganisations(tx, [targetOrg], {
        kind: 'complaint.answered',
        title: `监管部门对涉及贵单位的投诉作出处理：${outcome}`,
        body: `${complaint.subject}\n处理意见：${input.answer}${
          record
            ? `\n同时认定“${creditRules.complaint_substantiated.name}”，贵机构可在信用记录页陈述意见。`
            : ''
        }`,
        link: record ? `/agencies/${record.agencyId}/credit#record-${record.id}` : link,
      })
    const data = { complaintId: complaint.id, outcome: input.outcome, recordId: record?.id ?? null }
    // A project's complaint shows on its public timeline, without the complainant.
    if (complaint.projectId)
      await recordProjectStep(tx, {
        projectId: complaint.projectId,
        actorUserId: actor.userId,
        action: 'complaint.answered',
        summary: `监管部门处理了一件涉及本项目的投诉：${outcome}${late}`,
        data,
      })
    else
      await appendAuditEvent(tx, {
        actorUserId: actor.userId,
        action: 'complaint.answered',
        subjectType: 'complaint',
        subjectId: complaint.id,
        data,
      })
    return { complaintId: complaint.id, record }
  })
}

async function projectBuyer(tx: Database, projectId: string | null) {
  if (!projectId) return null
  const [row] = await tx
    .select({ buyerId: projects.buyerId })
    .from(projects)
    .where(eq(projects.id, projectId))
  return row?.buyerId ?? null
}

/**
 * Clock step: complaints still unanswered at their due time are flagged once (supervisors
 * told; the queue shows them first with 逾期). Each under its row lock, re-checked.
 */
export async function runComplaintClock(db: Database): Promise<number> {
  const now = await platformNow(db)
  const due = await db
    .select({ id: complaints.id })
    .from(complaints)
    .where(
      and(
        isNull(complaints.answeredAt),
        isNull(complaints.flaggedOverdueAt),
        lte(complaints.answerDueAt, now),
      ),
    )
  let flagged = 0
  for (const { id } of due) {
    try {
      await inTransaction(db, async (tx) => {
        const [c] = await tx
          .select()
          .from(complaints)
          .where(eq(complaints.id, id))
          .for('update', { skipLocked: true })
        const at = await platformNow(tx)
        if (!c || c.answeredAt || c.flaggedOverdueAt || c.answerDueAt > at) return
        await tx.update(complaints).set({ flaggedOverdueAt: at }).where(eq(complaints.id, id))
        await notifySupervisors(tx, {
          kind: 'complaint.overdue',
          title: `投诉逾期未答复：${c.subject}`,
          body: `应于 ${formatShanghaiDateTime(c.answerDueAt)} 前答复，请尽快处理。`,
          link: `/supervisor/complaints#complaint-${id}`,
        })
        await appendAuditEvent(tx, {
          actorUserId: null,
          action: 'complaint.overdue',
          subjectType: 'complaint',
          subjectId: id,
          data: { answerDueAt: c.answerDueAt.toISOString() },
        })
        flagged++
      })
    } catch (error) {
      logger.error({ err: error, complaintId: id }, 'flagging an overdue complaint failed')
    }
  }
  return flagged
}
