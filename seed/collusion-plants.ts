import type { CollusionKind, ScreenProject } from '../models/rules/collusion/types.ts'
import { randomDay, type SimAgency, type SimBuyer, type SimWorld } from './collusion-market.ts'
import {
  addTender,
  capFor,
  drawBidders,
  honestPrice,
  honestTender,
  type TenderPlan,
} from './collusion-tenders.ts'

/**
 * Rings and buyers planted into a synthetic market, each behaving as one pattern of the
 * collusion screens. Members are otherwise ordinary agencies that also bid honestly in the
 * rest of the market; only the planted tenders carry the pattern.
 */

export interface PlantedCase {
  kind: CollusionKind
  /** Agencies of the ring, or the buyer (and the agency it favoured). */
  organisationIds: string[]
  note: string
}

type Bidder = TenderPlan['bidders'][number]

/** Whole yuan, never above the cap: what a ring member types in when it means a figure. */
const exact = (capFen: number, fen: number) => Math.min(capFen, Math.round(fen / 100) * 100)

/** `k` agencies not yet used, working in one city with one item in common. */
function recruit(world: SimWorld, k: number, used: Set<string>) {
  const { r } = world
  for (let attempt = 0; attempt < 200; attempt++) {
    const item = r.pick(world.items.filter((i) => !i.regulated))
    const city = r.pick(world.agencies).city
    const locals = world.agencies.filter(
      (a) => !used.has(a.id) && a.city === city && a.items.includes(item.code),
    )
    if (locals.length < k + 2) continue
    const members = locals.slice(0, k)
    members.forEach((m) => used.add(m.id))
    return { members, itemCode: item.code, city }
  }
  throw new Error('the market is too small to plant a ring')
}

function buyerIn(world: SimWorld, city: string): SimBuyer {
  const local = world.buyers.filter((b) => b.city === city)
  return local.length ? world.r.pick(local) : world.r.pick(world.buyers)
}

function outsiders(
  world: SimWorld,
  itemCode: string,
  city: string,
  n: number,
  members: SimAgency[],
) {
  return drawBidders(world, itemCode, city, n + members.length)
    .filter((a) => !members.includes(a))
    .slice(0, n)
}

/** Tenders of a ring in time order; `bid` prices the members for the t-th. */
function ringTenders(
  world: SimWorld,
  ring: ReturnType<typeof recruit>,
  count: number,
  outsidersPer: () => number,
  bid: (t: number, capFen: number, level: number) => Bidder[],
  method: ScreenProject['method'] = 'lowest_price',
) {
  const times = Array.from({ length: count }, () => randomDay(world)).sort(
    (a, b) => a.getTime() - b.getTime(),
  )
  return times.map((openedAt, t) => {
    const capFen = capFor(world, ring.itemCode)
    const level = 0.8 + 0.13 * world.r.next()
    const others = outsiders(world, ring.itemCode, ring.city, outsidersPer(), ring.members)
    return addTender(world, {
      buyer: buyerIn(world, ring.city),
      itemCode: ring.itemCode,
      method,
      capFen,
      openedAt,
      bidders: [
        ...bid(t, capFen, level),
        ...others.map((agency) => ({ agency, ...honestPrice(world, agency, capFen, level) })),
      ],
    })
  })
}

/** Members take turns: the designated one bids a little under the market, the rest well above. */
function plantRotation(world: SimWorld, used: Set<string>, k: number): PlantedCase {
  const ring = recruit(world, k, used)
  ringTenders(
    world,
    ring,
    18,
    () => world.r.int(0, 2),
    (t, capFen, level) => {
      const winner = ring.members[t % k]!
      const low = exact(capFen, capFen * level * 0.93)
      return ring.members.map((agency) => ({
        agency,
        priceFen: agency === winner ? low : exact(capFen, low * (1.04 + 0.11 * world.r.next())),
        discountBasisPoints: null,
      }))
    },
  )
  return { kind: 'rotation', organisationIds: ids(ring.members), note: `${k} 家轮流中选 18 次` }
}

/** One beneficiary; the others bid 0.5–2.5 % above it. */
function plantCover(world: SimWorld, used: Set<string>, k: number): PlantedCase {
  const ring = recruit(world, k, used)
  const [beneficiary] = ring.members
  ringTenders(
    world,
    ring,
    10,
    () => world.r.int(1, 3),
    (_t, capFen, level) => {
      const low = exact(capFen, capFen * level * 0.95 * (1 + world.r.normal(0.02)))
      return ring.members.map((agency) => ({
        agency,
        priceFen:
          agency === beneficiary ? low : exact(capFen, low * (1.005 + 0.02 * world.r.next())),
        discountBasisPoints: null,
      }))
    },
  )
  return { kind: 'cover_bidding', organisationIds: ids(ring.members), note: `${k} 家陪标 10 次` }
}

