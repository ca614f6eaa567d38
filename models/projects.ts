import { and, eq, sql } from 'drizzle-orm'
import { sha256 } from './audit.ts'
import { randomHex, sealSecret } from './bid-sealing.ts'
import { platformNow } from './clock.ts'
import type { Ctx } from './context.ts'
import type { Database } from './db/client.ts'
import { notifications, projects } from './db/schema-procedures.ts'
import { offerings, organisations, serviceItems } from './db/schema.ts'
import { inTransaction } from './db/transaction.ts'
import { ForbiddenError, NotFoundError, ValidationError } from './errors.ts'
import { recordProjectStep } from './project-events.ts'
import { checkEligibility } from './rules/eligibility.ts'
import { drawCommitment } from './rules/draw.ts'
import { assertTransition, fundingAllowed, methodAllowed } from './rules/project-states.ts'
import { canPublishProjects } from './rules/publishing.ts'
import { formatShanghaiDateTime } from './rules/shanghai-time.ts'
import { earliestDeadline } from './rules/workdays.ts'
import { requireOwnOrganisation } from './profiles.ts'
import { cityCodeOf } from './profiles.ts'
import { agencyStanding } from './agency-standing.ts'
import { deadlineTooEarlyMessage, type ProjectForm } from './validation/projects.ts'
import { isUuid } from './validation/registry.ts'
import { loadWorkdayCalendar } from './workday-calendar.ts'

export type Project = typeof projects.$inferSelect

/** The buyer's own project, locked for a change; anyone else's is refused. */
export async function lockOwnProject(tx: Database, buyerId: string, id: string) {
  const project = await lockProject(tx, id)
  if (project.buyerId !== buyerId) throw new ForbiddenError('只能管理本单位发布的项目')
  return project
}

export async function lockProject(tx: Database, id: string): Promise<Project> {
  if (!isUuid(id)) throw new NotFoundError('项目不存在')
  const [project] = await tx.select().from(projects).where(eq(projects.id, id)).for('update')
  if (!project) throw new NotFoundError('项目不存在')
  return project
}

function draftValues(form: ProjectForm) {
  const scoring = form.method === 'scoring'
  return {
    serviceItemCode: form.serviceItemCode,
    title: form.title,
    scope: form.scope,
    regionCode: form.regionCode,
    cityCode: cityCodeOf(form.regionCode),
    location: form.location ?? '',
    budgetCapFen: form.budgetCap,
    funding: form.funding,
    method: form.method,
    deadlineAt: form.deadline,
    publicityWorkdays: form.publicityWorkdays,
    weightPrice: scoring ? form.weightPrice : null,
    weightQuality: scoring ? form.weightQuality : null,
    weightCredit: scoring ? form.weightCredit : null,
    abnormalLowPercent: form.abnormalLowPercent,
    directAgencyId: form.method === 'direct' ? form.directAgencyId! : null,
  }
}

/** Checks that need the database: the item, the method for this buyer, the invited agency. */
async function checkDraft(tx: Database, buyerKind: 'department' | 'enterprise', form: ProjectForm) {
  const [item] = await tx
    .select({ retiredAt: serviceItems.retiredAt })
    .from(serviceItems)
    .where(eq(serviceItems.code, form.serviceItemCode))
  if (!item || item.retiredAt)
    throw ValidationError.field('serviceItemCode', '请选择清单内在用的服务事项')
  const funded = fundingAllowed(form.funding, buyerKind)
  if (!funded.ok) throw ValidationError.field('funding', funded.reason)
  const allowed = methodAllowed(form.method, form.funding, buyerKind)
  if (!allowed.ok) throw ValidationError.field('method', allowed.reason)
  if (form.method === 'direct') {
    const [agency] = await tx
      .select({ kind: organisations.kind })
      .from(organisations)
      .where(eq(organisations.id, form.directAgencyId!))
    if (agency?.kind !== 'agency') throw ValidationError.field('directAgencyId', '所选机构不存在')
  }
}

export async function saveProjectDraft(ctx: Ctx, form: ProjectForm, id?: string) {
  return (await saveDraft(ctx, form, id)).id
}

/**
 * Creates or updates a draft. A new project's form carries a one-time key: the same form sent
 * again (a double click, a resend) finds the project the first one made: `alreadyPublished`
 * then says whether that one went on to publish it.
 */
