import { at, byOpening, pricedBids } from './market.ts'
import {
  FAMILY_ALPHA,
  percentText,
  poissonBinomialTail,
  pValueText,
  strengthFromP,
} from './statistics.ts'
import type { ScreenFlag, ScreenMarket, ScreenProject } from './types.ts'

/**
 * A buyer awarding one agency far more often than that agency wins elsewhere. An agency
 * that is simply cheaper wins everywhere and is not flagged: its expected wins at this buyer
 * are its own win rate, per bid, in the same items at other buyers (shrunk towards its
 * overall rate and the market's when it has few bids there), and a lowest-price tender it
 * won by being the cheapest valid bid counts as certain. What remains are the awards the
 * buyer's own judgement decided: quality scores, rejected explanations of cheaper bids.
 * Draws are left out — the buyer cannot steer them — and so are direct selections.
 */

/** Methods where the buyer's own decisions (scores, explanations) can steer the award. */
const STEERABLE = new Set(['lowest_price', 'scoring'])
/** At least four awards to the agency … */
export const CONCENTRATION_MIN_AWARDS = 4
/** … at least twice what its record elsewhere predicts … */
export const CONCENTRATION_MIN_RATIO = 2
/** … and shrinkage weights (in bids) towards the broader rates for thin records. */
const ITEM_PRIOR_BIDS = 4
const AGENCY_PRIOR_BIDS = 4

interface Record {
  bids: number
  wins: number
}
const add = (map: Map<string, Record>, key: string, won: boolean) => {
  const r = map.get(key) ?? { bids: 0, wins: 0 }
  r.bids++
  if (won) r.wins++
  map.set(key, r)
}
const minus = (a: Record | undefined, b: Record | undefined): Record => ({
  bids: (a?.bids ?? 0) - (b?.bids ?? 0),
  wins: (a?.wins ?? 0) - (b?.wins ?? 0),
})

function cheapestValid(project: ScreenProject): string | null {
  const valid = pricedBids(project).filter((b) => b.valid)
  return valid.sort((a, b) => a.priceFen - b.priceFen)[0]?.agencyId ?? null
}

export function buyerConcentration(market: ScreenMarket): ScreenFlag[] {
  const decided = market.projects
    .filter((p) => STEERABLE.has(p.method) && p.winnerAgencyId != null)
    .sort(byOpening)
  const overall = new Map<string, Record>()
  const byItem = new Map<string, Record>()
  const atBuyer = new Map<string, Record>()
  const atBuyerItem = new Map<string, Record>()
  const buyerProjects = new Map<string, ScreenProject[]>()
  let bidsTotal = 0
  for (const p of decided) {
    buyerProjects.set(p.buyerId, [...(buyerProjects.get(p.buyerId) ?? []), p])
    for (const agencyId of new Set(p.bids.map((b) => b.agencyId))) {
      const won = p.winnerAgencyId === agencyId
      bidsTotal++
      add(overall, agencyId, won)
      add(byItem, `${agencyId}|${p.serviceItemCode}`, won)
      add(atBuyer, `${p.buyerId}|${agencyId}`, won)
      add(atBuyerItem, `${p.buyerId}|${agencyId}|${p.serviceItemCode}`, won)
    }
  }
  const marketRate = bidsTotal ? decided.length / bidsTotal : 0
  const tested = [...atBuyer.values()].filter((r) => r.bids >= CONCENTRATION_MIN_AWARDS).length
  const alpha = FAMILY_ALPHA / Math.max(1, tested)
  const flags: ScreenFlag[] = []
  for (const [key, here] of atBuyer) {
    if (here.wins < CONCENTRATION_MIN_AWARDS) continue
    const [buyerId, agencyId] = key.split('|') as [string, string]
    const elsewhere = minus(overall.get(agencyId), here)
    const agencyRate =
      (elsewhere.wins + AGENCY_PRIOR_BIDS * marketRate) / (elsewhere.bids + AGENCY_PRIOR_BIDS)
    const tenders = buyerProjects
      .get(buyerId)!
      .filter((p) => p.bids.some((b) => b.agencyId === agencyId))
    const chances = tenders.map((p) => {
      // The cheapest valid bid wins a lowest-price tender by rule: no discretion to misuse.
      if (p.method === 'lowest_price' && cheapestValid(p) === agencyId) return 1
      const item = minus(
        byItem.get(`${agencyId}|${p.serviceItemCode}`),
        atBuyerItem.get(`${buyerId}|${agencyId}|${p.serviceItemCode}`),
      )
      return (item.wins + ITEM_PRIOR_BIDS * agencyRate) / (item.bids + ITEM_PRIOR_BIDS)
    })
    const expected = chances.reduce((a, b) => a + b, 0)
    if (here.wins < CONCENTRATION_MIN_RATIO * expected) continue
    const p = poissonBinomialTail(here.wins, chances)
    if (p >= alpha) continue
    flags.push({
      kind: 'buyer_concentration',
      side: 'buyer',
      organisationIds: [buyerId, agencyId].sort(),
      projectId: tenders.at(-1)!.id,
      strength: strengthFromP(p),
      evidence: {
        summary: `采购人在该机构参与的 ${here.bids} 个项目中授予其 ${here.wins} 个，按其在其他采购人处的中选率预计约 ${expected.toFixed(1)} 个`,
        facts: [
          {
            label: '本采购人处',
            value: `参与 ${here.bids} 次，中选 ${here.wins} 次（${percentText(here.wins / here.bids, 0)}）`,
            agencyIds: [agencyId],
          },
          {
            label: '其他采购人处',
            value: `参与 ${elsewhere.bids} 次，中选 ${elsewhere.wins} 次；全市场每份报价的中选率 ${percentText(marketRate)}`,
            agencyIds: [agencyId],
          },
          {
            label: '实际与预计之比',
            value: `${(here.wins / expected).toFixed(1)} 倍（p = ${pValueText(p)}）`,
            threshold: `至少 ${CONCENTRATION_MIN_AWARDS} 次、${CONCENTRATION_MIN_RATIO} 倍，且 p < ${pValueText(alpha)}`,
          },
        ],
        tables: [
          {
            title: '该机构在本采购人处参与的项目',
            columns: ['项目', '开标时间', '中选机构', '该机构报价', '最低报价', '该机构报价排名'],
            rows: tenders.map((t) => {
              const bids = pricedBids(t).sort((a, b) => a.priceFen - b.priceFen)
              const index = bids.findIndex((b) => b.agencyId === agencyId)
              return [
                { project: t.id },
                at(t.openedAt),
                { agency: t.winnerAgencyId! },
                index >= 0 ? { fen: bids[index]!.priceFen } : null,
                bids[0] ? { fen: bids[0].priceFen } : null,
                index >= 0 ? `${index + 1} / ${bids.length}` : '—',
              ]
            }),
          },
        ],
        projectIds: tenders.map((t) => t.id),
      },
    })
  }
  return flags
}
