import { and, asc, count, eq, gt, inArray, isNull, ne, or } from 'drizzle-orm'
import { isAnnouncedProject } from './announced-project.ts'
import { agencyStanding } from './agency-standing.ts'
import { platformNow } from './clock.ts'
import type { Ctx } from './context.ts'
import { bids, projects } from './db/schema-procedures.ts'
import { offerings, organisations, serviceItems } from './db/schema.ts'
import { NotFoundError } from './errors.ts'
import { requireOwnOrganisation } from './profiles.ts'
import { checkEligibility } from './rules/eligibility.ts'
import { shanghaiDate } from './rules/qualifications.ts'
import { isUuid } from './validation/registry.ts'

/**
 * Whether the signed-in agency may bid on (or sign up for) a project, judged exactly as
 * submitBid judges it: on the project's deadline day, from its offering, qualifications,
 * suspension and blacklist. Also what the bid form needs to say: the item's time limit and
 * the agency's own fee maximum, and whether bids are still taken by the platform clock.
 */
export async function myEligibility(ctx: Ctx, projectId: string) {
  const { organisationId } = requireOwnOrganisation(ctx, 'agency')
  if (!isUuid(projectId)) throw new NotFoundError('项目不存在')
  const [row] = await ctx.db
    .select({
      serviceItemCode: projects.serviceItemCode,
      status: projects.status,
      deadlineAt: projects.deadlineAt,
      qualification: serviceItems.qualification,
      timeLimitWorkdays: serviceItems.timeLimitWorkdays,
    })
    .from(projects)
    .innerJoin(serviceItems, eq(serviceItems.code, projects.serviceItemCode))
    .where(and(eq(projects.id, projectId), isAnnouncedProject))
  if (!row) throw new NotFoundError('项目不存在')
  const [standing, now] = await Promise.all([
    agencyStanding(ctx.db, organisationId, row.serviceItemCode, row.deadlineAt),
    platformNow(ctx.db),
  ])
  const { eligible, reasons } = checkEligibility({
    ...standing,
    requiredQualification: row.qualification,
  })
  return {
    eligible,
    reasons,
    requiredQualification: row.qualification,
    itemTimeLimitDays: row.timeLimitWorkdays,
    offeringFeeMaxFen: standing.offeringFeeMaxFen,
    offeringTimeLimitDays: standing.offeringTimeLimitDays,
    biddingOpen: row.status === 'published' && now < row.deadlineAt,
    now,
  }
}

export type MyEligibility = Awaited<ReturnType<typeof myEligibility>>

/**
 * Projects the agency could bid on now: published, deadline still ahead by the platform
 * clock, for an item it offers and has not paused; a direct selection only if it is the
 * agency invited. Soonest deadline first, with the agency's live bid revision if any, and
 * why it may not take part (a qualification missing on the deadline day, the blacklist…),
 * judged as the bid page judges it.
 */
export async function listOpenProjectsForMe(ctx: Ctx, { page = 1, pageSize = 20 } = {}) {
  const { organisationId } = requireOwnOrganisation(ctx, 'agency')
  const now = await platformNow(ctx.db)
  const offered = ctx.db
    .select({ code: offerings.serviceItemCode })
    .from(offerings)
    .where(and(eq(offerings.agencyId, organisationId), isNull(offerings.pausedAt)))
  const where = and(
    eq(projects.status, 'published'),
    gt(projects.deadlineAt, now),
    inArray(projects.serviceItemCode, offered),
    or(ne(projects.method, 'direct'), eq(projects.directAgencyId, organisationId)),
  )
  const standings = new Map<string, ReturnType<typeof agencyStanding>>()
  const withBarriers = async <
    P extends { itemCode: string; qualification: string | null; deadlineAt: Date },
  >({
    itemCode,
    qualification,
    ...project
  }: P) => {
    // The deadlines are all ahead, so the standing depends on the item and the deadline's day
    // only: a page of twenty projects for a few items asks a few times, not twenty.
    const key = `${itemCode}|${shanghaiDate(project.deadlineAt)}`
    if (!standings.has(key))
      standings.set(key, agencyStanding(ctx.db, organisationId, itemCode, project.deadlineAt))
    const standing = await standings.get(key)!
    const { reasons } = checkEligibility({ ...standing, requiredQualification: qualification })
    return { ...project, barredBy: reasons }
  }
  const [rows, [total], [agency]] = await Promise.all([
    ctx.db
      .select({
        id: projects.id,
        itemCode: projects.serviceItemCode,
        qualification: serviceItems.qualification,
        title: projects.title,
        serviceItemName: serviceItems.name,
        buyerName: organisations.name,
        method: projects.method,
        budgetCapFen: projects.budgetCapFen,
        deadlineAt: projects.deadlineAt,
        myRevision: bids.revision,
      })
      .from(projects)
      .innerJoin(serviceItems, eq(serviceItems.code, projects.serviceItemCode))
      .innerJoin(organisations, eq(organisations.id, projects.buyerId))
      .leftJoin(
        bids,
        and(
          eq(bids.projectId, projects.id),
          eq(bids.agencyId, organisationId),
          isNull(bids.withdrawnAt),
        ),
      )
      .where(where)
      .orderBy(asc(projects.deadlineAt), asc(projects.id))
      .limit(pageSize)
      .offset((Math.max(1, page) - 1) * pageSize)
      .then((found) => Promise.all(found.map(withBarriers))),
    ctx.db.select({ n: count() }).from(projects).where(where),
    ctx.db
      .select({ suspendedAt: organisations.suspendedAt })
      .from(organisations)
      .where(eq(organisations.id, organisationId)),
  ])
  // A suspended agency still sees the list, with the reason it cannot take part.
  return { rows, total: total!.n, page, pageSize, suspended: agency?.suspendedAt != null }
}
