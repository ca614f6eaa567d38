import { at, byOpening, isPriceContest, pricedBids } from './market.ts'
import { type PairFinding, pairGroupFlags } from './pair-groups.ts'
import {
  coefficientOfVariation,
  FAMILY_ALPHA,
  pairKey,
  percentText,
  poissonBinomialTail,
  pValueText,
  standardDeviation,
  strengthFromP,
} from './statistics.ts'
import type { ScreenFlag, ScreenMarket, ScreenProject } from './types.ts'

/**
 * Imhof's screens ("Detecting bid-rigging cartels with descriptive statistics", 2019): in a
 * rigged tender the cover bids bunch together, so the coefficient of variation (CV) of the
 * bids is low, while the designated winner sits clearly below them, so the relative distance
 * RD = (b₂ − b₁) / σ(losing bids) is high. One such tender is chance; two agencies that keep
 * meeting in them, far more often than the market's rate for tenders of that size explains,
 * are not. Pairs that do are joined into groups.
 */

/** RD needs at least two losing bids with a spread: four bids in all. */
export const SPREAD_MIN_BIDS = 4
/**
 * CV at or below 5 %: competitive tenders typically spread 6–10 % (Imhof's Swiss data; the
 * synthetic market's median is about 6 %). A cover bid or two pulls a rigged tender below.
 */
export const SPREAD_MAX_CV = 0.05
/**
 * RD at or above 2: the gap to the winner is twice the losers' own spread. Imhof reads RD
 * above 1 as suspicious, but with four or five bids, quoted in round thousands, the losing
 * bids often coincide and RD ≥ 1 marks a third of honest tenders; at 2 the rate is a few
 * percent, while a ring's bunched covers give RD of 5–50.
 */
export const SPREAD_MIN_RD = 2
/** A pair needs at least three suspicious tenders together. */
export const SPREAD_MIN_SUSPICIOUS = 3
/** Floor of the market's suspicious-tender rate, for a small history. */
export const SPREAD_BASE_RATE_FLOOR = 0.02

export interface TenderSpread {
  project: ScreenProject
  bidders: string[]
  lowest: number
  second: number
  cv: number
  rd: number
  suspicious: boolean
}

/** CV and RD of one tender, or null if it has too few bids to say. */
export function tenderSpread(project: ScreenProject): TenderSpread | null {
  if (!isPriceContest(project)) return null
  const bids = pricedBids(project).sort((a, b) => a.priceFen - b.priceFen)
  if (bids.length < SPREAD_MIN_BIDS) return null
  const prices = bids.map((b) => b.priceFen)
  const [lowest, second] = [prices[0]!, prices[1]!]
  const losingSpread = standardDeviation(prices.slice(1))
  const rd = losingSpread > 0 ? (second - lowest) / losingSpread : second > lowest ? 99 : 0
  const cv = coefficientOfVariation(prices)
  return {
    project,
    bidders: bids.map((b) => b.agencyId),
    lowest,
    second,
    cv,
    rd: Math.min(rd, 99),
    suspicious: cv <= SPREAD_MAX_CV && rd >= SPREAD_MIN_RD,
  }
}

/** Tenders with this many bids or more share one base rate; fewer bids, one rate a size. */
const SIZE_CLASSES = 7

export function lowSpread(market: ScreenMarket): ScreenFlag[] {
  const spreads = market.projects
    .map(tenderSpread)
    .filter((s): s is TenderSpread => s != null)
    .sort((a, b) => byOpening(a.project, b.project))
  // RD over three or four losing bids is noisy: small tenders look suspicious more often.
  const sizeOf = (s: TenderSpread) => Math.min(SIZE_CLASSES, s.bidders.length)
  const rateOf = new Map<number, number>()
  for (let size = SPREAD_MIN_BIDS; size <= SIZE_CLASSES; size++) {
    const same = spreads.filter((s) => sizeOf(s) === size)
    const hits = same.filter((s) => s.suspicious).length
    rateOf.set(size, Math.max(SPREAD_BASE_RATE_FLOOR, same.length ? hits / same.length : 0))
  }
  const shared = new Map<string, TenderSpread[]>()
  for (const s of spreads) {
    const ids = [...new Set(s.bidders)].sort()
    for (let i = 0; i < ids.length; i++)
      for (let j = i + 1; j < ids.length; j++) {
        const key = pairKey(ids[i]!, ids[j]!)
        shared.set(key, [...(shared.get(key) ?? []), s])
      }
  }
  const tested = [...shared.values()].filter((list) => list.length >= SPREAD_MIN_SUSPICIOUS).length
  const alpha = FAMILY_ALPHA / Math.max(1, tested)
  const findings: PairFinding[] = []
  for (const [key, list] of shared) {
    const hits = list.filter((s) => s.suspicious)
    if (hits.length < SPREAD_MIN_SUSPICIOUS) continue
    const chances = list.map((s) => rateOf.get(sizeOf(s))!)
    const p = poissonBinomialTail(hits.length, chances)
    if (p >= alpha) continue
    const expected = chances.reduce((a, b) => a + b, 0)
    findings.push({
      key,
      strength: strengthFromP(p),
      facts: [
        {
          label: '同在可疑项目',
          value: `共同参与可计算的项目 ${list.length} 个，其中可疑 ${hits.length} 个；按同规模项目的市场比例预计 ${expected.toFixed(1)} 个（p = ${pValueText(p)}）`,
          threshold: `可疑：CV ≤ ${percentText(SPREAD_MAX_CV, 0)} 且 RD ≥ ${SPREAD_MIN_RD}（至少 ${SPREAD_MIN_BIDS} 份报价）；至少 ${SPREAD_MIN_SUSPICIOUS} 个且 p < ${pValueText(alpha)}`,
        },
      ],
      rows: hits.map((s) => ({
        project: s.project,
        cells: [
          { project: s.project.id },
          at(s.project.openedAt),
          s.bidders.length,
          { fen: s.lowest },
          { fen: s.second },
          { percent: s.cv },
          Math.round(s.rd * 100) / 100,
        ],
      })),
    })
  }
  return pairGroupFlags(findings, {
    kind: 'low_spread',
    summary: (group, projects) =>
      `${group.length} 家机构反复同在报价离散度低、最低价明显低于其余报价的项目中（${projects.length} 个）`,
    table: {
      title: '可疑项目的报价统计',
      columns: ['项目', '开标时间', '报价家数', '最低价', '次低价', 'CV', 'RD'],
    },
  })
}
