import { isPriceContest, pricedBids } from './market.ts'
import { type PairFinding, pairGroupFlags } from './pair-groups.ts'
import {
  clampStrength,
  coefficientOfVariation,
  FAMILY_ALPHA,
  pairKey,
  percentText,
  poissonBinomialTail,
  pValueText,
  strengthFromP,
} from './statistics.ts'
import type { ScreenFlag, ScreenMarket, ScreenProject } from './types.ts'

/**
 * Identical or near-identical prices (OECD: "identical bids"). How surprising an exact match
 * is depends on how finely the two prices are written: two quotes of ¥5,616 meet by chance
 * far more often than two of ¥48,996.63. One exact match counts on its own when its chance
 * — the coarser price step over the spread of prices — is below the screen's share of the
 * error budget; otherwise matches (exact or within NEAR_IDENTICAL_RATIO) must repeat far more
 * often than they do between other pairs of the market.
 */

/** "Near-identical": within 0.3 % of each other, closer than quoting habits alone explain. */
export const NEAR_IDENTICAL_RATIO = 0.003
/** A repeated match needs at least three tenders … */
export const NEAR_MIN_MATCHES = 3
/** … in at least half of the pair's shared tenders. */
export const NEAR_MIN_SHARE = 0.5
/** Floor of the chance of a match per tender: agencies of similar cost meet more than the model says. */
export const NEAR_CHANCE_FLOOR = 0.01
/** Spread of prices in a tender assumed for the chance of an exact match, at the least. */
export const MIN_PRICE_SPREAD = 0.03
/** Strength of one telling exact match; each further one adds 10. */
const EXACT_STRENGTH = 60

/** The step a price is written in (fen): 1 fen, 1 yuan, 100 yuan …, or the discount's step. */
export function priceStep(priceFen: number, discountBasisPoints: number | null, capFen: number) {
  if (discountBasisPoints != null) {
    const step = [100, 50, 10, 5].find((s) => discountBasisPoints % s === 0) ?? 1
    return Math.max(1, (capFen * step) / 10_000)
  }
  let step = 1
  while (step < 10_000_000 && priceFen % (step * 10) === 0) step *= 10
  return step
}

/**
 * Chance that two independent quotes near `priceFen` differ by no more than `width` / 2:
 * the width times the density of their difference at zero (normal, spread √2·cv·price).
 * For an exact match the width is the coarser price step.
 */
export function matchChance(priceFen: number, width: number, spread: number): number {
  return Math.min(1, width / (Math.SQRT2 * spread * priceFen * Math.sqrt(2 * Math.PI)))
}

interface Match {
  project: ScreenProject
  a: string
  b: string
  priceA: number
  priceB: number
  exact: boolean
}