/** Covers bunched within about 1 % of each other; the designated winner 8 % below. */
function plantLowSpread(world: SimWorld, used: Set<string>, k: number): PlantedCase {
  const ring = recruit(world, k, used)
  ringTenders(
    world,
    ring,
    12,
    () => (world.r.chance(0.25) ? 1 : 0),
    (_t, capFen, level) => {
      const winner = world.r.pick(ring.members)
      const cover = capFen * level * (0.99 + 0.02 * world.r.next())
      return ring.members.map((agency) => ({
        agency,
        priceFen: exact(
          capFen,
          agency === winner ? cover * 0.92 : cover * (1 + world.r.normal(0.006)),
        ),
        discountBasisPoints: null,
      }))
    },
  )
  return { kind: 'low_spread', organisationIds: ids(ring.members), note: `${k} 家低离散报价 12 次` }
}

/** The same figure: to the fen (`exact`), or round and within 0.1 % (`near`). */
function plantIdentical(world: SimWorld, used: Set<string>, k: number, mode: 'exact' | 'near') {
  const ring = recruit(world, k, used)
  ringTenders(
    world,
    ring,
    8,
    () => world.r.int(2, 4),
    (_t, capFen, level) => {
      const shared = capFen * level * (0.92 + 0.08 * world.r.next())
      return ring.members.map((agency) => ({
        agency,
        priceFen:
          mode === 'exact'
            ? Math.min(capFen, Math.round(shared / 1000_00) * 1000_00 - 3_37)
            : Math.min(
                capFen,
                Math.round((shared * (1 + 0.001 * (2 * world.r.next() - 1))) / 10_00) * 10_00,
              ),
        discountBasisPoints: null,
      }))
    },
  )
  return {
    kind: 'identical_prices' as const,
    organisationIds: ids(ring.members),
    note: `${k} 家报价${mode === 'exact' ? '完全相同' : '近乎相同'} 8 次`,
  }
}

/** Both agencies' bids sent from one office: the same address, and (`device`) one browser. */
function plantSharedSubmission(
  world: SimWorld,
  used: Set<string>,
  mode: 'device' | 'ip',
): PlantedCase {
  const ring = recruit(world, 2, used)
  const [host] = ring.members
  ringTenders(
    world,
    ring,
    5,
    () => world.r.int(2, 4),
    (_t, capFen, level) =>
      ring.members.map((agency) => ({
        agency,
        ...honestPrice(world, agency, capFen, level),
        ip: host!.officeIp,
        device: mode === 'device' ? host!.devices[0] : undefined,
      })),
  )
  return {
    kind: 'shared_submission',
    organisationIds: ids(ring.members),
    note: `同一${mode === 'device' ? '浏览器' : '网络地址'}提交 5 次`,
  }
}

/** The second agency copies one detail (or two) of the first; they compete now and then. */
function plantSharedIdentity(world: SimWorld, used: Set<string>, variant: number): PlantedCase {
  const ring = recruit(world, 2, used)
  const [a, b] = ring.members as [SimAgency, SimAgency]
  if (variant % 3 === 0) b.practitionerCertificates.push(a.practitionerCertificates[0]!)
  else if (variant % 3 === 1) b.phone = a.phone
  else Object.assign(b, { address: a.address, legalRepresentative: a.legalRepresentative })
  ringTenders(
    world,
    ring,
    2,
    () => world.r.int(2, 4),
    (_t, capFen, level) =>
      ring.members.map((agency) => ({ agency, ...honestPrice(world, agency, capFen, level) })),
  )
  return {
    kind: 'shared_identity',
    organisationIds: ids(ring.members),
    note: ['共用执业人员证书', '共用电话', '共用地址和法定代表人'][variant % 3]!,
  }
}

const ids = (agencies: readonly { id: string }[]) => agencies.map((a) => a.id).sort()

function unusedBuyer(world: SimWorld, used: Set<string>) {
  const buyer = world.r.pick(world.buyers.filter((b) => !used.has(b.id)))
  used.add(buyer.id)
  return buyer
}