async function saveDraft(ctx: Ctx, form: ProjectForm, id?: string) {
  const { actor, organisationId } = requireOwnOrganisation(ctx, 'department', 'enterprise')
  const userId = actor.userId
  const buyerKind = actor.role as 'department' | 'enterprise'
  return inTransaction(ctx.db, async (tx): Promise<{ id: string; alreadyPublished: boolean }> => {
    // Whose draft it is comes first: a stranger is refused before the form is judged.
    const project = id ? await lockOwnProject(tx, organisationId, id) : null
    await checkDraft(tx, buyerKind, form)
    if (id && project) {
      if (project.status !== 'draft')
        throw new ValidationError({
          title: ['项目已发布，不能再修改；如需调整请通过答疑或撤销后重新发布'],
        })
      await tx
        .update(projects)
        .set({ ...draftValues(form), updatedAt: sql`platform_now()` })
        .where(eq(projects.id, id))
      await recordProjectStep(tx, {
        projectId: id,
        actorUserId: userId,
        action: 'project.draft_saved',
        summary: '修改草稿',
      })
      return { id, alreadyPublished: false }
    }
    // A concurrent twin waits here for the first to commit, then inserts nothing.
    const [row] = await tx
      .insert(projects)
      .values({
        ...draftValues(form),
        buyerId: organisationId,
        createdBy: userId,
        submissionKey: form.submissionKey ?? null,
        createdAt: sql`platform_now()`,
        updatedAt: sql`platform_now()`,
      })
      .onConflictDoNothing({ target: [projects.buyerId, projects.submissionKey] })
      .returning({ id: projects.id })
    if (!row) {
      const [first] = await tx
        .select({ id: projects.id, status: projects.status })
        .from(projects)
        .where(
          and(
            eq(projects.buyerId, organisationId),
            eq(projects.submissionKey, form.submissionKey!),
          ),
        )
      return { id: first!.id, alreadyPublished: first!.status !== 'draft' }
    }
    await recordProjectStep(tx, {
      projectId: row.id,
      actorUserId: userId,
      action: 'project.drafted',
      summary: '创建项目草稿',
    })
    return { id: row.id, alreadyPublished: false }
  })
}

/**
 * Publishes a draft: the buyer may publish, the method suits the money, the deadline is
 * at least 2 working days away, an invited agency is eligible. A draw gets its commitment.
 */
export async function publishProject(ctx: Ctx, id: string) {
  const { actor, organisationId } = requireOwnOrganisation(ctx, 'department', 'enterprise')
  const userId = actor.userId
  return inTransaction(ctx.db, async (tx) => {
    const project = await lockOwnProject(tx, organisationId, id)
    assertTransition(project.status, 'published')
    const [buyer] = await tx
      .select()
      .from(organisations)
      .where(eq(organisations.id, organisationId))
    const may = canPublishProjects(buyer!)
    if (!may.ok) throw new ForbiddenError(may.reason)
    const allowed = methodAllowed(
      project.method,
      project.funding,
      buyer!.kind as 'department' | 'enterprise',
    )
    if (!allowed.ok) throw ValidationError.field('method', allowed.reason)
    const now = await platformNow(tx)
    const calendar = await loadWorkdayCalendar(tx)
    const earliest = earliestDeadline(now, calendar)
    if (project.deadlineAt < earliest)
      throw ValidationError.field('deadline', deadlineTooEarlyMessage(earliest))
    const [item] = await tx
      .select()
      .from(serviceItems)
      .where(eq(serviceItems.code, project.serviceItemCode))
    if (item!.retiredAt)
      throw ValidationError.field('serviceItemCode', '该服务事项已停用，不能发布')
    let draw: { drawCommitment: string; drawSecretSealed: string } | object = {}
    if (project.method === 'lottery') {
      const secret = randomHex(32)
      draw = {
        drawCommitment: drawCommitment(secret, sha256),
        drawSecretSealed: sealSecret(project.id, secret),
      }
    }
    if (project.method === 'direct') {
      const standing = await agencyStanding(
        tx,
        project.directAgencyId!,
        project.serviceItemCode,
        project.deadlineAt,
      )
      const eligible = checkEligibility({
        ...standing,
        requiredQualification: item!.qualification,
        onDate: standing.onDate,
      })
      if (!eligible.eligible)
        throw ValidationError.field(
          'directAgencyId',
          `所选机构不符合条件：${eligible.reasons.join('；')}`,
        )
    }
    await tx
      .update(projects)
      .set({ ...draw, status: 'published', publishedAt: now, updatedAt: now })
      .where(eq(projects.id, id))
    const link = `/projects/${id}`
    if (project.method === 'direct') {
      await tx.insert(notifications).values({
        organisationId: project.directAgencyId!,
        createdAt: sql`platform_now()`,
        kind: 'project.invited',
        title: `${buyer!.name}邀请贵机构承接「${project.title}」`,
        body: '请在截止时间前接受或谢绝。',
        link,
      })
    } else {
      await notifyAgenciesOffering(tx, project.serviceItemCode, {
        kind: 'project.published',
        title: `新项目：${project.title}`,
        body: `${item!.name}，截止 ${formatShanghaiDateTime(project.deadlineAt)}`,
        link,
      })
    }
    await recordProjectStep(tx, {
      projectId: id,
      actorUserId: userId,
      action: 'project.published',
      summary:
        project.method === 'lottery'
          ? `发布公告；随机抽取承诺值 ${(draw as { drawCommitment: string }).drawCommitment}`
          : '发布公告',
    })
  })
}

