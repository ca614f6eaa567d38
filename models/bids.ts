import { and, eq, isNull, sql } from 'drizzle-orm'
import { requireEligibleAgency } from './agency-standing.ts'
import { appendAuditEvent, sha256 } from './audit.ts'
import { randomHex, sealBid, unsealBid } from './bid-sealing.ts'
import { platformNow } from './clock.ts'
import type { SubmissionOrigin } from './collusion-origin.ts'
import type { Ctx } from './context.ts'
import type { Database } from './db/client.ts'
import { bids, projects } from './db/schema-procedures.ts'
import { violatedUniqueConstraint } from './db/errors.ts'
import { inTransaction } from './db/transaction.ts'
import { NotFoundError, ValidationError } from './errors.ts'
import { requireOwnOrganisation } from './profiles.ts'
import {
  bidCommitment,
  checkBidPrice,
  checkTimeLimit,
  priceFromDiscount,
} from './rules/bid-price.ts'
import { formatShanghaiDateTime } from './rules/shanghai-time.ts'
import type { BidForm } from './validation/projects.ts'
import { isUuid } from './validation/registry.ts'

/** What the bidder keeps to check, after opening, that its price was the one opened. */
export interface BidReceipt {
  bidId: string
  projectId: string
  agencyId: string
  revision: number
  priceFen: number
  salt: string
  commitment: string
  submittedAt: string
}

export interface BidSubmission extends BidForm {
  proposalUploadId?: string | null
  /** Keyed hashes of the sender's address and browser, for the collusion screens. */
  origin?: SubmissionOrigin
}

/** The project for a bid, share-locked so the deadline cannot close it under this bid. */
async function lockProjectForBidding(tx: Database, projectId: string) {
  if (!isUuid(projectId)) throw new NotFoundError('项目不存在')
  // Late attempts are refused before they take the lock, so a stream of them cannot keep
  // the procedure clock waiting to open the project; the check under the lock is the real one.
  const [late] = await tx
    .select({ status: projects.status, deadlineAt: projects.deadlineAt })
    .from(projects)
    .where(and(eq(projects.id, projectId), sql`${projects.deadlineAt} <= platform_now()`))
  if (late) await requireBiddingOpen(tx, late)
  const [project] = await tx.select().from(projects).where(eq(projects.id, projectId)).for('share')
  if (!project) throw new NotFoundError('项目不存在')
  if (project.method === 'direct')
    throw new ValidationError({ price: ['直接选取的项目不接受报价'] })
  return project
}

/** Refuses unless the platform clock is before the deadline and the project still takes bids. */
async function requireBiddingOpen(tx: Database, project: { status: string; deadlineAt: Date }) {
  const now = await platformNow(tx)
  if (project.status !== 'published' || now >= project.deadlineAt)
    throw new ValidationError({
      price: [`报价已截止（截止时间 ${formatShanghaiDateTime(project.deadlineAt)}）`],
    })
  return now
}

function receiptOf(row: typeof bids.$inferSelect, priceFen: number, salt: string): BidReceipt {
  return {
    bidId: row.id,
    projectId: row.projectId,
    agencyId: row.agencyId,
    revision: row.revision,
    priceFen,
    salt,
    commitment: row.commitment,
    submittedAt: row.submittedAt.toISOString(),
  }
}

/**
 * Submits or revises the agency's sealed bid (a draw sign-up is a bid too). Stored only if
 * the platform clock is before the deadline inside this transaction; the same form sent
 * twice returns the first receipt.
 */
export async function submitBid(
  ctx: Ctx,
  projectId: string,
  form: BidSubmission,
): Promise<BidReceipt> {
  try {
    return await storeBid(ctx, projectId, form)
  } catch (error) {
    // Two first bids of one agency at once: the loser of the insert race sees the winner's
    // row on a second try and revises it (or returns its receipt if it was the same form).
    if (violatedUniqueConstraint(error) === 'bids_project_agency_key')
      return storeBid(ctx, projectId, form)
    throw error
  }
}

