import type { ScreenBid, ScreenContract, ScreenProject } from '../models/rules/collusion/types.ts'
import {
  DAY,
  type MarketSize,
  newWorld,
  randomDay,
  type SimAgency,
  type SimBuyer,
  type SimWorld,
} from './collusion-market.ts'

/** Tenders of the synthetic market: who bids, at what price, who wins, and the contract. */

/** The agencies that would consider a tender: they offer the item; locals far more often. */
export function bidderPool(world: SimWorld, itemCode: string, city: string) {
  return world.agencies
    .filter((a) => a.items.includes(itemCode))
    .map((a) => ({ weight: a.city === city ? 1 : 0.12, value: a }))
}

export function drawBidders(world: SimWorld, itemCode: string, city: string, count: number) {
  const pool = bidderPool(world, itemCode, city)
  const chosen: SimAgency[] = []
  while (chosen.length < count && pool.length > 0) {
    const a = world.r.weighted(pool)
    chosen.push(a)
    pool.splice(
      pool.findIndex((p) => p.value === a),
      1,
    )
  }
  return chosen
}

/** An honest quote: the tender's level, the agency's cost, today's noise, its rounding. */
export function honestPrice(world: SimWorld, agency: SimAgency, capFen: number, level: number) {
  const raw = capFen * level * agency.cost * (1 + world.r.normal(0.045))
  return quote(agency, capFen, raw)
}

/** Rounds a wanted price the agency's way (down, never above the cap). */
export function quote(agency: SimAgency, capFen: number, wantedFen: number) {
  const wanted = Math.min(capFen, Math.max(capFen * 0.4, wantedFen))
  if (agency.discountStep) {
    const basisPoints =
      Math.ceil(((1 - wanted / capFen) * 10_000) / agency.discountStep) * agency.discountStep
    return {
      priceFen: Math.round((capFen * (10_000 - basisPoints)) / 10_000),
      discountBasisPoints: basisPoints,
    }
  }
  const step = Math.min(agency.rounding, Math.max(1_00, 10 ** Math.floor(Math.log10(capFen / 50))))
  return { priceFen: Math.max(step, Math.floor(wanted / step) * step), discountBasisPoints: null }
}

export interface TenderPlan {
  buyer: SimBuyer
  itemCode: string
  method: ScreenProject['method']
  capFen: number
  openedAt?: Date
  bidders: {
    agency: SimAgency
    priceFen: number
    discountBasisPoints: number | null
    ip?: string
    device?: string
    quality?: number
    /** The buyer rejected its explanation of a low price. */
    rejected?: boolean
  }[]
}

export function capFor(world: SimWorld, itemCode: string) {
  const item = world.items.find((i) => i.code === itemCode)!
  const raw = item.basePriceFen * (0.85 + 0.4 * world.r.next())
  return Math.round(raw / 1000_00) * 1000_00 || item.basePriceFen
}

/** Turns a plan into an opened project with its bids, winner and contract; returns it. */
export function addTender(world: SimWorld, plan: TenderPlan): ScreenProject {
  const { r } = world
  const openedAt = plan.openedAt ?? randomDay(world)
  const item = world.items.find((i) => i.code === plan.itemCode)!
  const bids: ScreenBid[] = plan.bidders.map((b) => ({
    agencyId: b.agency.id,
    priceFen: b.priceFen,
    discountBasisPoints: b.discountBasisPoints,
    submittedAt: new Date(openedAt.getTime() - r.int(1, 10 * 24) * 3600_000),
    ipHash:
      b.ip ?? (r.chance(0.08) ? `cgnat-${b.agency.city}-${r.int(1, 3000)}` : b.agency.officeIp),
    deviceHash: b.device ?? r.pick(b.agency.devices),
    valid: true,
    explanationRejected: b.rejected ?? false,
    qualityScore:
      plan.method === 'scoring' ? Math.round(b.quality ?? b.agency.quality + r.normal(5)) : null,
  }))
  const project: ScreenProject = {
    id: `project-${String(world.market.projects.length + 1).padStart(5, '0')}`,
    buyerId: plan.buyer.id,
    serviceItemCode: plan.itemCode,
    cityCode: plan.buyer.city,
    method: plan.method,
    status: 'paid',
    priceRegulated: item.regulated,
    budgetCapFen: plan.capFen,
    openedAt,
    winnerAgencyId: null,
    endReason: null,
    bids,
  }
  decide(world, project)
  world.market.projects.push(project)
  return project
}

