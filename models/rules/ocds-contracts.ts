import type { ContractStatus } from './contract-states.ts'
import { formatFenExact } from './money.ts'
import {
  endOfShanghaiDay,
  isoDate,
  ocdsValue,
  organisationReference,
  projectItem,
  startOfShanghaiDay,
} from './ocds-tender.ts'
import type {
  OcdsAward,
  OcdsContract,
  OcdsContractRelease,
  OcdsObject,
  OcdsProjectState,
  OcdsRankingEntry,
} from './ocds-types.ts'

/** The awards and contracts sections of a release, implementation included. */

/**
 * An award is one line of one published result: a re-evaluation publishes a new result (new
 * awardedAt, so new ids), and a refusal to sign turns to the next line of the same one.
 */
export const awardId = (awardedAt: Date, rank: number) => `award-${awardedAt.getTime()}-${rank}`

function awardStatus(state: OcdsProjectState, contract: OcdsContract | undefined) {
  if (contract && (contract.status === 'refused' || contract.status === 'lapsed'))
    return 'unsuccessful'
  return state.project.awardFinalAt ? 'active' : 'pending'
}

const scores = (entry: OcdsRankingEntry) =>
  entry.total == null
    ? undefined
    : {
        price: entry.priceScore,
        quality: entry.qualityScore,
        credit: entry.creditScore,
        total: entry.total,
      }

/** Our extension: the whole published ranking and the excluded bids, with reasons. */
function rankingExtension(state: OcdsProjectState) {
  const result = state.result!
  const agency = (id: string) => organisationReference(state.agencies[id]!)
  return {
    ranking: result.ranking.map((entry) => ({
      rank: entry.rank,
      relatedBid: entry.bidId || undefined,
      supplier: agency(entry.agencyId),
      value: ocdsValue(entry.priceFen),
      note: entry.note || undefined,
      scores: scores(entry),
    })),
    excludedBids: result.excluded.map((e) => ({
      relatedBid: e.bidId,
      tenderer: agency(e.agencyId),
      reason: e.reason,
    })),
    draw: result.draw
      ? {
          commitment: state.project.drawCommitment,
          secret: result.draw.secret,
          seed: result.draw.seed,
        }
      : undefined,
  }
}

/** The current result's awards: the winner's, and one per later line offered a contract. */
export function awardsSection(state: OcdsProjectState): OcdsAward[] {
  const { project, result } = state
  if (!project.awardedAt || !project.winnerAgencyId || !result) return []
  const ranks = [1, ...state.contracts.map((c) => c.rank).filter((r) => r > 1)]
  const awards: OcdsAward[] = []
  for (const rank of [...new Set(ranks)]) {
    const entry = result.ranking.find((e) => e.rank === rank)
    if (!entry) continue
    const contract = state.contracts.filter((c) => c.rank === rank).at(-1)
    awards.push({
      id: awardId(project.awardedAt, rank),
      title:
        rank === 1 ? `中选结果：${project.title}` : `按排名递补第 ${rank} 名：${project.title}`,
      description: entry.note || undefined,
      status: awardStatus(state, contract),
      date: isoDate(rank === 1 ? project.awardedAt : (contract?.createdAt ?? project.awardedAt)),
      value: ocdsValue(entry.priceFen),
      suppliers: [organisationReference(state.agencies[entry.agencyId]!)],
      items: [projectItem(state)],
      relatedBids: entry.bidId ? [entry.bidId] : undefined,
      ...(rank === 1 ? rankingExtension(state) : {}),
    })
  }
  return awards
}

/** refused/lapsed were never signed; accepted ends with the last payment; cancelled ends it early. */
export function contractStatus(contract: OcdsContract): OcdsContractRelease['status'] {
  const byStatus: Record<ContractStatus, OcdsContractRelease['status']> = {
    signing: 'pending',
    in_service: 'active',
    delivered: 'active',
    accepted: contract.paidAt ? 'terminated' : 'active',
    refused: 'cancelled',
    lapsed: 'cancelled',
    cancelled: 'terminated',
  }
  return byStatus[contract.status]
}

function paymentMilestones(contract: OcdsContract) {
  return contract.milestones.map((m) => ({
    id: m.id,
    title: m.name,
    type: 'payment',
    description: `合同价款的 ${m.shareBasisPoints / 100}%，${formatFenExact(m.amountFen)}`,
    status: m.paidAt ? 'met' : 'scheduled',
    dateMet: isoDate(m.paidAt),
  }))
}

function deliveryMilestones(contract: OcdsContract) {
  const milestones: OcdsObject[] = [
    {
      id: 'delivery',
      title: '提交服务成果并通过验收',
      type: 'delivery',
      dueDate: endOfShanghaiDay(contract.dueDate),
      status: contract.acceptedAt ? 'met' : contract.overdueAt ? 'notMet' : 'scheduled',
      dateMet: isoDate(contract.acceptedAt),
      dateModified: contract.acceptedAt ? undefined : isoDate(contract.overdueAt),
    },
  ]
  if (contract.evaluationDueAt || contract.evaluatedAt)
    milestones.push({
      id: 'evaluation',
      title: '采购人服务评价',
      type: 'assessment',
      dueDate: isoDate(contract.evaluationDueAt),
      status: contract.evaluatedAt ? 'met' : 'scheduled',
      dateMet: isoDate(contract.evaluatedAt),
    })
  return milestones
}

/** Money paid (payer → payee) and refunds back, never an account, budget line or voucher. */
function transactions(state: OcdsProjectState, contract: OcdsContract) {
  const buyer = organisationReference(state.buyer)
  const agency = organisationReference(state.agencies[contract.agencyId]!)
  return contract.payments.flatMap((p) => {
    const paid = {
      id: p.id,
      date: p.paidOn ? startOfShanghaiDay(p.paidOn) : isoDate(p.paidAt),
      value: ocdsValue(p.amountFen),
      payer: buyer,
      payee: agency,
    }
    if (!p.refundedAt) return [paid]
    const refund = {
      id: `${p.id}-refund`,
      date: isoDate(p.refundedAt),
      value: ocdsValue(-p.amountFen),
      payer: agency,
      payee: buyer,
    }
    return [paid, refund]
  })
}

function contractRelease(state: OcdsProjectState, contract: OcdsContract): OcdsContractRelease {
  const { project } = state
  const signed = contract.startedAt != null
  return {
    id: contract.id,
    awardID: awardId(project.awardedAt!, contract.rank),
    title: project.title,
    description: `服务合同 ${contract.number}`,
    status: contractStatus(contract),
    statusDetails: contract.endReason ?? undefined,
    period: signed
      ? { startDate: isoDate(contract.startedAt), endDate: endOfShanghaiDay(contract.dueDate) }
      : undefined,
    value: ocdsValue(contract.amountFen),
    items: [projectItem(state)],
    dateSigned: isoDate(contract.startedAt),
    milestones: paymentMilestones(contract),
    implementation: signed
      ? { transactions: transactions(state, contract), milestones: deliveryMilestones(contract) }
      : undefined,
  }
}

export function contractsSection(state: OcdsProjectState): OcdsContractRelease[] {
  if (!state.project.awardedAt) return []
  return state.contracts.map((c) => contractRelease(state, c))
}
