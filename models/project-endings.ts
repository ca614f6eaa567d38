import { and, asc, eq, isNull, ne, sql } from 'drizzle-orm'
import { platformNow } from './clock.ts'
import type { Ctx } from './context.ts'
import { bids, projects } from './db/schema-procedures.ts'
import { inTransaction } from './db/transaction.ts'
import { ValidationError } from './errors.ts'
import { notifyOrganisations } from './notifications.ts'
import { recordProjectStep } from './project-events.ts'
import { lockOwnProject } from './projects.ts'
import { requireOwnOrganisation } from './profiles.ts'
import { assertTransition } from './rules/project-states.ts'

// How a buyer ends a project before the opening, and starts again from one that ended.

/** Cancels a draft, or a published project before its deadline, with a public reason. */
export async function cancelProject(ctx: Ctx, id: string, reason: string) {
  const { actor, organisationId } = requireOwnOrganisation(ctx, 'department', 'enterprise')
  const userId = actor.userId
  return inTransaction(ctx.db, async (tx) => {
    const project = await lockOwnProject(tx, organisationId, id)
    // A signed contract ends through its own page (models/contract-service.ts), never here.
    if (project.status === 'cancelled') throw new ValidationError({ reason: ['项目已撤销'] })
    if (project.status !== 'draft' && project.status !== 'published')
      throw new ValidationError({ reason: ['项目已开标，不能撤销'] })
    assertTransition(project.status, 'cancelled')
    const now = await platformNow(tx)
    if (project.status === 'published' && now >= project.deadlineAt)
      throw new ValidationError({ reason: ['截止时间已过，不能撤销'] })
    await tx
      .update(projects)
      .set({ status: 'cancelled', endedAt: now, endReason: reason, updatedAt: now })
      .where(eq(projects.id, id))
    if (project.status === 'published') {
      const participants = await tx
        .select({ agencyId: bids.agencyId })
        .from(bids)
        .where(and(eq(bids.projectId, id), isNull(bids.withdrawnAt)))
      await notifyOrganisations(
        tx,
        participants.map((r) => r.agencyId),
        {
          kind: 'project.cancelled',
          title: `项目已撤销：${project.title}`,
          body: reason,
          link: `/projects/${id}`,
        },
      )
    }
    await recordProjectStep(tx, {
      projectId: id,
      actorUserId: userId,
      action: 'project.cancelled',
      summary: `撤销项目，原因：${reason}`,
    })
  })
}

/** A failed or cancelled project copied into a new draft, deadline left for the buyer to set. */
export async function republishProject(ctx: Ctx, id: string) {
  const { actor, organisationId } = requireOwnOrganisation(ctx, 'department', 'enterprise')
  const userId = actor.userId
  return inTransaction(ctx.db, async (tx) => {
    const source = await lockOwnProject(tx, organisationId, id)
    if (source.status !== 'failed' && source.status !== 'cancelled')
      throw new ValidationError({ project: ['只有流标或已撤销的项目可以重新发布'] })
    // Republished once already (a double click, a second tab): that copy, unless it was dropped.
    const [earlier] = await tx
      .select({ id: projects.id })
      .from(projects)
      .where(and(eq(projects.republishedFrom, source.id), ne(projects.status, 'cancelled')))
      .orderBy(asc(projects.createdAt))
      .limit(1)
    if (earlier) return earlier.id
    const [copy] = await tx
      .insert(projects)
      .values({
        buyerId: source.buyerId,
        createdBy: userId,
        serviceItemCode: source.serviceItemCode,
        title: source.title,
        scope: source.scope,
        regionCode: source.regionCode,
        cityCode: source.cityCode,
        location: source.location,
        budgetCapFen: source.budgetCapFen,
        funding: source.funding,
        method: source.method,
        deadlineAt: source.deadlineAt,
        publicityWorkdays: source.publicityWorkdays,
        weightPrice: source.weightPrice,
        weightQuality: source.weightQuality,
        weightCredit: source.weightCredit,
        abnormalLowPercent: source.abnormalLowPercent,
        directAgencyId: source.directAgencyId,
        republishedFrom: source.id,
        createdAt: sql`platform_now()`,
        updatedAt: sql`platform_now()`,
      })
      .returning({ id: projects.id })
    await recordProjectStep(tx, {
      projectId: copy!.id,
      actorUserId: userId,
      action: 'project.drafted',
      summary: '由流标/撤销项目复制为新草稿',
    })
    return copy!.id
  })
}
