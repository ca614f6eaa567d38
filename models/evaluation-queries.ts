import { asc, desc, eq, inArray, sql } from 'drizzle-orm'
import { platformNow } from './clock.ts'
import { requireContractViewer } from './contract-access.ts'
import type { Ctx } from './context.ts'
import type { Database } from './db/client.ts'
import { preparedQuery } from './db/prepared-query.ts'
import { contracts, evaluations } from './db/schema-contracts.ts'
import { projects } from './db/schema-procedures.ts'
import { organisations, serviceItems } from './db/schema.ts'
import {
  type Evaluation,
  isVerifiedDepartment,
  ratingColumns,
  UNVERIFIED_RATER,
} from './evaluations.ts'
import {
  checkEvaluationWindow,
  type RaterKind,
  ratingMean,
  type Scores,
  summariseEvaluations,
} from './rules/evaluations.ts'
import { isUuid } from './validation/registry.ts'

export const EVALUATIONS_PER_PAGE = 10

const scoresOf = (e: Scores): Scores => ({
  quality: e.quality,
  timeliness: e.timeliness,
  attitude: e.attitude,
  fees: e.fees,
  conduct: e.conduct,
})

async function organisationNames(db: Database, ids: readonly string[]) {
  if (ids.length === 0) return new Map<string, string>()
  const rows = await db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(inArray(organisations.id, [...new Set(ids)]))
  return new Map(rows.map((r) => [r.id, r.name]))
}

/** A comment as the public may see it: hidden ones give way to the supervisor's reason. */
function publicComment(e: Evaluation) {
  return {
    comment: e.hiddenAt ? null : e.comment,
    hiddenAt: e.hiddenAt,
    hiddenReason: e.hiddenAt ? e.hiddenReason : null,
  }
}

/**
 * The contract page's evaluations: what exists, and whether the viewer may rate now,
 * reply (the agency) or hide a comment (a supervisor).
 */
export async function getContractEvaluations(ctx: Ctx, contractId: string) {
  const { contract, viewer } = await requireContractViewer(ctx, contractId)
  const [now, rows] = await Promise.all([
    platformNow(ctx.db),
    ctx.db
      .select()
      .from(evaluations)
      .where(eq(evaluations.contractId, contract.id))
      .orderBy(asc(evaluations.createdAt), asc(evaluations.id)),
  ])
  const names = await organisationNames(
    ctx.db,
    rows.map((r) => r.raterOrganisationId),
  )
  const ownKind: RaterKind | null =
    viewer === 'buyer' ? 'buyer' : viewer === 'approval' ? 'approval_department' : null
  const window = checkEvaluationWindow(contract, now)
  const rated = ownKind != null && rows.some((r) => r.raterKind === ownKind)
  const unverified =
    ownKind === 'approval_department' &&
    !(await isVerifiedDepartment(ctx.db, ctx.actor!.organisationId!))
  return {
    contract: {
      id: contract.id,
      status: contract.status,
      acceptedAt: contract.acceptedAt,
      evaluationDueAt: contract.evaluationDueAt,
    },
    viewer,
    windowOpen: window.ok,
    /** The form the viewer may fill in now, or why not; null for those who never rate. */
    rating:
      ownKind == null
        ? null
        : {
            kind: ownKind,
            open: !rated && !unverified && window.ok,
            reason: rated
              ? '贵单位已评价该合同。'
              : unverified
                ? `${UNVERIFIED_RATER}。`
                : window.ok
                  ? null
                  : window.reason,
          },
    evaluations: rows.map((e) => ({
      id: e.id,
      raterKind: e.raterKind,
      raterName: names.get(e.raterOrganisationId) ?? '',
      scores: scoresOf(e),
      mean: ratingMean(e),
      ...publicComment(e),
      // A supervisor reviewing a hidden comment still reads what it said.
      originalComment: viewer === 'supervisor' && e.hiddenAt ? e.comment : null,
      createdAt: e.createdAt,
      reply: e.reply,
      repliedAt: e.repliedAt,
      canReply: viewer === 'agency' && e.reply == null,
      canHide: viewer === 'supervisor' && !e.hiddenAt && e.comment !== '',
    })),
  }
}

