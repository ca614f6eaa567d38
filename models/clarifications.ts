import { and, asc, eq, isNotNull, isNull, sql } from 'drizzle-orm'
import type { z } from 'zod'
import { platformNow } from './clock.ts'
import type { Ctx } from './context.ts'
import type { Database } from './db/client.ts'
import { bids, clarifications, projects } from './db/schema-procedures.ts'
import { organisations } from './db/schema.ts'
import { inTransaction } from './db/transaction.ts'
import { ForbiddenError, NotFoundError, ValidationError } from './errors.ts'
import { notifyOrganisations } from './notifications.ts'
import { recordProjectStep } from './project-events.ts'
import { lockOwnProject, type Project } from './projects.ts'
import { requireOwnOrganisation } from './profiles.ts'
import { formatShanghaiDateTime } from './rules/shanghai-time.ts'
import { earliestDeadline } from './rules/workdays.ts'
import {
  type AnswerInput,
  answerText,
  questionText,
  supplementText,
} from './validation/clarifications.ts'
import { isUuid } from './validation/registry.ts'
import { loadWorkdayCalendar } from './workday-calendar.ts'

// 答疑: agencies ask before the deadline, the buyer answers in public. Who asked is kept for
// the audit log and the asker's own view only: no row, timeline entry or message to the buyer
// or the public names the asking agency.

const qaLink = (projectId: string) => `/projects/${projectId}/qa`

function parseText(schema: z.ZodType<string>, field: string, value: unknown): string {
  const parsed = schema.safeParse(value)
  if (parsed.success) return parsed.data
  throw new ValidationError({ [field]: parsed.error.issues.map((issue) => issue.message) })
}

/** Refuses unless the project is published and the platform clock is before its deadline. */
async function requireBeforeDeadline(tx: Database, project: Project, field: string) {
  const now = await platformNow(tx)
  if (project.status !== 'published' || now >= project.deadlineAt)
    throw ValidationError.field(
      field,
      project.status === 'published'
        ? `已过截止时间（${formatShanghaiDateTime(project.deadlineAt)}），答疑已结束`
        : '项目不在公告期，不能答疑',
    )
  return now
}

const excerpt = (text: string, max = 200) => (text.length > max ? `${text.slice(0, max)}…` : text)

/** An agency's question on a published project, before its deadline. */
export async function askQuestion(ctx: Ctx, projectId: string, question: string) {
  const { actor, organisationId } = requireOwnOrganisation(ctx, 'agency')
  const text = parseText(questionText, 'question', question)
  if (!isUuid(projectId)) throw new NotFoundError('项目不存在')
  return inTransaction(ctx.db, async (tx) => {
    // Shared: a concurrent answer that moves the deadline waits for this question, or it first.
    const [project] = await tx
      .select()
      .from(projects)
      .where(eq(projects.id, projectId))
      .for('share')
    if (!project?.publishedAt) throw new NotFoundError('项目不存在')
    const now = await requireBeforeDeadline(tx, project, 'question')
    const [agency] = await tx
      .select({ suspendedAt: organisations.suspendedAt })
      .from(organisations)
      .where(eq(organisations.id, organisationId))
    if (agency?.suspendedAt) throw new ForbiddenError('贵机构已被暂停，不能提问')
    const [row] = await tx
      .insert(clarifications)
      .values({ projectId, askedByAgencyId: organisationId, question: text, askedAt: now })
      .returning({ id: clarifications.id })
    await notifyOrganisations(tx, [project.buyerId], {
      kind: 'clarification.asked',
      title: `「${project.title}」收到一条答疑提问`,
      body: excerpt(text),
      link: qaLink(projectId),
    })
    await recordProjectStep(tx, {
      projectId,
      actorUserId: actor.userId,
      action: 'clarification.asked',
      summary: '收到一条答疑提问',
      data: { clarificationId: row!.id, agencyId: organisationId },
    })
    return row!.id
  })
}

/** Agencies to tell when the requirements change: live bids or sign-ups, and every asker. */
async function interestedAgencies(tx: Database, projectId: string) {
  const [bidders, askers] = await Promise.all([
    tx
      .selectDistinct({ id: bids.agencyId })
      .from(bids)
      .where(and(eq(bids.projectId, projectId), isNull(bids.withdrawnAt))),
    tx
      .selectDistinct({ id: clarifications.askedByAgencyId })
      .from(clarifications)
      .where(
        and(eq(clarifications.projectId, projectId), isNotNull(clarifications.askedByAgencyId)),
      ),
  ])
  return [...new Set([...bidders, ...askers].map((r) => r.id!))]
}

