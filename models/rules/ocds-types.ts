import type { ContractStatus } from './contract-states.ts'
import type { FundingSource, ProjectStatus, SelectionMethod } from './project-states.ts'

/**
 * What the OCDS mapping (ocds-release.ts) is made from: a project's public state as
 * models/ocds-state.ts reads it. Only what the public may see goes in: no sealed price
 * (bids are null before opening), no person, no phone, no bank or voucher detail.
 */

export interface OcdsOrganisation {
  id: string
  name: string
  /** 统一社会信用代码, the identifier published under the CN-USCC scheme. */
  uscc: string
  /** 省/市/县 in words, or null for an organisation from outside Henan. */
  regionName: string | null
}

export interface OcdsRankingEntry {
  rank: number
  /** '' for a direct selection, which has no bid. */
  bidId: string
  agencyId: string
  priceFen: number
  note: string
  priceScore?: number
  qualityScore?: number
  creditScore?: number
  total?: number
}

export interface OcdsResult {
  ranking: OcdsRankingEntry[]
  excluded: { bidId: string; agencyId: string; reason: string }[]
  draw?: { secret: string; seed: string }
}

export interface OcdsProject {
  id: string
  title: string
  scope: string
  status: ProjectStatus
  method: SelectionMethod
  funding: FundingSource
  budgetCapFen: number
  serviceItemCode: string
  serviceItemName: string
  weights: { price: number; quality: number; credit: number } | null
  publishedAt: Date
  deadlineAt: Date
  openedAt: Date | null
  awardedAt: Date | null
  publicityEndsAt: Date | null
  awardFinalAt: Date | null
  endedAt: Date | null
  endReason: string | null
  winnerAgencyId: string | null
  directAgencyId: string | null
  drawCommitment: string | null
  /** The ocid of the failed or cancelled project this one was re-published from. */
  republishedFromOcid: string | null
}

/** An opened bid, as the public opening record shows it. */
export interface OcdsBid {
  id: string
  agencyId: string
  priceFen: number
  submittedAt: Date
  valid: boolean
  invalidReason: string | null
  rank: number | null
}

/** An answered question (its asker is never published) or the buyer's own supplement. */
export interface OcdsClarification {
  id: string
  kind: 'question' | 'supplement'
  question: string
  answer: string
  askedAt: Date
  answeredAt: Date
  changesScope: boolean
  deadlineBefore: Date | null
  deadlineAfter: Date | null
}

export interface OcdsMilestone {
  id: string
  seq: number
  name: string
  shareBasisPoints: number
  amountFen: number
  paidAt: Date | null
}

/** Money that moved; refunds are published as a negative transaction of their own. */
export interface OcdsPayment {
  id: string
  amountFen: number
  /** The day the money was paid (budget and transfers), else the moment it arrived. */
  paidOn: string | null
  paidAt: Date | null
  refundedAt: Date | null
}

export interface OcdsContract {
  id: string
  number: string
  rank: number
  agencyId: string
  amountFen: number
  status: ContractStatus
  createdAt: Date
  startedAt: Date | null
  /** Shanghai calendar day the service is due. */
  dueDate: string | null
  overdueAt: Date | null
  acceptedAt: Date | null
  paidAt: Date | null
  evaluationDueAt: Date | null
  evaluatedAt: Date | null
  endedAt: Date | null
  endReason: string | null
  milestones: OcdsMilestone[]
  payments: OcdsPayment[]
}

export interface OcdsProjectState {
  ocid: string
  project: OcdsProject
  result: OcdsResult | null
  buyer: OcdsOrganisation
  /** Every agency referred to below, by id. */
  agencies: Record<string, OcdsOrganisation>
  /** Live bids or sign-ups: null until the deadline has passed. */
  bidCount: number | null
  /** Opened bids: null before opening. */
  bids: OcdsBid[] | null
  clarifications: OcdsClarification[]
  contracts: OcdsContract[]
}

// The published shapes, as far as this mapping fills them.

export type OcdsReleaseTag =
  | 'planning'
  | 'planningUpdate'
  | 'tender'
  | 'tenderAmendment'
  | 'tenderUpdate'
  | 'tenderCancellation'
  | 'award'
  | 'awardUpdate'
  | 'awardCancellation'
  | 'contract'
  | 'contractUpdate'
  | 'contractAmendment'
  | 'implementation'
  | 'implementationUpdate'
  | 'contractTermination'
  | 'compiled'

export interface OcdsValue {
  amount: number
  currency: 'CNY'
}

export interface OcdsOrganizationReference {
  id: string
  name: string
}

export type OcdsObject = { [key: string]: unknown }

export interface OcdsAward extends OcdsObject {
  id: string
  status: 'pending' | 'active' | 'cancelled' | 'unsuccessful'
}

export interface OcdsContractRelease extends OcdsObject {
  id: string
  awardID: string
  status: 'pending' | 'active' | 'cancelled' | 'terminated'
  implementation?: OcdsObject
}

/** A release without its id, date and tag: what two releases are compared on. */
export interface OcdsReleaseBody extends OcdsObject {
  ocid: string
  initiationType: 'tender'
  language: 'zh'
  parties: OcdsObject[]
  buyer: OcdsOrganizationReference
  planning: OcdsObject
  tender: OcdsObject & { id: string; status: string }
  awards?: OcdsAward[]
  contracts?: OcdsContractRelease[]
}

export interface OcdsRelease extends OcdsReleaseBody {
  id: string
  date: string
  tag: OcdsReleaseTag[]
}
