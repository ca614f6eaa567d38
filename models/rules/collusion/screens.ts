import {
  buyerCancelAfterOpening,
  buyerLatePayment,
  buyerRejectsAllButOne,
} from './buyer-conduct.ts'
import { buyerConcentration } from './buyer-concentration.ts'
import { coverBidding } from './cover-bidding.ts'
import { identicalPrices } from './identical-prices.ts'
import { lowSpread } from './low-spread.ts'
import { involving } from './market.ts'
import { rotation } from './rotation.ts'
import { sharedIdentity } from './shared-identity.ts'
import { sharedSubmission } from './shared-submission.ts'
import type { CollusionKind, ScreenFlag, ScreenMarket } from './types.ts'

/** Every screen, by the kind of flag it raises. */
export const agencyScreens: Record<string, (market: ScreenMarket) => ScreenFlag[]> = {
  identical_prices: identicalPrices,
  shared_submission: sharedSubmission,
  shared_identity: sharedIdentity,
  rotation,
  cover_bidding: coverBidding,
  low_spread: lowSpread,
} satisfies Partial<Record<CollusionKind, unknown>>

export const buyerScreens: Record<string, (market: ScreenMarket) => ScreenFlag[]> = {
  buyer_concentration: buyerConcentration,
  buyer_cancel_after_opening: buyerCancelAfterOpening,
  buyer_rejects_all_but_one: buyerRejectsAllButOne,
  buyer_late_payment: buyerLatePayment,
} satisfies Partial<Record<CollusionKind, unknown>>

export interface ScreenOptions {
  /** After one opening: the agency screens only, and only flags that involve this project. */
  focusProjectId?: string
}

/** Runs the screens over a market; the flags come strongest first. */
export function runScreens(market: ScreenMarket, options: ScreenOptions = {}): ScreenFlag[] {
  const screens = options.focusProjectId
    ? Object.values(agencyScreens)
    : [...Object.values(agencyScreens), ...Object.values(buyerScreens)]
  const flags = screens.flatMap((screen) => screen(market))
  const kept = options.focusProjectId ? involving(flags, options.focusProjectId) : flags
  return kept.sort((a, b) => b.strength - a.strength)
}