interface DeadlineChange {
  before: Date
  after: Date
}

/**
 * A scope change leaves bidders at least 2 working days from now: the deadline becomes the
 * later of the current one and that.
 */
async function extendDeadline(tx: Database, project: Project, now: Date): Promise<DeadlineChange> {
  const calendar = await loadWorkdayCalendar(tx)
  const earliest = earliestDeadline(now, calendar)
  const after = earliest > project.deadlineAt ? earliest : project.deadlineAt
  if (after > project.deadlineAt)
    await tx
      .update(projects)
      .set({ deadlineAt: after, updatedAt: now })
      .where(eq(projects.id, project.id))
  return { before: project.deadlineAt, after }
}

function deadlineWords(change: DeadlineChange) {
  return change.after > change.before
    ? `截止时间由 ${formatShanghaiDateTime(change.before)} 顺延至 ${formatShanghaiDateTime(change.after)}`
    : `截止时间 ${formatShanghaiDateTime(change.after)} 距今已超过 2 个工作日，不变`
}

/** Tells the interested agencies (all but `except`) that the requirements changed. */
async function notifyScopeChange(
  tx: Database,
  project: Project,
  change: DeadlineChange,
  text: string,
  except?: string,
) {
  const recipients = (await interestedAgencies(tx, project.id)).filter((id) => id !== except)
  await notifyOrganisations(tx, recipients, {
    kind: 'clarification.scope_changed',
    title: `「${project.title}」采购需求有变更，${deadlineWords(change)}`,
    body: excerpt(text),
    link: qaLink(project.id),
  })
}

/** The buyer's public answer to one question, before the deadline. */
export async function answerQuestion(
  ctx: Ctx,
  projectId: string,
  clarificationId: string,
  input: AnswerInput,
) {
  const { actor, organisationId } = requireOwnOrganisation(ctx, 'department', 'enterprise')
  const answer = parseText(answerText, 'answer', input.answer)
  return inTransaction(ctx.db, async (tx) => {
    const project = await lockOwnProject(tx, organisationId, projectId)
    if (!isUuid(clarificationId)) throw new NotFoundError('问题不存在')
    const [question] = await tx
      .select()
      .from(clarifications)
      .where(and(eq(clarifications.id, clarificationId), eq(clarifications.projectId, projectId)))
      .for('update')
    if (!question?.askedByAgencyId) throw new NotFoundError('问题不存在')
    if (question.answeredAt) throw ValidationError.field('answer', '该问题已经答复过')
    const now = await requireBeforeDeadline(tx, project, 'answer')
    const change = input.changesScope ? await extendDeadline(tx, project, now) : null
    await tx
      .update(clarifications)
      .set({
        answer,
        answeredAt: now,
        answeredBy: actor.userId,
        changesScope: input.changesScope,
        deadlineBefore: change?.before ?? null,
        deadlineAfter: change?.after ?? null,
      })
      .where(eq(clarifications.id, clarificationId))
    await notifyOrganisations(tx, [question.askedByAgencyId], {
      kind: 'clarification.answered',
      title: `贵机构在「${project.title}」的提问已答复`,
      body: change
        ? `${excerpt(answer)}（本答复变更了采购需求，${deadlineWords(change)}）`
        : excerpt(answer),
      link: qaLink(projectId),
    })
    if (change) await notifyScopeChange(tx, project, change, answer, question.askedByAgencyId)
    await recordProjectStep(tx, {
      projectId,
      actorUserId: actor.userId,
      action: 'clarification.answered',
      summary: change ? `答复一条提问，变更了采购需求；${deadlineWords(change)}` : '答复一条提问',
      data: {
        clarificationId,
        changesScope: input.changesScope,
        deadlineBefore: change?.before.toISOString() ?? null,
        deadlineAfter: change?.after.toISOString() ?? null,
      },
    })
  })
}