export type ContractEvaluations = Awaited<ReturnType<typeof getContractEvaluations>>

/** ?evalPage= from a URL: a whole number from 1, anything else is page 1. */
export function evaluationPageFrom(value: string | number | null | undefined) {
  const n = Number(value ?? 1)
  return Number.isInteger(n) && n >= 1 ? Math.min(n, 10_000) : 1
}

/**
 * An agency's public evaluation record: averages per dimension, the weighted overall score
 * and one page of ratings, newest first. Public data only: organisations' names, never the
 * people who rated.
 */
export async function agencyEvaluationSummary(
  db: Database,
  agencyId: string,
  options: { page?: string | number | null; pageSize?: number } = {},
) {
  const requested = evaluationPageFrom(options.page)
  // The CSV export reads every rating in one page.
  const perPage = options.pageSize ?? EVALUATIONS_PER_PAGE
  if (!isUuid(agencyId))
    return { ...summariseEvaluations([]), page: 1, pageCount: 1, items: [] as PublicEvaluation[] }
  const rated = await preparedQuery(db, 'agencyRatings', agencyRatingsQuery).execute({ agencyId })
  const summary = summariseEvaluations(rated)
  const pageCount = Math.max(1, Math.ceil(summary.count / perPage))
  const page = Math.min(requested, pageCount)
  const rows = await preparedQuery(db, 'agencyEvaluationPage', agencyEvaluationPageQuery).execute({
    agencyId,
    limit: perPage,
    offset: (page - 1) * perPage,
  })
  const names = await organisationNames(
    db,
    rows.flatMap((r) => [r.buyerId, r.evaluation.raterOrganisationId]),
  )
  const items = rows.map(
    ({ evaluation: e, buyerId, projectTitle, itemName }): PublicEvaluation => ({
      id: e.id,
      itemName,
      projectTitle,
      buyerName: names.get(buyerId) ?? '',
      raterKind: e.raterKind,
      raterName: names.get(e.raterOrganisationId) ?? '',
      createdAt: e.createdAt,
      scores: scoresOf(e),
      mean: ratingMean(e),
      ...publicComment(e),
      reply: e.reply,
      repliedAt: e.repliedAt,
    }),
  )
  return { ...summary, page, pageCount, items }
}

// Every agency page runs these two (models/db/prepared-query.ts).
function agencyRatingsQuery(db: Database) {
  return db
    .select({
      contractId: evaluations.contractId,
      amountFen: contracts.amountFen,
      raterKind: evaluations.raterKind,
      ...ratingColumns,
    })
    .from(evaluations)
    .innerJoin(contracts, eq(contracts.id, evaluations.contractId))
    .where(eq(evaluations.agencyId, sql.placeholder('agencyId')))
}

function agencyEvaluationPageQuery(db: Database) {
  return db
    .select({
      evaluation: evaluations,
      buyerId: contracts.buyerId,
      projectTitle: projects.title,
      itemName: serviceItems.name,
    })
    .from(evaluations)
    .innerJoin(contracts, eq(contracts.id, evaluations.contractId))
    .innerJoin(projects, eq(projects.id, contracts.projectId))
    .innerJoin(serviceItems, eq(serviceItems.code, contracts.serviceItemCode))
    .where(eq(evaluations.agencyId, sql.placeholder('agencyId')))
    .orderBy(desc(evaluations.createdAt), desc(evaluations.id))
    .limit(sql.placeholder('limit'))
    .offset(sql.placeholder('offset'))
}

export type PublicEvaluation = {
  id: string
  itemName: string
  projectTitle: string
  buyerName: string
  raterKind: RaterKind
  raterName: string
  createdAt: Date
  scores: Scores
  mean: number | null
  comment: string | null
  hiddenAt: Date | null
  hiddenReason: string | null
  reply: string | null
  repliedAt: Date | null
}

export type AgencyEvaluationSummary = Awaited<ReturnType<typeof agencyEvaluationSummary>>
