/**
 * Who wins once bids are opened: lowest price (竞价选取) with the abnormally-low-price check,
 * and comprehensive scoring (综合评分). Every order is total, so the same bids always give the
 * same result, and scores are compared as exact fractions, never as rounded floats.
 */

export interface ValidBid {
  bidId: string
  agencyId: string
  priceFen: number
  /** The agency's credit score at opening, 0–100. */
  creditScore: number
  submittedAt: Date
}

/** Competitive methods fail (流标) with fewer valid bids or sign-ups than this. */
export const MIN_COMPETITIVE_BIDS = 3
export const TOO_FEW_BIDS_REASON = `有效报价不足 ${MIN_COMPETITIVE_BIDS} 家`

/** A quote below this share (%) of the mean of the other valid quotes must be explained. */
export const DEFAULT_ABNORMAL_SHARE_PERCENT = 70

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** Credit descending, then earlier submission, then bid id so that no two bids tie. */
function compareAfterMainKey(a: ValidBid, b: ValidBid): number {
  return (
    b.creditScore - a.creditScore ||
    a.submittedAt.getTime() - b.submittedAt.getTime() ||
    byCodeUnit(a.bidId, b.bidId)
  )
}

/** Price ascending; ties → higher credit score → earlier submission → bid id. */
export function rankByLowestPrice(bids: readonly ValidBid[]): ValidBid[] {
  return [...bids].sort((a, b) => a.priceFen - b.priceFen || compareAfterMainKey(a, b))
}

function assertSharePercent(sharePercent: number) {
  if (!Number.isInteger(sharePercent) || sharePercent < 1 || sharePercent > 100)
    throw new RangeError('异常低价比例须为 1–100 的整数（%）')
}

/**
 * Bids whose price is below sharePercent % of the mean of the OTHER bids, in ranking order.
 * Integer arithmetic: price < share/100 × sumOthers/(n−1) ⇔ price·100·(n−1) < share·sumOthers.
 * Exactly at the share is not abnormal. Needs at least two bids.
 */
export function findAbnormallyLow(
  bids: readonly ValidBid[],
  sharePercent = DEFAULT_ABNORMAL_SHARE_PERCENT,
): string[] {
  assertSharePercent(sharePercent)
  if (bids.length < 2) return []
  const others = BigInt(bids.length - 1)
  const sum = bids.reduce((total, bid) => total + BigInt(bid.priceFen), 0n)
  return rankByLowestPrice(bids)
    .filter((bid) => {
      const price = BigInt(bid.priceFen)
      return price * 100n * others < BigInt(sharePercent) * (sum - price)
    })
    .map((bid) => bid.bidId)
}

/** Where a bidder's explanation of an abnormally low price stands; absent = not asked yet. */
export type ExplanationStatus = 'pending' | 'accepted' | 'rejected'

export type LowestPriceDecision =
  | { kind: 'failed'; reason: string; rejectedBidIds: string[] }
  | { kind: 'awaiting_explanation'; bidId: string; abnormalBidIds: string[] }
  | {
      kind: 'awarded'
      /** The valid bids, winner first; bids whose explanation was rejected are not in it. */
      ranking: ValidBid[]
      winnerBidId: string
      abnormalBidIds: string[]
      rejectedBidIds: string[]
    }

/**
 * A quote whose explanation the buyer rejected is invalid (无效报价): it leaves the valid bids,
 * so it no longer counts towards MIN_COMPETITIVE_BIDS nor towards the mean that the others are
 * measured against (a quote that looked normal next to it may now need explaining too).
 * Among the remaining bids the lowest wins, unless it is abnormally low and its explanation
 * has not been accepted: then the decision waits for that one explanation. Only the bid that
 * would win is ever held up; abnormal bids further down need no explanation.
 */
export function decideLowestPrice(input: {
  bids: readonly ValidBid[]
  sharePercent?: number
  explanations: Readonly<Record<string, ExplanationStatus | undefined>>
}): LowestPriceDecision {
  const { bids, explanations, sharePercent = DEFAULT_ABNORMAL_SHARE_PERCENT } = input
  assertDistinct(bids)
  const isRejected = (bid: ValidBid) => explanations[bid.bidId] === 'rejected'
  const rejectedBidIds = rankByLowestPrice(bids.filter(isRejected)).map((bid) => bid.bidId)
  const valid = bids.filter((bid) => !isRejected(bid))
  if (valid.length < MIN_COMPETITIVE_BIDS)
    return { kind: 'failed', reason: TOO_FEW_BIDS_REASON, rejectedBidIds }

  const ranking = rankByLowestPrice(valid)
  const abnormalBidIds = findAbnormallyLow(valid, sharePercent)
  const top = ranking[0]!
  if (abnormalBidIds.includes(top.bidId) && explanations[top.bidId] !== 'accepted')
    return { kind: 'awaiting_explanation', bidId: top.bidId, abnormalBidIds }
  return { kind: 'awarded', ranking, winnerBidId: top.bidId, abnormalBidIds, rejectedBidIds }
}