/** The buyer's panel scores its favourite 95 and the rest about 72. */
function plantConcentration(world: SimWorld, used: Set<string>): PlantedCase {
  const buyer = unusedBuyer(world, used)
  const itemCode =
    buyer.items.find((code) => drawBidders(world, code, buyer.city, 5).length >= 5) ??
    buyer.items[0]!
  const [favourite] = drawBidders(world, itemCode, buyer.city, 1)
  for (let t = 0; t < 14; t++) {
    const capFen = capFor(world, itemCode)
    const level = 0.8 + 0.13 * world.r.next()
    const others = drawBidders(world, itemCode, buyer.city, 5)
      .filter((a) => a !== favourite)
      .slice(0, world.r.int(2, 4))
    addTender(world, {
      buyer,
      itemCode,
      method: 'scoring',
      capFen,
      bidders: [favourite!, ...others].map((agency) => ({
        agency,
        ...honestPrice(world, agency, capFen, level),
        quality: agency === favourite ? 95 : 72 + world.r.normal(5),
      })),
    })
  }
  return {
    kind: 'buyer_concentration',
    organisationIds: [buyer.id, favourite!.id].sort(),
    note: '综合评分中偏向同一机构 14 次',
  }
}

function awardedOf(world: SimWorld, buyer: SimBuyer, least: number) {
  const mine = () =>
    world.market.projects.filter((p) => p.buyerId === buyer.id && p.status === 'paid')
  while (mine().length < least) honestTender(world, { buyer, method: 'lowest_price' })
  return mine()
}

function plantCancellations(world: SimWorld, used: Set<string>): PlantedCase {
  const buyer = unusedBuyer(world, used)
  for (const project of awardedOf(world, buyer, 12).slice(0, 5)) {
    project.status = 'cancelled'
    project.endReason = '采购人决定终止'
    world.market.contracts = world.market.contracts.filter((c) => c.projectId !== project.id)
  }
  return {
    kind: 'buyer_cancel_after_opening',
    organisationIds: [buyer.id],
    note: '开标后撤销 5 个项目',
  }
}

/** Two tenders where the buyer fails every bid but its favourite's. */
function plantRejections(world: SimWorld, used: Set<string>): PlantedCase {
  const buyer = unusedBuyer(world, used)
  const itemCode = buyer.items[0]!
  for (const method of ['scoring', 'lowest_price'] as const) {
    const capFen = capFor(world, itemCode)
    const bidders = drawBidders(world, itemCode, buyer.city, 4)
    addTender(world, {
      buyer,
      itemCode,
      method,
      capFen,
      bidders: bidders.map((agency, i) => ({
        agency,
        ...honestPrice(world, agency, capFen, 0.85),
        quality: i === 0 ? 85 : 40 + 15 * world.r.next(),
        rejected: method === 'lowest_price' && i > 0,
      })),
    })
  }
  return {
    kind: 'buyer_rejects_all_but_one',
    organisationIds: [buyer.id],
    note: '2 个项目否决除一家外的全部报价',
  }
}

function plantLatePayment(world: SimWorld, used: Set<string>): PlantedCase {
  const buyer = unusedBuyer(world, used)
  awardedOf(world, buyer, 10)
  const contracts = world.market.contracts.filter((c) => c.buyerId === buyer.id)
  contracts.forEach((c, i) => {
    c.paymentLateAt = i % 2 === 0 ? new Date(c.paymentDueAt!.getTime() + 20 * 86_400_000) : null
  })
  return { kind: 'buyer_late_payment', organisationIds: [buyer.id], note: '半数合同逾期付款' }
}

/** Plants `perPattern` cases of every pattern; returns what was planted, for scoring recall. */
export function plantAll(world: SimWorld, perPattern: number): PlantedCase[] {
  const used = new Set<string>()
  const cases: PlantedCase[] = []
  for (let i = 0; i < perPattern; i++) {
    cases.push(
      plantRotation(world, used, 3 + (i % 2)),
      plantCover(world, used, 2 + (i % 2)),
      plantLowSpread(world, used, 4 + (i % 2)),
      plantIdentical(world, used, 2 + (i % 2), i % 2 === 0 ? 'exact' : 'near'),
      plantSharedSubmission(world, used, i % 2 === 0 ? 'device' : 'ip'),
      plantSharedIdentity(world, used, i),
      plantConcentration(world, used),
      plantCancellations(world, used),
      plantRejections(world, used),
      plantLatePayment(world, used),
    )
  }
  return cases
}
