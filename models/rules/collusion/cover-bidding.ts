import { isPriceContest, pricedBids } from './market.ts'
import { type PairFinding, pairGroupFlags } from './pair-groups.ts'
import {
  binomialTail,
  FAMILY_ALPHA,
  pairKey,
  percentText,
  pValueText,
  strengthFromP,
} from './statistics.ts'
import type { ScreenFlag, ScreenMarket, ScreenProject } from './types.ts'

/**
 * Cover bidding (OECD: "complementary bids"): an agency whose bid, whenever it meets a
 * certain other agency, sits just above that agency's — a price meant to lose to it that
 * still looks like a bid. Chance is measured against the market: how often any bid lands
 * that close above another bid of the same tender. An agency shadowing the same rival far
 * more often than that is flagged, whoever won the tender (an outsider may still beat both).
 */

/** "Just above": more than 0 and at most 3 % over the other bid (equal prices are the identical-price screen's). */
export const COVER_MAX_GAP = 0.03
/** At least four such tenders … */
export const COVER_MIN_TENDERS = 4
/**
 * … in at least 60 % of the tenders the two met in: ring members also meet in tenders they
 * did not rig, and the binomial test, not this share, is what rules out chance.
 */
export const COVER_MIN_SHARE = 0.6
/** Floor of the market's rate, for a small history. */
export const COVER_BASE_RATE_FLOOR = 0.05

interface Cover {
  project: ScreenProject
  coveredId: string
  coveredPrice: number
  coverId: string
  coverPrice: number
}

export function coverBidding(market: ScreenMarket): ScreenFlag[] {
  const met = new Map<string, number>()
  const close = new Map<string, Cover[]>()
  let pairs = 0
  let closeTotal = 0
  for (const project of market.projects.filter(isPriceContest)) {
    const bids = pricedBids(project)
    for (const cover of bids)
      for (const covered of bids) {
        if (cover.agencyId === covered.agencyId) continue
        const directed = `${cover.agencyId}>${covered.agencyId}`
        met.set(directed, (met.get(directed) ?? 0) + 1)
        pairs++
        const gap = (cover.priceFen - covered.priceFen) / covered.priceFen
        if (gap <= 0 || gap > COVER_MAX_GAP) continue
        closeTotal++
        close.set(directed, [
          ...(close.get(directed) ?? []),
          {
            project,
            coveredId: covered.agencyId,
            coveredPrice: covered.priceFen,
            coverId: cover.agencyId,
            coverPrice: cover.priceFen,
          },
        ])
      }
  }
  const baseRate = Math.max(COVER_BASE_RATE_FLOOR, pairs ? closeTotal / pairs : 0)
  const tested = [...met.values()].filter((n) => n >= COVER_MIN_TENDERS).length
  const alpha = FAMILY_ALPHA / Math.max(1, tested)

  const byPair = new Map<string, PairFinding>()
  for (const [directed, covers] of close) {
    const n = met.get(directed)!
    const k = covers.length
    if (k < COVER_MIN_TENDERS || k / n < COVER_MIN_SHARE) continue
    const p = binomialTail(k, n, baseRate)
    if (p >= alpha) continue
    const { coverId, coveredId } = covers[0]!
    const key = pairKey(coverId, coveredId)
    const rows = covers.map((c) => ({
      project: c.project,
      cells: [
        { project: c.project.id },
        { agency: c.coveredId },
        { fen: c.coveredPrice },
        { agency: c.coverId },
        { fen: c.coverPrice },
        { percent: (c.coverPrice - c.coveredPrice) / c.coveredPrice },
        c.project.winnerAgencyId ? { agency: c.project.winnerAgencyId } : '—',
      ],
    }))
    const earlier = byPair.get(key)
    byPair.set(key, {
      key,
      strength: Math.max(earlier?.strength ?? 0, strengthFromP(p)),
      facts: [
        ...(earlier?.facts ?? []),
        {
          label: '陪标迹象（前者陪后者）',
          value: `两家同场的 ${n} 个项目中，前者有 ${k} 个报价仅比后者高 ${percentText(COVER_MAX_GAP, 0)} 以内（全市场任意两份报价的这一比例 ${percentText(baseRate)}，二项检验 p = ${pValueText(p)}）`,
          threshold: `至少 ${COVER_MIN_TENDERS} 次、占 ${percentText(COVER_MIN_SHARE, 0)} 以上，且 p < ${pValueText(alpha)}`,
          agencyIds: [coverId, coveredId],
        },
      ],
      rows: [...(earlier?.rows ?? []), ...rows],
    })
  }
  return pairGroupFlags([...byPair.values()], {
    kind: 'cover_bidding',
    summary: (group, projects) =>
      `${group.length} 家机构在 ${projects.length} 个项目中的报价总是略高于组内另一家`,
    table: {
      title: '被陪标的报价与紧随其后的报价',
      columns: ['项目', '机构', '报价', '紧随其后的机构', '报价', '高出', '中选机构'],
    },
  })
}