function assertDistinct(bids: readonly { bidId: string; agencyId: string }[]) {
  if (new Set(bids.map((b) => b.bidId)).size !== bids.length) throw new RangeError('报价编号重复')
  if (new Set(bids.map((b) => b.agencyId)).size !== bids.length)
    throw new RangeError('同一机构在一个项目中只能有一份有效报价')
}

// ——— Comprehensive scoring ———

/** Whole percentages fixed in the announcement; they total 100. */
export interface ScoringWeights {
  price: number
  quality: number
  credit: number
}

export type WeightsCheck = { ok: true } | { ok: false; reason: string }

/** Price always carries some weight: a method that ignores price is not a competition on it. */
export function validateWeights(w: ScoringWeights): WeightsCheck {
  const parts = [w.price, w.quality, w.credit]
  if (!parts.every((p) => Number.isInteger(p) && p >= 0 && p <= 100))
    return { ok: false, reason: '各项权重须为 0–100 的整数' }
  if (w.price < 1) return { ok: false, reason: '价格分权重须大于 0' }
  const total = w.price + w.quality + w.credit
  if (total !== 100) return { ok: false, reason: `各项权重之和须为 100（现为 ${total}）` }
  return { ok: true }
}

export type ScoredBid = ValidBid & {
  /** The panel's quality score, 0–100, at most two decimals. */
  qualityScore: number
}

export interface ScoreRow {
  bidId: string
  agencyId: string
  priceFen: number
  /** lowest price / this price × 100, rounded to 2 decimals for display. */
  priceScore: number
  qualityScore: number
  creditScore: number
  /** (price weight × price score + quality weight × quality + credit weight × credit) / 100, rounded. */
  total: number
}

/** A 0–100 score with at most two decimals, as an exact integer number of hundredths. */
function hundredths(score: number, what: string): bigint {
  const scaled = Math.round(score * 100)
  if (!Number.isFinite(score) || score < 0 || score > 100 || Math.abs(score * 100 - scaled) > 1e-6)
    throw new RangeError(`${what}须为 0–100 的数，最多两位小数`)
  return BigInt(scaled)
}

/** round(numerator / denominator), halves up, for non-negative values. */
const roundDiv = (numerator: bigint, denominator: bigint) =>
  (2n * numerator + denominator) / (2n * denominator)

/**
 * Scores every bid and orders them: total descending, then credit descending, then earlier
 * submission, then bid id. With P the bid's price, Pmin the lowest and q, c the quality and
 * credit scores in hundredths, total = (w.price·10000·Pmin + (w.quality·q + w.credit·c)·P) /
 * (10000·P) exactly; rows are ranked on that fraction, the shown values are rounded.
 */
export function scoreBids(bids: readonly ScoredBid[], weights: ScoringWeights): ScoreRow[] {
  const check = validateWeights(weights)
  if (!check.ok) throw new RangeError(check.reason)
  assertDistinct(bids)
  if (bids.length === 0) return []
  for (const bid of bids)
    if (!Number.isInteger(bid.priceFen) || bid.priceFen <= 0)
      throw new RangeError('报价须为正整数（分）')
  const lowest = BigInt(Math.min(...bids.map((b) => b.priceFen)))
  const [wp, wq, wc] = [weights.price, weights.quality, weights.credit].map(BigInt) as [
    bigint,
    bigint,
    bigint,
  ]

  const scored = bids.map((bid) => {
    const price = BigInt(bid.priceFen)
    const quality = hundredths(bid.qualityScore, '质量分')
    const credit = hundredths(bid.creditScore, '信用分')
    const numerator = wp * 10000n * lowest + (wq * quality + wc * credit) * price
    return { bid, price, numerator }
  })
  // a.numerator / (10000·a.price) vs b.numerator / (10000·b.price), cross-multiplied.
  scored.sort((a, b) => {
    const left = a.numerator * b.price
    const right = b.numerator * a.price
    return left > right ? -1 : left < right ? 1 : compareAfterMainKey(a.bid, b.bid)
  })
  return scored.map(({ bid, price, numerator }) => ({
    bidId: bid.bidId,
    agencyId: bid.agencyId,
    priceFen: bid.priceFen,
    priceScore: Number(roundDiv(10000n * lowest, price)) / 100,
    qualityScore: bid.qualityScore,
    creditScore: bid.creditScore,
    total: Number(roundDiv(numerator, 100n * price)) / 100,
  }))
}

export type ScoringDecision =
  { kind: 'failed'; reason: string } | { kind: 'awarded'; ranking: ScoreRow[]; winnerBidId: string }

export function decideScoring(input: {
  bids: readonly ScoredBid[]
  weights: ScoringWeights
}): ScoringDecision {
  const ranking = scoreBids(input.bids, input.weights)
  if (ranking.length < MIN_COMPETITIVE_BIDS) return { kind: 'failed', reason: TOO_FEW_BIDS_REASON }
  return { kind: 'awarded', ranking, winnerBidId: ranking[0]!.bidId }
}
