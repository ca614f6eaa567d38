import { sha256 } from './audit.ts'
import type { BidReceipt } from './bids.ts'
import { bidCommitment, bidCommitmentInput } from './rules/bid-price.ts'
import { fenToYuanText } from './rules/money.ts'

export const COMMITMENT_FORMULA = 'SHA-256(projectId|agencyId|priceFen|salt)'

/** The receipt as the bidder downloads and keeps it: every input of the commitment, spelled out. */
export function receiptDocument(receipt: BidReceipt) {
  return {
    title: '中介超市 报价回执',
    projectId: receipt.projectId,
    agencyId: receipt.agencyId,
    bidId: receipt.bidId,
    revision: receipt.revision,
    priceFen: receipt.priceFen,
    priceYuan: fenToYuanText(receipt.priceFen),
    salt: receipt.salt,
    commitment: receipt.commitment,
    submittedAt: receipt.submittedAt,
    formula: COMMITMENT_FORMULA,
    commitmentInput: bidCommitmentInput(
      receipt.projectId,
      receipt.agencyId,
      receipt.priceFen,
      receipt.salt,
    ),
    note: '开标前平台不会再显示报价金额，请妥善保存本回执；开标后可用公开的报价和盐值重新计算承诺值核对。',
  }
}

/** What the bidder typed from its receipt: a whole receipt JSON or just the commitment. */
function readPasted(text: string): { commitment: string | null; priceFen: number | null } {
  try {
    const parsed: unknown = JSON.parse(text)
    if (parsed && typeof parsed === 'object') {
      const { commitment, priceFen } = parsed as Record<string, unknown>
      return {
        commitment: typeof commitment === 'string' ? commitment.trim().toLowerCase() : null,
        priceFen: typeof priceFen === 'number' ? priceFen : null,
      }
    }
  } catch {
    // Not JSON: look for the commitment itself.
  }
  const hex = /\b[0-9a-f]{64}\b/i.exec(text)
  return { commitment: hex ? hex[0].toLowerCase() : null, priceFen: null }
}

export interface OpenedBidFacts {
  projectId: string
  agencyId: string
  priceFen: number
  salt: string
  /** The commitment stored at submission and published at opening. */
  commitment: string
}

/**
 * 核对回执: recomputes the commitment from the opened price and salt. It must equal the one
 * published, and — when the bidder pastes its receipt — the receipt's too.
 */
export function checkReceipt(opened: OpenedBidFacts, pasted: string | null) {
  const input = bidCommitmentInput(opened.projectId, opened.agencyId, opened.priceFen, opened.salt)
  const recomputed = bidCommitment(
    opened.projectId,
    opened.agencyId,
    opened.priceFen,
    opened.salt,
    sha256,
  )
  const receipt = pasted?.trim() ? readPasted(pasted) : null
  return {
    input,
    recomputed,
    matchesPublished: recomputed === opened.commitment,
    receipt: receipt && {
      commitment: receipt.commitment,
      matches: receipt.commitment === recomputed,
      priceMatches: receipt.priceFen == null ? null : receipt.priceFen === opened.priceFen,
    },
  }
}
