import type { ContractStatus } from './contract-states.ts'
import type { ProjectStatus } from './project-states.ts'

export type BidOutcome =
  | 'won'
  | 'lost'
  | 'refused'
  | 'lapsed'
  | 'failed'
  | 'cancelled'
  | 'pending'
  | 'withdrawn'
  | 'setAside'

/** What became of an agency's bid, as its 我的报价 list shows it. */
export function bidOutcomeOf(
  bid: {
    status: ProjectStatus
    winnerAgencyId: string | null
    withdrawnAt: Date | null
    setAsideAt: Date | null
    myContractStatus: ContractStatus | null
  },
  me: string | null,
): BidOutcome {
  if (bid.withdrawnAt) return 'withdrawn'
  // Its own contract tells a winner's story first: it refused it, or let it lapse.
  if (bid.myContractStatus === 'refused' || bid.myContractStatus === 'lapsed')
    return bid.myContractStatus
  if (bid.status === 'failed') return 'failed'
  if (bid.status === 'cancelled') return 'cancelled'
  // A blacklisting set it aside: it can win nothing, whoever else does.
  if (bid.setAsideAt) return 'setAside'
  if (bid.winnerAgencyId) return bid.winnerAgencyId === me ? 'won' : 'lost'
  return 'pending'
}
