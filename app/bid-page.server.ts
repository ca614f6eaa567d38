import { randomUUID } from 'node:crypto'
import type { Ctx } from '#models/context.ts'
import { myEligibility } from '#models/bid-eligibility.ts'
import { checkReceipt } from '#models/bid-receipts.ts'
import { getMyBid } from '#models/bids.ts'
import { requireOwnOrganisation } from '#models/profiles.ts'
import { getProject } from '#models/project-queries.ts'
import { OPENED_STATUSES } from '#models/rules/project-states.ts'

/**
 * Everything the agency's bid page shows, for the signed-in agency only. The opened price
 * and salt are passed on only once the project's bids are opened; before that the page
 * has the commitment and revision, never the price.
 */
export async function loadBidPage(ctx: Ctx, projectId: string, pastedReceipt: string | null) {
  const { organisationId } = requireOwnOrganisation(ctx, 'agency')
  const view = await getProject(ctx, projectId)
  const [eligibility, bid] = await Promise.all([
    myEligibility(ctx, projectId),
    getMyBid(ctx, projectId),
  ])
  const p = view.project
  const opened = p.openedAt != null && OPENED_STATUSES.includes(p.status)
  const live = bid && !bid.withdrawnAt ? bid : null
  const openedPrice =
    opened && live && live.priceFen != null && live.salt != null
      ? { priceFen: live.priceFen, salt: live.salt }
      : null
  return {
    project: {
      id: p.id,
      title: p.title,
      serviceItemCode: p.serviceItemCode,
      serviceItemName: view.serviceItemName,
      buyerName: view.buyerName,
      budgetCapFen: p.budgetCapFen,
      deadlineAt: p.deadlineAt,
      method: p.method,
      status: p.status,
      endReason: p.endReason,
      opened,
      winnerIsMe: p.winnerAgencyId === organisationId,
      winnerName: view.winnerName,
      awardedPriceFen: p.awardedPriceFen,
      invited: p.method === 'direct' && p.directAgencyId === organisationId,
    },
    eligibility,
    bid: bid && {
      revision: bid.revision,
      commitment: bid.commitment,
      submittedAt: bid.submittedAt,
      withdrawnAt: bid.withdrawnAt,
      // Its own bid, and the reason is its own blacklisting: nothing sealed is told.
      setAsideAt: bid.setAsideAt,
      setAsideReason: bid.setAsideReason,
      timeLimitDays: bid.timeLimitDays,
      proposal: bid.proposal,
      proposalUploadId: bid.proposalUploadId,
      valid: opened ? bid.valid : null,
      invalidReason: opened ? bid.invalidReason : null,
      rank: opened ? bid.rank : null,
      abnormalLow: opened && bid.abnormalLow,
      explanation: bid.explanation,
      explanationDueAt: bid.explanationDueAt,
      explanationDecision: bid.explanationDecision,
      explanationDecisionReason: bid.explanationDecisionReason,
    },
    openedPrice,
    check: openedPrice
      ? checkReceipt(
          {
            projectId: p.id,
            agencyId: organisationId,
            priceFen: openedPrice.priceFen,
            salt: openedPrice.salt,
            commitment: live!.commitment,
          },
          pastedReceipt,
        )
      : null,
    // A fresh key per page view: sending this page's form twice stores one revision.
    submissionKey: randomUUID(),
  }
}

export type BidPage = Awaited<ReturnType<typeof loadBidPage>>
