import {
  aliasedTable,
  and,
  asc,
  count,
  desc,
  eq,
  inArray,
  isNull,
  sql,
  type SQL,
} from 'drizzle-orm'
import { isAnnouncedProject } from './announced-project.ts'
import type { Ctx } from './context.ts'
import type { Database } from './db/client.ts'
import type { ContractStatus } from './rules/contract-states.ts'
import { contracts } from './db/schema-contracts.ts'
import { bids, projects } from './db/schema-procedures.ts'
import { organisations, serviceItems } from './db/schema.ts'
import { ForbiddenError, NotFoundError } from './errors.ts'
import { listProjectTimeline } from './project-events.ts'
import {
  OPENED_STATUSES,
  type ProjectStatus,
  type SelectionMethod,
} from './rules/project-states.ts'

export { OPENED_STATUSES }
import { isUuid } from './validation/registry.ts'

// The sealed draw secret never leaves the model layer; the revealed one (drawSecret) is set
// only with the result.

const buyer = aliasedTable(organisations, 'buyer')

export interface ProjectFilters {
  status?: ProjectStatus
  item?: string
  city?: string
  method?: SelectionMethod
  buyerId?: string
  page?: number
  pageSize?: number
  /** 100 unless raised, e.g. for a CSV export of every match. */
  maxPageSize?: number
}

const listColumns = {
  id: projects.id,
  title: projects.title,
  serviceItemCode: projects.serviceItemCode,
  serviceItemName: serviceItems.name,
  buyerId: projects.buyerId,
  buyerName: buyer.name,
  regionCode: projects.regionCode,
  method: projects.method,
  funding: projects.funding,
  status: projects.status,
  budgetCapFen: projects.budgetCapFen,
  deadlineAt: projects.deadlineAt,
  publishedAt: projects.publishedAt,
  awardedAt: projects.awardedAt,
  awardFinalAt: projects.awardFinalAt,
  winnerAgencyId: projects.winnerAgencyId,
  winnerName: sql<
    string | null
  >`(select w.name from organisations w where w.id = ${projects.winnerAgencyId})`,
  awardedPriceFen: projects.awardedPriceFen,
}

function filtersWhere(filters: ProjectFilters, includeDrafts: boolean): SQL | undefined {
  return and(
    includeDrafts ? undefined : isAnnouncedProject,
    filters.status ? eq(projects.status, filters.status) : undefined,
    filters.item ? eq(projects.serviceItemCode, filters.item) : undefined,
    filters.city ? eq(projects.cityCode, filters.city) : undefined,
    filters.method ? eq(projects.method, filters.method) : undefined,
    filters.buyerId ? eq(projects.buyerId, filters.buyerId) : undefined,
  )
}

/** Announcements as the public sees them (never drafts), newest first. */
export async function listProjects(
  db: Database,
  filters: ProjectFilters = {},
  includeDrafts = false,
) {
  const page = Math.max(1, filters.page ?? 1)
  const pageSize = Math.min(filters.maxPageSize ?? 100, Math.max(1, filters.pageSize ?? 20))
  const where = filtersWhere(filters, includeDrafts)
  const [rows, [total]] = await Promise.all([
    selectListed(db, where)
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(projects).where(where),
  ])
  return { rows, total: total!.n, page, pageSize }
}

/** List rows, newest first. */
function selectListed(db: Database, where: SQL | undefined) {
  return db
    .select(listColumns)
    .from(projects)
    .innerJoin(serviceItems, eq(serviceItems.code, projects.serviceItemCode))
    .innerJoin(buyer, eq(buyer.id, projects.buyerId))
    .where(where)
    .orderBy(desc(sql`coalesce(${projects.publishedAt}, ${projects.createdAt})`), desc(projects.id))
}

/** The newest public projects in one status (the home page): no count, no pages. */
export function listLatestProjects(db: Database, status: ProjectStatus, limit = 5) {
  return selectListed(db, filtersWhere({ status }, false)).limit(limit)
}

export type ProjectListRow = Awaited<ReturnType<typeof listProjects>>['rows'][number]

/** The buyer's own projects, drafts included. */
export async function listMyProjects(ctx: Ctx, filters: ProjectFilters = {}) {
  const actor = ctx.actor
  if (!actor?.organisationId || (actor.role !== 'department' && actor.role !== 'enterprise'))
    throw new ForbiddenError('只有采购单位可以查看')
  return listProjects(ctx.db, { ...filters, buyerId: actor.organisationId }, true)
}

/**
 * One project as anyone may read it: the announcement, buyer, item, invited agency and
 * result. A project never published (a draft, or one cancelled as a draft) is visible only
 * to its buyer. No bid data before opening.
 */