/** The buyer's own clarification (补充说明), not answering any question; same scope rule. */
export async function publishClarification(ctx: Ctx, projectId: string, input: AnswerInput) {
  const { actor, organisationId } = requireOwnOrganisation(ctx, 'department', 'enterprise')
  const text = parseText(supplementText, 'answer', input.answer)
  return inTransaction(ctx.db, async (tx) => {
    const project = await lockOwnProject(tx, organisationId, projectId)
    const now = await requireBeforeDeadline(tx, project, 'answer')
    const change = input.changesScope ? await extendDeadline(tx, project, now) : null
    const [row] = await tx
      .insert(clarifications)
      .values({
        projectId,
        askedByAgencyId: null,
        question: '',
        askedAt: now,
        answer: text,
        answeredAt: now,
        answeredBy: actor.userId,
        changesScope: input.changesScope,
        deadlineBefore: change?.before ?? null,
        deadlineAfter: change?.after ?? null,
      })
      .returning({ id: clarifications.id })
    if (change) await notifyScopeChange(tx, project, change, text)
    else
      await notifyOrganisations(tx, await interestedAgencies(tx, projectId), {
        kind: 'clarification.published',
        title: `「${project.title}」发布了补充说明`,
        body: excerpt(text),
        link: qaLink(projectId),
      })
    await recordProjectStep(tx, {
      projectId,
      actorUserId: actor.userId,
      action: 'clarification.published',
      summary: change ? `发布补充说明，变更了采购需求；${deadlineWords(change)}` : '发布补充说明',
      data: {
        clarificationId: row!.id,
        changesScope: input.changesScope,
        deadlineBefore: change?.before.toISOString() ?? null,
        deadlineAfter: change?.after.toISOString() ?? null,
      },
    })
    return row!.id
  })
}

export interface ClarificationRow {
  id: string
  /** A question from an agency, or the buyer's own 补充说明. */
  kind: 'question' | 'supplement'
  /** Null for a supplement, and for a question not yet answered unless the buyer or asker reads. */
  question: string | null
  askedAt: Date
  answer: string | null
  answeredAt: Date | null
  changesScope: boolean
  deadlineBefore: Date | null
  deadlineAfter: Date | null
  /** The reader's own agency asked it (shown as 本机构提问). */
  mine: boolean
}

/**
 * The project's clarifications as the reader may see them, oldest first. The asking agency
 * is never in the answer; the reader learns only whether a question is its own.
 */
export async function listClarifications(ctx: Ctx, projectId: string) {
  if (!isUuid(projectId)) throw new NotFoundError('项目不存在')
  const [project] = await ctx.db
    .select({
      id: projects.id,
      title: projects.title,
      status: projects.status,
      method: projects.method,
      deadlineAt: projects.deadlineAt,
      publishedAt: projects.publishedAt,
      openedAt: projects.openedAt,
      awardedAt: projects.awardedAt,
      buyerId: projects.buyerId,
      buyerName: organisations.name,
      now: sql<string>`platform_now()`,
    })
    .from(projects)
    .innerJoin(organisations, eq(organisations.id, projects.buyerId))
    .where(eq(projects.id, projectId))
  const actor = ctx.actor
  const isBuyer =
    project != null &&
    actor?.organisationId === project.buyerId &&
    (actor.role === 'department' || actor.role === 'enterprise')
  if (!project || (!project.publishedAt && !isBuyer)) throw new NotFoundError('项目不存在')
  const agencyId = actor?.role === 'agency' ? actor.organisationId : null
  const rows = await ctx.db
    .select()
    .from(clarifications)
    .where(eq(clarifications.projectId, projectId))
    .orderBy(asc(clarifications.askedAt), asc(clarifications.id))
  const seesPending = isBuyer || actor?.role === 'supervisor'
  const list: ClarificationRow[] = rows.map((row) => {
    const mine = agencyId != null && row.askedByAgencyId === agencyId
    return {
      id: row.id,
      kind: row.askedByAgencyId ? 'question' : 'supplement',
      question:
        row.askedByAgencyId && (row.answeredAt || mine || seesPending) ? row.question : null,
      askedAt: row.askedAt,
      answer: row.answer,
      answeredAt: row.answeredAt,
      changesScope: row.changesScope,
      deadlineBefore: row.deadlineBefore,
      deadlineAfter: row.deadlineAfter,
      mine,
    }
  })
  const { buyerId: _buyer, now, ...shown } = project
  return {
    project: shown,
    /** Questions and answers are taken until the deadline. */
    open: project.status === 'published' && new Date(now) < project.deadlineAt,
    isBuyer,
    isAgency: agencyId != null,
    rows: list,
  }
}

export type ClarificationList = Awaited<ReturnType<typeof listClarifications>>
