import { checkTimeLimit as checkCommittedDays } from './fees.ts'
import { formatFenExact, MAX_FEN } from './money.ts'

/** A bid's price: typed as an amount or as a discount (下浮率) on the cap, checked, committed. */

export const MAX_BASIS_POINTS = 10_000

/** The price a discount of `discountBasisPoints` (1 bp = 0.01 %) off the cap gives, in whole fen, rounded down. */
export function priceFromDiscount(capFen: number, discountBasisPoints: number): number {
  if (!Number.isInteger(capFen) || capFen < 0 || capFen > MAX_FEN)
    throw new RangeError('最高限价须为 0 到上限之间的整数（分）')
  if (
    !Number.isInteger(discountBasisPoints) ||
    discountBasisPoints < 0 ||
    discountBasisPoints > MAX_BASIS_POINTS
  )
    throw new RangeError('下浮率须在 0%–100% 之间')
  // cap ≤ 2·10⁹ and the factor ≤ 10⁴: the product is an exact safe integer.
  const scaled = capFen * (MAX_BASIS_POINTS - discountBasisPoints)
  return (scaled - (scaled % MAX_BASIS_POINTS)) / MAX_BASIS_POINTS
}

export type DiscountParse = { ok: true; basisPoints: number } | { ok: false; reason: string }

/** '5' or '12.35' or '12.35%' (下浮率, per cent, up to two decimals) → basis points. */
export function parseDiscountPercent(text: string): DiscountParse {
  const trimmed = text.trim().replace(/[%％]$/, '')
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(trimmed)
  if (!match) return { ok: false, reason: '请填写下浮率（%），最多两位小数，如 8.5' }
  const basisPoints = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'))
  if (basisPoints > MAX_BASIS_POINTS) return { ok: false, reason: '下浮率不能超过 100%' }
  return { ok: true, basisPoints }
}

export type BidCheck =
  { ok: true } | { ok: false; field: 'price' | 'timeLimitDays'; reason: string }

/**
 * A price is whole fen above zero, not above the project's cap (最高限价) and not above the
 * upper bound the agency itself published for the item (null: the offering states none).
 */
export function checkBidPrice(input: {
  priceFen: number
  capFen: number
  offeringFeeMaxFen: number | null
}): BidCheck {
  const { priceFen, capFen, offeringFeeMaxFen } = input
  if (!Number.isInteger(priceFen) || priceFen <= 0)
    return { ok: false, field: 'price', reason: '报价须大于 0，最多精确到分' }
  if (priceFen > capFen)
    return {
      ok: false,
      field: 'price',
      reason: `报价不得高于最高限价（${formatFenExact(capFen)}）`,
    }
  if (offeringFeeMaxFen != null && priceFen > offeringFeeMaxFen)
    return {
      ok: false,
      field: 'price',
      reason: `报价高于贵机构公布的收费上限（${formatFenExact(offeringFeeMaxFen)}）`,
    }
  return { ok: true }
}

/**
 * A committed time limit: whole working days, not above the service item's limit nor above
 * the time limit the agency itself published for the item (null: not known here).
 */
export function checkTimeLimit(
  days: number,
  itemLimitDays?: number | null,
  offeringLimitDays?: number | null,
): BidCheck {
  const problem = checkCommittedDays(days, itemLimitDays ?? undefined)
  if (problem) return { ok: false, field: 'timeLimitDays', reason: problem.reason }
  if (offeringLimitDays != null && days > offeringLimitDays)
    return {
      ok: false,
      field: 'timeLimitDays',
      reason: `承诺时限长于贵机构公布的服务时限（${offeringLimitDays} 个工作日）`,
    }
  return { ok: true }
}

/**
 * What a bid receipt commits to: `${projectId}|${agencyId}|${priceFen}|${salt}`, the price as
 * a plain decimal integer of fen. The salt is random and kept by the bidder with the receipt,
 * so the commitment alone does not let anyone try prices until one matches.
 */
export function bidCommitmentInput(
  projectId: string,
  agencyId: string,
  priceFen: number,
  salt: string,
): string {
  if (!Number.isInteger(priceFen) || priceFen < 0) throw new RangeError('报价须为整数（分）')
  for (const part of [projectId, agencyId, salt])
    if (part.length === 0 || part.includes('|')) throw new RangeError('承诺字段不能为空或包含“|”')
  return `${projectId}|${agencyId}|${priceFen}|${salt}`
}

export function bidCommitment(
  projectId: string,
  agencyId: string,
  priceFen: number,
  salt: string,
  sha256: (input: string | Uint8Array) => string,
): string {
  return sha256(bidCommitmentInput(projectId, agencyId, priceFen, salt))
}