export async function getProject(ctx: Ctx, id: string) {
  if (!isUuid(id)) throw new NotFoundError('项目不存在')
  const [row] = await ctx.db
    .select({
      project: projects,
      serviceItemName: serviceItems.name,
      serviceItemQualification: serviceItems.qualification,
      serviceItemTimeLimit: serviceItems.timeLimitWorkdays,
    })
    .from(projects)
    .innerJoin(serviceItems, eq(serviceItems.code, projects.serviceItemCode))
    .where(eq(projects.id, id))
  if (!row) throw new NotFoundError('项目不存在')
  if (!row.project.publishedAt && ctx.actor?.organisationId !== row.project.buyerId)
    throw new NotFoundError('项目不存在')
  // The page's data is public: not the sealed draw secret, nor which staff account typed the
  // form or its one-time key.
  const {
    drawSecretSealed: _sealed,
    createdBy: _createdBy,
    submissionKey: _submissionKey,
    ...project
  } = row.project
  const ids = [project.buyerId, project.winnerAgencyId, project.directAgencyId].filter(
    (x): x is string => x != null,
  )
  const orgs = await ctx.db
    .select({ id: organisations.id, name: organisations.name, kind: organisations.kind })
    .from(organisations)
    .where(inArray(organisations.id, ids))
  const org = (orgId: string | null) => orgs.find((o) => o.id === orgId)
  return {
    ...row,
    project,
    buyerName: org(project.buyerId)!.name,
    buyerKind: org(project.buyerId)!.kind,
    winnerName: org(project.winnerAgencyId)?.name ?? null,
    invitedName: org(project.directAgencyId)?.name ?? null,
  }
}

export type ProjectView = Awaited<ReturnType<typeof getProject>>

export function getProjectTimeline(db: Database, id: string) {
  return listProjectTimeline(db, id)
}

/**
 * The opened bids: bidder, price, commitment and salt, so each bidder can check its receipt.
 * Before opening there is nothing to read: the function refuses rather than filter.
 */
export async function listOpenedBids(
  db: Database,
  project: { id: string; status: ProjectStatus; openedAt: Date | null },
) {
  if (!project.openedAt || !OPENED_STATUSES.includes(project.status)) return null
  return db
    .select({
      id: bids.id,
      agencyId: bids.agencyId,
      agencyName: organisations.name,
      priceFen: bids.priceFen,
      discountBasisPoints: bids.discountBasisPoints,
      commitment: bids.commitment,
      salt: bids.salt,
      timeLimitDays: bids.timeLimitDays,
      revision: bids.revision,
      submittedAt: bids.submittedAt,
      valid: bids.valid,
      invalidReason: bids.invalidReason,
      abnormalLow: bids.abnormalLow,
      explanation: bids.explanation,
      explanationDecision: bids.explanationDecision,
      explanationDecisionReason: bids.explanationDecisionReason,
      qualityScore: bids.qualityScore,
      creditScore: bids.creditScore,
      rank: bids.rank,
    })
    .from(bids)
    .innerJoin(organisations, eq(organisations.id, bids.agencyId))
    .where(and(eq(bids.projectId, project.id), isNull(bids.withdrawnAt)))
    .orderBy(sql`${bids.rank} asc nulls last`, asc(bids.priceFen), asc(bids.submittedAt))
}

export type OpenedBid = NonNullable<Awaited<ReturnType<typeof listOpenedBids>>>[number]

/** How many live bids or sign-ups a project has — public only once the deadline has passed. */
export async function countLiveBids(db: Database, projectId: string) {
  const [row] = await db
    .select({ n: count() })
    .from(bids)
    .where(and(eq(bids.projectId, projectId), isNull(bids.withdrawnAt)))
  return row!.n
}

/** The agency's bids, newest first, with each project's status (no sealed prices). */
export async function listMyBids(ctx: Ctx, { page = 1, pageSize = 20 } = {}) {
  const actor = ctx.actor
  if (actor?.role !== 'agency' || !actor.organisationId)
    throw new ForbiddenError('只有中介机构可以查看')
  const where = eq(bids.agencyId, actor.organisationId)
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select({
        projectId: projects.id,
        title: projects.title,
        status: projects.status,
        method: projects.method,
        deadlineAt: projects.deadlineAt,
        winnerAgencyId: projects.winnerAgencyId,
        revision: bids.revision,
        submittedAt: bids.submittedAt,
        withdrawnAt: bids.withdrawnAt,
        setAsideAt: bids.setAsideAt,
        priceFen: bids.priceFen,
        rank: bids.rank,
        valid: bids.valid,
        // A winner that refused or let the signing lapse is not the winner any more.
        myContractStatus: sql<ContractStatus | null>`(select ${contracts.status} from ${contracts} where ${contracts.projectId} = ${projects.id} and ${contracts.agencyId} = ${bids.agencyId} order by ${contracts.createdAt} desc limit 1)`,
      })
      .from(bids)
      .innerJoin(projects, eq(projects.id, bids.projectId))
      .where(where)
      .orderBy(desc(bids.submittedAt))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    ctx.db.select({ n: count() }).from(bids).where(where),
  ])
  return { rows, total: total!.n, page, pageSize }
}
