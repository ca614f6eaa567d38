/**
 * Plain data the collusion screens read: opened projects with their bids, the agencies'
 * identity details and the contracts. The screens never touch the database; models/collusion.ts
 * loads these and scripts/collusion-eval.ts generates them.
 */

export type ScreenMethod = 'lowest_price' | 'lottery' | 'scoring' | 'direct'

export interface ScreenBid {
  agencyId: string
  /** The opened price; null if the bid was never opened (it then takes part in no price screen). */
  priceFen: number | null
  discountBasisPoints: number | null
  submittedAt: Date
  /** Keyed hashes of the submitter's network address and browser; null when not captured. */
  ipHash: string | null
  deviceHash: string | null
  valid: boolean
  /** The buyer rejected its explanation of an abnormally low price. */
  explanationRejected: boolean
  /** Quality score the buyer's panel gave (scoring method). */
  qualityScore: number | null
}

export interface ScreenProject {
  id: string
  buyerId: string
  serviceItemCode: string
  cityCode: string
  method: ScreenMethod
  status: string
  /** A government-set fee (政府定价): every agency must quote it, so prices prove nothing. */
  priceRegulated: boolean
  budgetCapFen: number
  openedAt: Date
  winnerAgencyId: string | null
  /** Why it ended (failed, cancelled), as published. */
  endReason: string | null
  bids: ScreenBid[]
}

export interface ScreenAgency {
  id: string
  phone: string
  email: string
  address: string
  legalRepresentative: string
  /** Certificate numbers of the practitioners the agency lists. */
  practitionerCertificates: string[]
}

export interface ScreenContract {
  id: string
  projectId: string
  buyerId: string
  agencyId: string
  /** Payment fell due (the contract was accepted); null if it has not. */
  paymentDueAt: Date | null
  paymentLateAt: Date | null
}

export interface ScreenMarket {
  projects: ScreenProject[]
  agencies: ScreenAgency[]
  contracts: ScreenContract[]
}

export const collusionKinds = [
  'identical_prices',
  'shared_submission',
  'shared_identity',
  'rotation',
  'cover_bidding',
  'low_spread',
  'buyer_concentration',
  'buyer_cancel_after_opening',
  'buyer_rejects_all_but_one',
  'buyer_late_payment',
] as const
export type CollusionKind = (typeof collusionKinds)[number]

export type FlagSide = 'agencies' | 'buyer'

/** One cell of an evidence table; references become links and money is shown in 元. */
export type EvidenceCell =
  | string
  | number
  | null
  | { agency: string }
  | { project: string }
  | { fen: number }
  | { percent: number }
  | { at: string }

export interface EvidenceTable {
  title: string
  columns: string[]
  rows: EvidenceCell[][]
}

export interface EvidenceFact {
  label: string
  value: string
  /** The threshold it was compared with, in words. */
  threshold?: string
  /** The agencies the fact is about, when it is about some of the flag's organisations. */
  agencyIds?: string[]
}

export interface FlagEvidence {
  summary: string
  facts: EvidenceFact[]
  tables: EvidenceTable[]
  /** Every project the evidence draws on. */
  projectIds: string[]
}

export interface ScreenFlag {
  kind: CollusionKind
  side: FlagSide
  /** Sorted: the agencies (or the buyer, then any agency it favoured) the flag is about. */
  organisationIds: string[]
  /** The project the flag is mainly about (the latest one for patterns across projects). */
  projectId: string | null
  /** 1–100: how strongly the evidence points at the pattern. */
  strength: number
  evidence: FlagEvidence
  /**
   * What makes this finding the same one next time, when it is not its list of projects
   * (shared details stay the same finding however often the two agencies meet again).
   */
  scope?: string
}
