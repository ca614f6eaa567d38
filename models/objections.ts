import { and, eq, isNull } from 'drizzle-orm'
import { platformNow } from './clock.ts'
import type { Ctx } from './context.ts'
import type { Database } from './db/client.ts'
import { bids, objections } from './db/schema-procedures.ts'
import { inTransaction } from './db/transaction.ts'
import { ForbiddenError, NotFoundError, ValidationError } from './errors.ts'
import { notifyOrganisations, notifySupervisors } from './notifications.ts'
import { agencyNames } from './project-award.ts'
import { recordProjectStep } from './project-events.ts'
import { lockProject } from './projects.ts'
import { requireOwnOrganisation } from './profiles.ts'
import {
  ANSWER_WORKDAYS,
  checkEscalation,
  checkPublicityOpen,
  ESCALATION_WORKDAYS,
  isLateAnswer,
} from './rules/objections.ts'
import { formatShanghaiDateTime } from './rules/shanghai-time.ts'
import { isUuid } from './validation/registry.ts'
import { loadWorkdayCalendar } from './workday-calendar.ts'

// Rulings are in objection-rulings.ts, the clock's closing of lapsed ones in objection-clock.ts.
// An objection's `rulingReason` holds the supervisor's reason, or, when it closed without a
// ruling (withdrawn, lapsed, or overtaken by another upheld objection), why it closed.

export type Objection = typeof objections.$inferSelect

/** Locks the objection's project, then the objection: always in this order, like the clock. */
export async function lockObjection(tx: Database, objectionId: string) {
  if (!isUuid(objectionId)) throw new NotFoundError('质疑不存在')
  const [head] = await tx
    .select({ projectId: objections.projectId })
    .from(objections)
    .where(eq(objections.id, objectionId))
  if (!head) throw new NotFoundError('质疑不存在')
  const project = await lockProject(tx, head.projectId)
  const [objection] = await tx
    .select()
    .from(objections)
    .where(eq(objections.id, objectionId))
    .for('update')
  return { project, objection: objection! }
}

export const resultLink = (projectId: string) => `/projects/${projectId}/result#objections`

/** A participant (live bid) objects to the award during its publicity period. */
export async function fileObjection(
  ctx: Ctx,
  projectId: string,
  input: { grounds: string; uploadId?: string | null },
) {
  const { actor, organisationId } = requireOwnOrganisation(ctx, 'agency')
  return inTransaction(ctx.db, async (tx) => {
    const project = await lockProject(tx, projectId)
    const [bid] = await tx
      .select({ id: bids.id })
      .from(bids)
      .where(
        and(
          eq(bids.projectId, project.id),
          eq(bids.agencyId, organisationId),
          isNull(bids.withdrawnAt),
        ),
      )
    if (!bid) throw new ForbiddenError('只有参与本项目报价（报名）的机构可以提出质疑')
    const now = await platformNow(tx)
    const publicity = checkPublicityOpen(project, now)
    if (!publicity.ok) throw ValidationError.field('grounds', publicity.reason)
    const [open] = await tx
      .select({ id: objections.id })
      .from(objections)
      .where(
        and(
          eq(objections.projectId, project.id),
          eq(objections.agencyId, organisationId),
          isNull(objections.closedAt),
        ),
      )
    if (open)
      throw ValidationError.field('grounds', '贵机构对本项目已有未办结的质疑，请在原质疑中继续')
    const calendar = await loadWorkdayCalendar(tx)
    const answerDueAt = calendar.addWorkdays(now, ANSWER_WORKDAYS)
    const [row] = await tx
      .insert(objections)
      .values({
        projectId: project.id,
        agencyId: organisationId,
        filedBy: actor.userId,
        grounds: input.grounds,
        uploadId: input.uploadId ?? null,
        filedAt: now,
        answerDueAt,
      })
      .returning()
    const name = (await agencyNames(tx, [organisationId])).get(organisationId) ?? ''
    await notifyOrganisations(tx, [project.buyerId], {
      kind: 'objection.filed',
      title: `收到质疑：${project.title}`,
      body: `${name}对中选结果提出质疑，请在 ${formatShanghaiDateTime(answerDueAt)} 前书面答复。`,
      link: resultLink(project.id),
    })
    await recordProjectStep(tx, {
      projectId: project.id,
      actorUserId: actor.userId,
      action: 'objection.filed',
      summary: `${name}对中选结果提出质疑，采购人应在 ${formatShanghaiDateTime(answerDueAt)} 前答复`,
      data: { objectionId: row!.id, uploadId: input.uploadId ?? null },
    })
    return row!
  })
}

