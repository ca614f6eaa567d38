import { sha256 } from './audit.ts'
import { platformNow } from './clock.ts'
import type { Database } from './db/client.ts'
import { countLiveBids, listOpenedBids, type OpenedBid } from './project-queries.ts'
import { bidCommitment, bidCommitmentInput } from './rules/bid-price.ts'
import { parseYuanToFen } from './rules/money.ts'
import type { ProjectStatus } from './rules/project-states.ts'
import { isUuid } from './validation/registry.ts'

/**
 * What the public may know about a project's bids, and when: nothing before the deadline,
 * the count after it, every bid (price, commitment, salt) once opened.
 */

interface DisclosedProject {
  id: string
  status: ProjectStatus
  deadlineAt: Date
  openedAt: Date | null
}

/** Live bids or sign-ups, or null while the deadline has not passed by the platform clock. */
export async function bidCountIfPastDeadline(db: Database, project: DisclosedProject) {
  if (project.status === 'draft' || (project.status === 'cancelled' && !project.openedAt))
    return null
  if (!project.openedAt && (await platformNow(db)) < project.deadlineAt) return null
  return countLiveBids(db, project.id)
}

export type ExplanationState = 'pending' | 'explained' | 'accepted' | 'rejected'

/** Where an abnormally low quote's explanation stands; null when none was asked for. */
export function explanationState(bid: OpenedBid): ExplanationState | null {
  if (bid.explanationDecision) return bid.explanationDecision
  if (!bid.abnormalLow) return null
  return bid.explanation ? 'explained' : 'pending'
}

/** Opened bids in the shape pages and the API publish; null before opening. */
export async function disclosedBids(db: Database, project: DisclosedProject) {
  const rows = await listOpenedBids(db, project)
  if (!rows) return null
  return rows.map((bid) => disclose(bid))
}

/**
 * A bid as published. An abnormally low quote whose explanation the buyer rejected was valid
 * at the opening but is out of the ranking: it is published as invalid, with why.
 */
function disclose(bid: OpenedBid) {
  const rejected = explanationState(bid) === 'rejected'
  return {
    id: bid.id,
    agencyId: bid.agencyId,
    agencyName: bid.agencyName,
    priceFen: bid.priceFen,
    discountBasisPoints: bid.discountBasisPoints,
    timeLimitDays: bid.timeLimitDays,
    revision: bid.revision,
    submittedAt: bid.submittedAt,
    commitment: bid.commitment,
    salt: bid.salt,
    valid: bid.valid && !rejected,
    invalidReason: rejected && bid.valid ? '异常低价的说明未被采纳，报价无效' : bid.invalidReason,
    abnormalLow: bid.abnormalLow,
    explanationState: explanationState(bid),
    explanationDecisionReason: bid.explanationDecisionReason,
    rank: bid.rank,
  }
}

export type DisclosedBid = NonNullable<Awaited<ReturnType<typeof disclosedBids>>>[number]

export interface ReceiptQuery {
  /** The receipt's commitment (64 hex) or bid id (UUID). */
  ref: string
  salt: string
  /** The price on the receipt, in yuan as people type it. */
  price: string
}

export type ReceiptCheck =
  | { kind: 'invalid'; fieldErrors: Partial<Record<keyof ReceiptQuery, string>> }
  | { kind: 'not_found' }
  | {
      kind: 'checked'
      matches: boolean
      bid: DisclosedBid
      priceFen: number
      input: string
      computed: string
      /** The typed price and salt are the ones opened (they are when `matches`). */
      sameAsOpened: boolean
    }

const HEX64 = /^[0-9a-f]{64}$/

/**
 * Checks a bidder's receipt against the opened bids: SHA-256(projectId|agencyId|priceFen|salt)
 * computed from what the bidder typed must equal the commitment published for its bid.
 */
export function checkReceipt(
  projectId: string,
  bids: readonly DisclosedBid[],
  query: ReceiptQuery,
): ReceiptCheck {
  const ref = query.ref.trim().toLowerCase()
  const salt = query.salt.trim().toLowerCase()
  const fieldErrors: Partial<Record<keyof ReceiptQuery, string>> = {}
  if (!isUuid(ref) && !HEX64.test(ref))
    fieldErrors.ref = '请粘贴回执上的承诺值（64 位十六进制）或报价编号'
  if (!salt || salt.includes('|')) fieldErrors.salt = '请粘贴回执上的随机数（salt）'
  const price = parseYuanToFen(query.price)
  if (!price.ok) fieldErrors.price = price.reason
  if (Object.keys(fieldErrors).length > 0 || !price.ok) return { kind: 'invalid', fieldErrors }
  const bid = bids.find((b) => b.id === ref || b.commitment === ref)
  if (!bid) return { kind: 'not_found' }
  const input = bidCommitmentInput(projectId, bid.agencyId, price.fen, salt)
  const computed = bidCommitment(projectId, bid.agencyId, price.fen, salt, sha256)
  return {
    kind: 'checked',
    matches: computed === bid.commitment,
    bid,
    priceFen: price.fen,
    input,
    computed,
    sameAsOpened: bid.priceFen === price.fen && bid.salt === salt,
  }
}
