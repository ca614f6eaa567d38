import type {
  ScreenAgency,
  ScreenBid,
  ScreenMarket,
  ScreenProject,
} from '../../models/rules/collusion/types.ts'
import { rng } from '../../seed/collusion-market.ts'

// Hand-made markets: an honest background of 30 agencies, and a pattern planted on top.

export const DAY = 86_400_000
export const START = Date.UTC(2025, 0, 1)
let serial = 0

export type BidSpec = [agencyId: string, fen: number, extra?: Partial<ScreenBid>]

export function tender(bids: BidSpec[], extra: Partial<ScreenProject> = {}): ScreenProject {
  serial++
  const openedAt = new Date(START + serial * DAY)
  const project: ScreenProject = {
    id: `p-${serial}`,
    buyerId: 'buyer-x',
    serviceItemCode: 'SI-001',
    cityCode: '4101',
    method: 'lowest_price',
    status: 'paid',
    priceRegulated: false,
    budgetCapFen: Math.max(...bids.map((b) => b[1])),
    openedAt,
    winnerAgencyId: null,
    endReason: null,
    bids: bids.map(([agencyId, priceFen, more]) => ({
      agencyId,
      priceFen,
      discountBasisPoints: null,
      submittedAt: new Date(openedAt.getTime() - 3 * DAY),
      ipHash: `ip-${agencyId}`,
      deviceHash: `device-${agencyId}`,
      valid: true,
      explanationRejected: false,
      qualityScore: null,
      ...more,
    })),
    ...extra,
  }
  if (!('winnerAgencyId' in extra))
    project.winnerAgencyId = [...project.bids].sort(
      (a, b) => a.priceFen! - b.priceFen!,
    )[0]!.agencyId
  return project
}

const phoneNumbers = new Map<string, string>()
const phoneOf = (id: string) => {
  if (!phoneNumbers.has(id))
    phoneNumbers.set(id, `138${String(phoneNumbers.size).padStart(8, '0')}`)
  return phoneNumbers.get(id)!
}

export const agency = (id: string, extra: Partial<ScreenAgency> = {}): ScreenAgency => ({
  id,
  phone: phoneOf(id),
  email: `${id}@example.cn`,
  address: `郑州市金水区${id}路 ${id.length} 号 ${id} 室`,
  legalRepresentative: `代表${id}`,
  practitionerCertificates: [`CERT-${id}`],
  ...extra,
})

export const BG = Array.from({ length: 30 }, (_, i) => `bg-${i + 1}`)

/** Honest tenders: 4–7 of the background agencies, prices to the yuan spread about 7 %. */
export function background(count: number, seed = 7): ScreenProject[] {
  const r = rng(seed)
  return Array.from({ length: count }, () => {
    const cap = r.int(40, 90) * 1000_00
    const n = r.int(4, 7)
    const chosen = [...BG].sort(() => r.next() - 0.5).slice(0, n)
    return tender(
      chosen.map((a) => [a, Math.round((cap * 0.85 * (1 + r.normal(0.07))) / 100) * 100]),
      { budgetCapFen: cap },
    )
  })
}

export function market(projects: ScreenProject[], extra: Partial<ScreenMarket> = {}): ScreenMarket {
  const ids = new Set(projects.flatMap((p) => p.bids.map((b) => b.agencyId)))
  return { projects, agencies: [...ids].map((id) => agency(id)), contracts: [], ...extra }
}

export const about = <T extends { organisationIds: string[] }>(flags: T[], ...ids: string[]) =>
  flags.filter((f) => ids.every((id) => f.organisationIds.includes(id)))
