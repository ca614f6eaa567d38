import { runScreens } from '../models/rules/collusion/screens.ts'
import {
  collusionKinds,
  type CollusionKind,
  type ScreenFlag,
} from '../models/rules/collusion/types.ts'
import type { MarketSize } from './collusion-market.ts'
import { cleanMarket } from './collusion-tenders.ts'
import { type PlantedCase, plantAll } from './collusion-plants.ts'

/**
 * Measures the screens on synthetic markets: the recall of each planted pattern, and how
 * many agencies (and buyers) a market with no collusion at all gets flagged.
 */

export interface PatternScore {
  planted: number
  recalled: number
}

export interface EvaluationReport {
  seed: number
  size: MarketSize
  patterns: Record<CollusionKind, PatternScore>
  /** In the market with rings: agencies outside every ring that were flagged anyway. */
  plantedMarket: { innocentAgencies: number; innocentFlagged: number; flags: number }
  cleanMarket: {
    agencies: number
    agenciesFlagged: number
    agencyShare: number
    buyers: number
    buyersFlagged: number
    buyerShare: number
    flagsByKind: Partial<Record<CollusionKind, number>>
  }
  missed: PlantedCase[]
}

export const DEFAULT_SIZE: MarketSize = { agencies: 300, tenders: 1500, buyers: 80 }

function recalled(planted: PlantedCase, flags: readonly ScreenFlag[]): boolean {
  return flags.some((f) => {
    if (f.kind !== planted.kind) return false
    const shared = planted.organisationIds.filter((id) => f.organisationIds.includes(id)).length
    return f.side === 'agencies' ? shared >= 2 : shared === planted.organisationIds.length
  })
}

const flaggedOf = (flags: readonly ScreenFlag[], side: ScreenFlag['side']) =>
  new Set(flags.filter((f) => f.side === side).flatMap((f) => f.organisationIds))

export function evaluateScreens(
  seed: number,
  size = DEFAULT_SIZE,
  perPattern = 3,
): EvaluationReport {
  const planted = cleanMarket(seed, size)
  const cases = plantAll(planted, perPattern)
  const flags = runScreens(planted.market)
  const patterns = Object.fromEntries(
    collusionKinds.map((kind) => {
      const mine = cases.filter((c) => c.kind === kind)
      return [
        kind,
        { planted: mine.length, recalled: mine.filter((c) => recalled(c, flags)).length },
      ]
    }),
  ) as Record<CollusionKind, PatternScore>
  const ringMembers = new Set(
    cases.filter((c) => !c.kind.startsWith('buyer_')).flatMap((c) => c.organisationIds),
  )
  const innocent = planted.agencies.filter((a) => !ringMembers.has(a.id))
  const flaggedInPlanted = flaggedOf(flags, 'agencies')

  const clean = cleanMarket(seed + 1_000_003, size)
  const cleanFlags = runScreens(clean.market)
  const agenciesFlagged = flaggedOf(cleanFlags, 'agencies').size
  const buyersFlagged = [...flaggedOf(cleanFlags, 'buyer')].filter((id) =>
    id.startsWith('buyer-'),
  ).length
  const flagsByKind: Partial<Record<CollusionKind, number>> = {}
  for (const f of cleanFlags) flagsByKind[f.kind] = (flagsByKind[f.kind] ?? 0) + 1
  return {
    seed,
    size,
    patterns,
    plantedMarket: {
      innocentAgencies: innocent.length,
      innocentFlagged: innocent.filter((a) => flaggedInPlanted.has(a.id)).length,
      flags: flags.length,
    },
    cleanMarket: {
      agencies: clean.agencies.length,
      agenciesFlagged,
      agencyShare: agenciesFlagged / clean.agencies.length,
      buyers: clean.buyers.length,
      buyersFlagged,
      buyerShare: buyersFlagged / clean.buyers.length,
      flagsByKind,
    },
    missed: cases.filter((c) => !recalled(c, flags)),
  }
}
