import type { Faker } from '@faker-js/faker'
import { findAbnormallyLow } from '../models/rules/selection.ts'
import { canTakePart, type SeedItem, type SeedOffer, type SeedWorld } from './project-world.ts'

/** Which service item a demo project buys, its cap, and who bids what. */

export interface Bidder {
  offer: SeedOffer
  priceFen: number
}

export interface Procurement {
  item: SeedItem
  capFen: number
  bidders: Bidder[]
  /** An agency quoting far below the others (abnormally low), when asked for. */
  lowBidder?: Bidder
  /** Every offer that may take part, for questions from agencies that did not bid. */
  eligible: SeedOffer[]
}

export interface ProcurementNeeds {
  publishedAt: Date
  deadline: Date
  bidders: number
  abnormalLowPercent: number
  /** Also find an agency whose price is abnormally low next to the others. */
  lowBidder?: boolean
  /** Only these items (the demo agency's, say). */
  itemCodes?: readonly string[]
  /** Only this agency (a direct invitation to the demo agency). */
  agencyId?: string
}

/** A price between lo and hi (fen) in round figures: whole hundreds of yuan when the range allows. */
export function roundPrice(f: Faker, lo: number, hi: number): number {
  for (const step of [100_00, 10_00, 1_00]) {
    const first = Math.ceil(lo / step) * step
    if (first + step <= hi || (step === 1_00 && first <= hi))
      return first + step * f.number.int({ min: 0, max: Math.floor((hi - first) / step) })
  }
  return lo
}

/** A cap (最高限价) inside the item's fee range, rounded as buyers do. */
function drawCap(f: Faker, item: SeedItem): number {
  const u = f.number.float({ min: 0.35, max: 0.85 })
  const yuan = (item.feeMinFen + u * (item.feeMaxFen - item.feeMinFen)) / 100
  const step = yuan >= 20_000 ? 1000 : yuan >= 2000 ? 100 : 10
  return Math.max(item.feeMinFen, Math.round(yuan / step) * step * 100)
}

/**
 * Ordinary quotes sit between a little above the abnormal-low share of the cap and the cap,
 * inside the agency's own published fee: so none of them is abnormally low.
 */
export function ordinaryRange(
  offer: SeedOffer,
  capFen: number,
  percent: number,
): [number, number] | null {
  const lo = Math.max(offer.feeMinFen, Math.ceil((capFen * (percent + 4)) / 100))
  const hi = Math.min(offer.feeMaxFen, capFen)
  return lo <= hi ? [lo, hi] : null
}

const weightOf = (world: SeedWorld, code: string) => world.offersByItem.get(code)?.length ?? 0

/** Draws an item, cap and bidders meeting `needs`; null when the registry has none after some tries. */
export function drawProcurement(
  f: Faker,
  world: SeedWorld,
  needs: ProcurementNeeds,
): Procurement | null {
  const items = world.items.filter(
    (i) => weightOf(world, i.code) > 0 && (!needs.itemCodes || needs.itemCodes.includes(i.code)),
  )
  if (items.length === 0) return null
  const weighted = items.map((item) => ({ weight: weightOf(world, item.code), value: item }))
  for (let attempt = 0; attempt < 16; attempt++) {
    const item = f.helpers.weightedArrayElement(weighted)
    const capFen = drawCap(f, item)
    const eligible = world.offersByItem
      .get(item.code)!
      .filter((o) => canTakePart(o, item, needs.publishedAt, needs.deadline))
    const ordinary = f.helpers.shuffle(
      eligible.filter((o) => ordinaryRange(o, capFen, needs.abnormalLowPercent)),
    )
    if (ordinary.length < needs.bidders + (needs.lowBidder ? 1 : 0)) continue
    const bidders = ordinary.slice(0, needs.bidders).map((offer) => {
      const [lo, hi] = ordinaryRange(offer, capFen, needs.abnormalLowPercent)!
      return { offer, priceFen: roundPrice(f, lo, hi) }
    })
    if (!needs.lowBidder) return { item, capFen, bidders, eligible }
    const lowBidder = drawLowBidder(f, eligible, bidders, capFen, needs.abnormalLowPercent)
    if (lowBidder) return { item, capFen, bidders, lowBidder, eligible }
  }
  return null
}

/** An agency whose quote, inside its own fee range, is abnormally low next to `others`. */
function drawLowBidder(
  f: Faker,
  eligible: SeedOffer[],
  others: Bidder[],
  capFen: number,
  percent: number,
): Bidder | null {
  const taken = new Set(others.map((b) => b.offer.agency.id))
  const candidates = eligible.filter(
    (o) => !taken.has(o.agency.id) && o.feeMinFen <= capFen * 0.45 && o.feeMaxFen >= o.feeMinFen,
  )
  for (const offer of f.helpers.shuffle(candidates).slice(0, 5)) {
    const hi = Math.min(offer.feeMaxFen, capFen, Math.floor(capFen * 0.45))
    const priceFen = roundPrice(f, offer.feeMinFen, Math.max(offer.feeMinFen, hi))
    const bids = [...others, { offer, priceFen }].map((b, i) => ({
      bidId: String(i),
      agencyId: b.offer.agency.id,
      priceFen: b.priceFen,
      creditScore: 0,
      submittedAt: new Date(0),
    }))
    if (findAbnormallyLow(bids, percent).includes(String(others.length))) return { offer, priceFen }
  }
  return null
}

/** One eligible agency to invite directly, and the price it would accept at. */
export function drawInvitee(
  f: Faker,
  world: SeedWorld,
  needs: Omit<ProcurementNeeds, 'bidders' | 'abnormalLowPercent'>,
): Procurement | null {
  const items = world.items.filter(
    (i) => weightOf(world, i.code) > 0 && (!needs.itemCodes || needs.itemCodes.includes(i.code)),
  )
  if (items.length === 0) return null
  const weighted = items.map((item) => ({ weight: weightOf(world, item.code), value: item }))
  for (let attempt = 0; attempt < 16; attempt++) {
    const item = f.helpers.weightedArrayElement(weighted)
    const capFen = drawCap(f, item)
    const eligible = world.offersByItem
      .get(item.code)!
      .filter(
        (o) =>
          (!needs.agencyId || o.agency.id === needs.agencyId) &&
          o.feeMinFen <= capFen &&
          canTakePart(o, item, needs.publishedAt, needs.deadline),
      )
    if (eligible.length === 0) continue
    const offer = f.helpers.arrayElement(eligible)
    const priceFen = roundPrice(f, offer.feeMinFen, Math.min(offer.feeMaxFen, capFen))
    return { item, capFen, bidders: [{ offer, priceFen }], eligible }
  }
  return null
}