/** One message per agency that offers the item, written by the database in one statement. */
async function notifyAgenciesOffering(
  tx: Database,
  itemCode: string,
  message: { kind: string; title: string; body: string; link: string },
) {
  await tx.execute(sql`
    insert into ${notifications} (organisation_id, kind, title, body, link, created_at)
    select ${offerings.agencyId}, ${message.kind}, ${message.title}, ${message.body}, ${message.link}, platform_now()
    from ${offerings}
    join ${organisations} on ${organisations.id} = ${offerings.agencyId}
    where ${offerings.serviceItemCode} = ${itemCode} and ${offerings.pausedAt} is null
      and ${organisations.suspendedAt} is null`)
}

/** Saves and publishes in one transaction: a refusal to publish leaves nothing half-done. */
export async function saveAndPublishProject(ctx: Ctx, form: ProjectForm, id?: string) {
  return inTransaction(ctx.db, async (tx) => {
    const inner = { ...ctx, db: tx }
    const saved = await saveDraft(inner, form, id)
    // The first click published it already: this one has nothing left to do.
    if (saved.alreadyPublished) return saved.id
    await publishProject(inner, saved.id)
    return saved.id
  })
}

/** What the project form needs to start from: the buyer's kind and an invited agency's name. */
export async function projectFormContext(ctx: Ctx, invitedAgencyId?: string | null) {
  const { actor } = requireOwnOrganisation(ctx, 'department', 'enterprise')
  let invited: { id: string; name: string } | null = null
  if (invitedAgencyId && isUuid(invitedAgencyId)) {
    const [row] = await ctx.db
      .select({ id: organisations.id, name: organisations.name })
      .from(organisations)
      .where(and(eq(organisations.id, invitedAgencyId), eq(organisations.kind, 'agency')))
    invited = row ?? null
  }
  const now = await platformNow(ctx.db)
  const calendar = await loadWorkdayCalendar(ctx.db)
  return {
    buyerKind: actor.role as 'department' | 'enterprise',
    invited,
    earliestDeadline: earliestDeadline(now, calendar),
    suggestedDeadline: calendar.addWorkdays(now, 5),
  }
}

/** The earliest deadline a project published now may have (2 working days on). */
export async function earliestPublishDeadline(ctx: Ctx) {
  const [now, calendar] = await Promise.all([platformNow(ctx.db), loadWorkdayCalendar(ctx.db)])
  return earliestDeadline(now, calendar)
}

/** The buyer's own draft, for editing. */
export async function getOwnDraft(ctx: Ctx, id: string) {
  const { organisationId } = requireOwnOrganisation(ctx, 'department', 'enterprise')
  if (!isUuid(id)) throw new NotFoundError('项目不存在')
  const [project] = await ctx.db.select().from(projects).where(eq(projects.id, id))
  if (!project) throw new NotFoundError('项目不存在')
  if (project.buyerId !== organisationId) throw new ForbiddenError('只能管理本单位发布的项目')
  const { drawSecretSealed: _sealed, ...visible } = project
  return visible
}