/** The selection method, as the platform applies it (models/rules/selection.ts, simplified). */
function decide(world: SimWorld, project: ScreenProject) {
  const { r } = world
  const bids = project.bids
  if (project.method === 'lottery') project.winnerAgencyId = r.pick(bids).agencyId
  else {
    for (const b of bids) {
      const others = bids.filter((o) => o !== b).map((o) => o.priceFen!)
      const mean = others.reduce((s, v) => s + v, 0) / Math.max(1, others.length)
      if (project.method === 'lowest_price' && b.priceFen! < 0.7 * mean && r.chance(0.3))
        b.explanationRejected = true
    }
    const standing = bids.filter(
      (b) => !b.explanationRejected && !(b.qualityScore != null && b.qualityScore < 60),
    )
    const low = Math.min(...standing.map((b) => b.priceFen!))
    const score = (b: ScreenBid) =>
      project.method === 'scoring' ? 0.5 * b.qualityScore! + 50 * (low / b.priceFen!) : -b.priceFen!
    project.winnerAgencyId =
      standing.length >= 3 ? [...standing].sort((a, b) => score(b) - score(a))[0]!.agencyId : null
  }
  if (!project.winnerAgencyId) {
    project.status = 'failed'
    return
  }
  if (r.chance(0.01)) {
    project.status = 'cancelled'
    project.endReason = '项目需求变更，解除合同'
    return
  }
  world.market.contracts.push({
    id: `contract-${world.market.contracts.length + 1}`,
    projectId: project.id,
    buyerId: project.buyerId,
    agencyId: project.winnerAgencyId,
    paymentDueAt: new Date(project.openedAt.getTime() + 60 * DAY),
    paymentLateAt: r.chance(0.06) ? new Date(project.openedAt.getTime() + 75 * DAY) : null,
  } satisfies ScreenContract)
}

/** An ordinary tender of the clean market; a planted pattern may fix its buyer, item or method. */
export function honestTender(
  world: SimWorld,
  fixed: { buyer?: SimBuyer; itemCode?: string; method?: ScreenProject['method'] } = {},
): ScreenProject {
  const { r } = world
  const buyer = fixed.buyer ?? r.pick(world.buyers)
  const itemCode =
    fixed.itemCode ?? (r.chance(0.8) ? r.pick(buyer.items) : r.pick(world.items).code)
  const item = world.items.find((i) => i.code === itemCode)!
  const method =
    fixed.method ??
    r.weighted<ScreenProject['method']>([
      { weight: 65, value: 'lowest_price' },
      { weight: 25, value: 'scoring' },
      { weight: 10, value: 'lottery' },
    ])
  const capFen = capFor(world, itemCode)
  const level = 0.8 + 0.13 * r.next()
  const wanted = Math.min(10, 3 + Math.round(-Math.log(1 - r.next()) * 2.2))
  const drawn = drawBidders(world, itemCode, buyer.city, wanted)
  if (drawn.length === 0) return honestTender(world, { ...fixed, itemCode: undefined })
  const bidders = drawn.map((agency) => ({
    agency,
    ...(item.regulated || method === 'lottery'
      ? { priceFen: capFen, discountBasisPoints: null }
      : honestPrice(world, agency, capFen, level)),
  }))
  return addTender(world, { buyer, itemCode, method, capFen, bidders })
}

export function cleanMarket(seed: number, size: MarketSize): SimWorld {
  const world = newWorld(seed, size)
  for (let i = 0; i < size.tenders; i++) honestTender(world)
  return world
}