async function storeBid(ctx: Ctx, projectId: string, form: BidSubmission): Promise<BidReceipt> {
  const { actor, organisationId } = requireOwnOrganisation(ctx, 'agency')
  return inTransaction(ctx.db, async (tx) => {
    const project = await lockProjectForBidding(tx, projectId)
    const [existing] = await tx
      .select()
      .from(bids)
      .where(and(eq(bids.projectId, project.id), eq(bids.agencyId, organisationId)))
      .for('update')
    if (existing && existing.submissionKey === form.submissionKey && !existing.withdrawnAt) {
      const sealed = unsealBid(project.id, organisationId, existing.sealed)
      return receiptOf(existing, sealed.priceFen, sealed.salt)
    }
    const now = await requireBiddingOpen(tx, project)
    const { item, standing } = await requireEligibleAgency(tx, project, organisationId)
    const priceFen =
      form.priceFen ?? priceFromDiscount(project.budgetCapFen, form.discountBasisPoints!)
    const priceCheck = checkBidPrice({
      priceFen,
      capFen: project.budgetCapFen,
      offeringFeeMaxFen: standing.offeringFeeMaxFen,
    })
    const daysCheck = checkTimeLimit(
      form.timeLimitDays,
      item.timeLimitWorkdays,
      standing.offeringTimeLimitDays,
    )
    // Both at once: the agency corrects the price and the time limit in one go.
    const problems: Record<string, string[]> = {}
    if (!priceCheck.ok)
      problems[form.priceFen == null ? 'discountPercent' : 'price'] = [priceCheck.reason]
    if (!daysCheck.ok) problems[daysCheck.field] = [daysCheck.reason]
    if (Object.keys(problems).length > 0) throw new ValidationError(problems)

    const salt = randomHex(16)
    const values = {
      sealed: sealBid(project.id, organisationId, {
        priceFen,
        discountBasisPoints: form.discountBasisPoints,
        salt,
      }),
      commitment: bidCommitment(project.id, organisationId, priceFen, salt, sha256),
      timeLimitDays: form.timeLimitDays,
      proposal: form.proposal,
      proposalUploadId:
        form.proposalUploadId !== undefined
          ? form.proposalUploadId
          : existing && !existing.withdrawnAt
            ? existing.proposalUploadId
            : null,
      submissionKey: form.submissionKey,
      submittedBy: actor.userId,
      submittedAt: now,
      submittedIp: form.origin?.ipHash ?? null,
      submittedDevice: form.origin?.deviceHash ?? null,
      withdrawnAt: null,
      // A fresh bid after the blacklisting ended is not the one that was set aside.
      setAsideAt: null,
      setAsideReason: null,
    }
    const [row] = existing
      ? await tx
          .update(bids)
          .set({ ...values, revision: existing.revision + 1 })
          .where(eq(bids.id, existing.id))
          .returning()
      : await tx
          .insert(bids)
          .values({ ...values, projectId: project.id, agencyId: organisationId })
          .returning()
    await appendAuditEvent(tx, {
      actorUserId: actor.userId,
      action: existing ? 'bid.revised' : 'bid.submitted',
      subjectType: 'project',
      subjectId: project.id,
      // The commitment, never the price: the audit log is read before opening too.
      data: {
        bidId: row!.id,
        agencyId: organisationId,
        revision: row!.revision,
        commitment: row!.commitment,
      },
    })
    return receiptOf(row!, priceFen, salt)
  })
}

/** Withdraws the agency's bid before the deadline; it may bid again later. */
export async function withdrawBid(ctx: Ctx, projectId: string) {
  const { actor, organisationId } = requireOwnOrganisation(ctx, 'agency')
  return inTransaction(ctx.db, async (tx) => {
    const project = await lockProjectForBidding(tx, projectId)
    const [existing] = await tx
      .select()
      .from(bids)
      .where(
        and(
          eq(bids.projectId, project.id),
          eq(bids.agencyId, organisationId),
          isNull(bids.withdrawnAt),
        ),
      )
      .for('update')
    if (!existing) throw new NotFoundError('贵机构在本项目没有有效报价')
    const now = await requireBiddingOpen(tx, project)
    await tx
      .update(bids)
      .set({ withdrawnAt: now, submissionKey: sql`'withdrawn:' || ${bids.id}` })
      .where(eq(bids.id, existing.id))
    await appendAuditEvent(tx, {
      actorUserId: actor.userId,
      action: 'bid.withdrawn',
      subjectType: 'project',
      subjectId: project.id,
      data: { bidId: existing.id, agencyId: organisationId },
    })
  })
}

/**
 * The agency's own bid on a project as pages show it: commitment, revision, time limit and
 * proposal, but not the price — the price is sealed until opening even on its own pages; the
 * receipt given at submission holds it.
 */
export async function getMyBid(ctx: Ctx, projectId: string) {
  const { organisationId } = requireOwnOrganisation(ctx, 'agency')
  if (!isUuid(projectId)) return null
  const [row] = await ctx.db
    .select({
      id: bids.id,
      revision: bids.revision,
      commitment: bids.commitment,
      timeLimitDays: bids.timeLimitDays,
      proposal: bids.proposal,
      proposalUploadId: bids.proposalUploadId,
      submittedAt: bids.submittedAt,
      withdrawnAt: bids.withdrawnAt,
      setAsideAt: bids.setAsideAt,
      setAsideReason: bids.setAsideReason,
      priceFen: bids.priceFen,
      salt: bids.salt,
      valid: bids.valid,
      invalidReason: bids.invalidReason,
      abnormalLow: bids.abnormalLow,
      explanation: bids.explanation,
      explanationDueAt: bids.explanationDueAt,
      explanationDecision: bids.explanationDecision,
      explanationDecisionReason: bids.explanationDecisionReason,
      rank: bids.rank,
    })
    .from(bids)
    .where(and(eq(bids.projectId, projectId), eq(bids.agencyId, organisationId)))
  return row ?? null
}
