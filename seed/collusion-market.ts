import { base, en, Faker, zh_CN } from '@faker-js/faker'
import type { ScreenAgency, ScreenMarket } from '../models/rules/collusion/types.ts'
import { fakePhone } from './factories.ts'

/**
 * A synthetic market of agencies competing honestly, for measuring the collusion screens
 * (scripts/collusion-eval.ts). What makes it realistic enough to trust a false-positive
 * figure: agencies differ persistently in cost (some win often), most work in their own
 * city and a few items (so the same firms meet again and again), tenders share a common
 * price level (how tight the cap was), quotes are rounded by habit (whole thousands, whole
 * percent discounts), legal representatives' names repeat as common names do, and some bids
 * leave through a carrier's NAT shared with strangers. seed/collusion-plants.ts adds rings.
 */

export interface Rng {
  next(): number
  int(min: number, max: number): number
  normal(sd?: number): number
  pick<T>(items: readonly T[]): T
  weighted<T>(items: readonly { weight: number; value: T }[]): T
  chance(p: number): boolean
}

/** mulberry32: small, fast and the same on every machine. */
export function rng(seed: number): Rng {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const r: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    normal: (sd = 1) => sd * Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    weighted: (items) => {
      let u = next() * items.reduce((s, i) => s + i.weight, 0)
      for (const i of items) if ((u -= i.weight) < 0) return i.value
      return items.at(-1)!.value
    },
    chance: (p) => next() < p,
  }
  return r
}

export interface MarketSize {
  agencies: number
  tenders: number
  buyers: number
}

export interface SimItem {
  code: string
  basePriceFen: number
  regulated: boolean
  popularity: number
}

export interface SimAgency extends ScreenAgency {
  city: string
  items: string[]
  /** Persistent cost level: below 1 quotes cheaper than the market. */
  cost: number
  quality: number
  rounding: number
  /** Quotes a discount on the cap instead of an amount, with this step in basis points. */
  discountStep: number | null
  officeIp: string
  devices: string[]
}

export interface SimBuyer {
  id: string
  city: string
  items: string[]
}

export interface SimWorld {
  r: Rng
  items: SimItem[]
  agencies: SimAgency[]
  buyers: SimBuyer[]
  market: ScreenMarket
  start: number
}

/** A moment in the two years the market covers. */
export const randomDay = (world: SimWorld) => new Date(world.start + world.r.next() * 730 * DAY)

const CITIES = ['4101', '4102', '4103', '4104', '4105', '4107', '4109', '4113', '4114', '4117']
const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '赵',
  '黄',
  '周',
  '吴',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
]
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '涛',
  '明',
  '超',
  '秀英',
  '建华',
  '建国',
  '丽',
  '刚',
  '平',
  '辉',
  '鹏',
  '华',
  '飞',
  '斌',
]
export const DAY = 86_400_000

/** Common names come up far more often than rare ones, as in any province. */
function commonName(r: Rng): string {
  const zipf = <T>(list: readonly T[]) =>
    r.weighted(list.map((value, i) => ({ weight: 1 / (i + 1), value })))
  return zipf(SURNAMES) + zipf(GIVEN)
}

export function newWorld(seed: number, size: MarketSize): SimWorld {
  const r = rng(seed)
  const faker = new Faker({ locale: [zh_CN, en, base], seed })
  const items: SimItem[] = Array.from({ length: 20 }, (_, i) => ({
    code: `SI-${String(i + 1).padStart(3, '0')}`,
    basePriceFen: Math.round(3000 * Math.exp(r.next() * Math.log(100))) * 100,
    regulated: i === 19,
    popularity: 1 / (1 + i / 4),
  }))
  const cityWeights = CITIES.map((value, i) => ({ weight: i === 0 ? 4 : 1, value }))
  const itemWeights = items.map((it) => ({ weight: it.popularity, value: it.code }))
  const agencies: SimAgency[] = Array.from({ length: size.agencies }, (_, i) => {
    const id = `agency-${String(i + 1).padStart(4, '0')}`
    const city = r.weighted(cityWeights)
    const offered = new Set<string>()
    for (let n = r.int(2, 5); offered.size < n;) offered.add(r.weighted(itemWeights))
    const roundingHabit = r.next()
    return {
      id,
      city,
      items: [...offered],
      cost: Math.exp(r.normal(0.05)),
      quality: 78 + r.normal(6),
      rounding:
        roundingHabit < 0.5
          ? 1000_00
          : roundingHabit < 0.8
            ? 100_00
            : roundingHabit < 0.92
              ? 10_00
              : 1_00,
      discountStep: r.chance(0.15) ? r.pick([100, 100, 50, 10]) : null,
      officeIp: `office-${id}`,
      devices: Array.from({ length: r.int(1, 3) }, (_, j) => `device-${id}-${j}`),
      phone: fakePhone(faker),
      email: `${faker.string.alphanumeric(8).toLowerCase()}@${r.pick(['163.com', 'qq.com', '126.com', 'sina.com'])}`,
      address: `${city}${faker.location.street()}${r.int(1, 999)}号${r.int(1, 30)}栋${r.int(101, 2999)}室`,
      legalRepresentative: commonName(r),
      practitionerCertificates: Array.from(
        { length: r.int(1, 4) },
        () => `${r.pick(['HP', 'CH', 'ZX', 'PG'])}${faker.string.numeric(10)}`,
      ),
    }
  })
  const buyers: SimBuyer[] = Array.from({ length: size.buyers }, (_, i) => {
    const wanted = new Set<string>()
    for (let n = r.int(3, 6); wanted.size < n;) wanted.add(r.weighted(itemWeights))
    return {
      id: `buyer-${String(i + 1).padStart(3, '0')}`,
      city: r.weighted(cityWeights),
      items: [...wanted],
    }
  })
  return {
    r,
    items,
    agencies,
    buyers,
    market: { projects: [], agencies, contracts: [] },
    start: Date.UTC(2024, 0, 1),
  }
}
