/** A service contract's life cycle after the award, and the platform's default terms. */

export const contractStatuses = [
  'signing',
  'in_service',
  'delivered',
  'accepted',
  'refused',
  'lapsed',
  'cancelled',
] as const
export type ContractStatus = (typeof contractStatuses)[number]

export const contractStatusNames: Record<ContractStatus, string> = {
  signing: '待签约',
  in_service: '服务中',
  delivered: '待验收',
  accepted: '已验收',
  refused: '中选机构拒签',
  lapsed: '逾期未签',
  cancelled: '已解除',
}

/**
 * - signing → refused / lapsed: the winner declined, or let the signing period pass; the
 *   buyer then offers the contract to the next-ranked agency or runs the procedure again.
 * - delivered → in_service: the buyer returned the delivery with reasons.
 * - in_service / delivered → cancelled: ended by the buyer with a public reason before
 *   acceptance; online payments are refunded.
 */
export const contractTransitions: Record<ContractStatus, readonly ContractStatus[]> = {
  signing: ['in_service', 'refused', 'lapsed'],
  in_service: ['delivered', 'cancelled'],
  delivered: ['accepted', 'in_service', 'cancelled'],
  accepted: [],
  refused: [],
  lapsed: [],
  cancelled: [],
}

export class IllegalContractTransitionError extends Error {
  constructor(
    readonly from: ContractStatus,
    readonly to: ContractStatus,
  ) {
    super(`合同状态不能从「${contractStatusNames[from]}」变为「${contractStatusNames[to]}」`)
    this.name = 'IllegalContractTransitionError'
  }
}

export function assertContractTransition(from: ContractStatus, to: ContractStatus): void {
  if (!contractTransitions[from].includes(to)) throw new IllegalContractTransitionError(from, to)
}

/** The contract is alive: it still binds both parties to something. */
export const LIVE_CONTRACT_STATUSES: readonly ContractStatus[] = [
  'signing',
  'in_service',
  'delivered',
  'accepted',
]

/** Platform defaults; each can be overridden by an environment variable (models/contract-terms.ts). */
export const DEFAULT_CONTRACT_TERMS = {
  /** Both parties sign within this many working days of the award becoming final. */
  signWorkdays: 5,
  /** Both parties are reminded this many working days before the service time limit. */
  reminderWorkdays: 3,
  /** A budget or enterprise payment is due this many calendar days after acceptance. */
  paymentDays: 30,
  /** The buyer may rate the service within this many working days of acceptance. */
  evaluationWorkdays: 15,
} as const

export type ContractTerms = { -readonly [K in keyof typeof DEFAULT_CONTRACT_TERMS]: number }

export const pauseReasonMaxLength = 500