/** The buyer answers; after the due time the answer is still taken, and shown as late. */
export async function answerObjection(ctx: Ctx, objectionId: string, input: { answer: string }) {
  const { actor, organisationId } = requireOwnOrganisation(ctx, 'department', 'enterprise')
  return inTransaction(ctx.db, async (tx) => {
    const { project, objection } = await lockObjection(tx, objectionId)
    if (project.buyerId !== organisationId) throw new ForbiddenError('只能答复本单位项目的质疑')
    if (objection.closedAt) throw ValidationError.field('answer', '该质疑已办结')
    if (objection.answeredAt) throw ValidationError.field('answer', '该质疑已答复')
    const now = await platformNow(tx)
    await tx
      .update(objections)
      .set({ answer: input.answer, answeredAt: now })
      .where(eq(objections.id, objection.id))
    const late = isLateAnswer({ answerDueAt: objection.answerDueAt, answeredAt: now })
    const escalationEndsAt = (await loadWorkdayCalendar(tx)).addWorkdays(now, ESCALATION_WORKDAYS)
    await notifyOrganisations(tx, [objection.agencyId], {
      kind: 'objection.answered',
      title: `质疑已答复：${project.title}`,
      body: `如对答复不满意，可在 ${formatShanghaiDateTime(escalationEndsAt)} 前提请监管部门处理；逾期未提请的，质疑办结。`,
      link: resultLink(project.id),
    })
    const name = (await agencyNames(tx, [objection.agencyId])).get(objection.agencyId) ?? ''
    await recordProjectStep(tx, {
      projectId: project.id,
      actorUserId: actor.userId,
      action: 'objection.answered',
      summary: `采购人答复了${name}的质疑${late ? '（逾期答复）' : ''}`,
      data: { objectionId: objection.id, late },
    })
  })
}

/** The objector asks a supervisor to rule: after the answer, or once the answer is overdue. */
export async function escalateObjection(ctx: Ctx, objectionId: string, input: { reason: string }) {
  const { actor, organisationId } = requireOwnOrganisation(ctx, 'agency')
  return inTransaction(ctx.db, async (tx) => {
    const { project, objection } = await lockObjection(tx, objectionId)
    if (objection.agencyId !== organisationId) throw new ForbiddenError('只能处理本机构的质疑')
    const now = await platformNow(tx)
    const calendar = await loadWorkdayCalendar(tx)
    const endsAt = objection.answeredAt
      ? calendar.addWorkdays(objection.answeredAt, ESCALATION_WORKDAYS)
      : null
    const allowed = checkEscalation(objection, now, endsAt)
    if (!allowed.ok) throw ValidationError.field('reason', allowed.reason)
    await tx
      .update(objections)
      .set({ escalatedAt: now, escalationReason: input.reason })
      .where(eq(objections.id, objection.id))
    const name = (await agencyNames(tx, [organisationId])).get(organisationId) ?? ''
    const message = {
      kind: 'objection.escalated',
      title: `质疑提请监管处理：${project.title}`,
      body: `${name}${objection.answeredAt ? '对采购人的答复不满意' : '在答复期限内未获答复'}，提请监管部门裁决。`,
    }
    await notifySupervisors(tx, { ...message, link: '/supervisor/objections' })
    await notifyOrganisations(tx, [project.buyerId], { ...message, link: resultLink(project.id) })
    await recordProjectStep(tx, {
      projectId: project.id,
      actorUserId: actor.userId,
      action: 'objection.escalated',
      summary: `${name}将质疑提请监管部门处理`,
      data: { objectionId: objection.id },
    })
  })
}

/** The objector withdraws an objection not yet ruled on; it closes. */
export async function withdrawObjection(ctx: Ctx, objectionId: string) {
  const { actor, organisationId } = requireOwnOrganisation(ctx, 'agency')
  return inTransaction(ctx.db, async (tx) => {
    const { project, objection } = await lockObjection(tx, objectionId)
    if (objection.agencyId !== organisationId) throw new ForbiddenError('只能处理本机构的质疑')
    if (objection.closedAt) throw ValidationError.field('objectionId', '该质疑已办结')
    const now = await platformNow(tx)
    await tx
      .update(objections)
      .set({ closedAt: now, rulingReason: '质疑人撤回质疑' })
      .where(eq(objections.id, objection.id))
    const name = (await agencyNames(tx, [organisationId])).get(organisationId) ?? ''
    await notifyOrganisations(tx, [project.buyerId], {
      kind: 'objection.withdrawn',
      title: `质疑已撤回：${project.title}`,
      body: `${name}撤回了对中选结果的质疑。`,
      link: resultLink(project.id),
    })
    if (objection.escalatedAt)
      await notifySupervisors(tx, {
        kind: 'objection.withdrawn',
        title: `质疑已撤回，无需裁决：${project.title}`,
        body: `${name}撤回了已提请处理的质疑。`,
        link: resultLink(project.id),
      })
    await recordProjectStep(tx, {
      projectId: project.id,
      actorUserId: actor.userId,
      action: 'objection.withdrawn',
      summary: `${name}撤回质疑`,
      data: { objectionId: objection.id },
    })
  })
}