export function identicalPrices(market: ScreenMarket): ScreenFlag[] {
  const exactByPair = new Map<string, Match[]>()
  const nearByPair = new Map<string, Match[]>()
  const chancesByPair = new Map<string, number[]>()
  let pairTenders = 0
  const contests = market.projects.filter(isPriceContest)
  const spread = marketSpread(contests)
  const exactChance = new Map<Match, number>()
  for (const project of contests) {
    const bids = pricedBids(project)
    for (let i = 0; i < bids.length; i++)
      for (let j = i + 1; j < bids.length; j++) {
        const [x, y] = [bids[i]!, bids[j]!]
        if (x.agencyId === y.agencyId) continue
        const key = pairKey(x.agencyId, y.agencyId)
        pairTenders++
        const step = Math.max(
          priceStep(x.priceFen, x.discountBasisPoints, project.budgetCapFen),
          priceStep(y.priceFen, y.discountBasisPoints, project.budgetCapFen),
        )
        const price = Math.min(x.priceFen, y.priceFen)
        const near = matchChance(price, Math.max(step, 2 * NEAR_IDENTICAL_RATIO * price), spread)
        chancesByPair.set(key, [
          ...(chancesByPair.get(key) ?? []),
          Math.max(NEAR_CHANCE_FLOOR, near),
        ])
        const match: Match = {
          project,
          a: x.agencyId,
          b: y.agencyId,
          priceA: x.priceFen,
          priceB: y.priceFen,
          exact: x.priceFen === y.priceFen,
        }
        if (Math.abs(x.priceFen - y.priceFen) <= NEAR_IDENTICAL_RATIO * price)
          nearByPair.set(key, [...(nearByPair.get(key) ?? []), match])
        if (!match.exact) continue
        exactChance.set(match, matchChance(price, step, spread))
        exactByPair.set(key, [...(exactByPair.get(key) ?? []), match])
      }
  }
  const tested = [...chancesByPair.values()].filter((c) => c.length >= NEAR_MIN_MATCHES).length
  const alpha = FAMILY_ALPHA / Math.max(1, tested)
  // Every pair in every tender could have matched exactly: the budget is shared among them.
  const exactAlpha = FAMILY_ALPHA / Math.max(1, pairTenders)
  const findings: PairFinding[] = []
  for (const key of new Set([...exactByPair.keys(), ...nearByPair.keys()])) {
    const exact = (exactByPair.get(key) ?? []).filter((m) => exactChance.get(m)! < exactAlpha)
    const near = nearByPair.get(key) ?? []
    const chances = chancesByPair.get(key)!
    const n = chances.length
    const k = near.length
    const p = poissonBinomialTail(k, chances)
    const expected = chances.reduce((a, b) => a + b, 0)
    const repeated = k >= NEAR_MIN_MATCHES && k / n >= NEAR_MIN_SHARE && p < alpha
    if (exact.length === 0 && !repeated) continue
    findings.push({
      key,
      strength: Math.max(
        exact.length ? clampStrength(EXACT_STRENGTH + 10 * (exact.length - 1)) : 0,
        repeated ? strengthFromP(p) : 0,
      ),
      facts: [
        {
          label: '报价相同或相近',
          value: [
            `共同参与 ${n} 次`,
            exact.length
              ? `${exact.length} 次报价完全相同，按双方报价的精度和市场离散度，偶然相同的概率分别为 ${exact.map((m) => pValueText(exactChance.get(m)!)).join('、')}`
              : '',
            repeated
              ? `${k} 次相同或相差不到 ${percentText(NEAR_IDENTICAL_RATIO)}，偶然应有约 ${expected.toFixed(1)} 次（p = ${pValueText(p)}）`
              : '',
          ]
            .filter(Boolean)
            .join('；'),
          threshold: `完全相同且偶然概率 < ${pValueText(exactAlpha)} 即提示；相近报价至少 ${NEAR_MIN_MATCHES} 次、占共同参与 ${percentText(NEAR_MIN_SHARE, 0)} 以上且 p < ${pValueText(alpha)}`,
        },
      ],
      rows: (repeated ? near : exact).map((m) => ({
        project: m.project,
        cells: [
          { project: m.project.id },
          { agency: m.a },
          { fen: m.priceA },
          { agency: m.b },
          { fen: m.priceB },
          m.exact
            ? '完全相同'
            : `相差 ${percentText(Math.abs(m.priceA - m.priceB) / Math.min(m.priceA, m.priceB), 2)}`,
        ],
      })),
    })
  }
  return pairGroupFlags(findings, {
    kind: 'identical_prices',
    summary: (group, projects) =>
      `${group.length} 家机构在 ${projects.length} 个项目中报价相同或近乎相同`,
    table: {
      title: '相同或相近的报价',
      columns: ['项目', '机构', '报价', '机构', '报价', '比较'],
    },
  })
}

/** Median coefficient of variation of the market's tenders, at least MIN_PRICE_SPREAD. */
function marketSpread(contests: readonly ScreenProject[]): number {
  const cvs = contests
    .map((p) => pricedBids(p).map((b) => b.priceFen))
    .filter((prices) => prices.length >= 3)
    .map(coefficientOfVariation)
    .sort((a, b) => a - b)
  return Math.max(MIN_PRICE_SPREAD, cvs[Math.floor(cvs.length / 2)] ?? 0)
}
