/**
 * What a contract's buyer owes, what it may pay now, and when payment is late. Pure: the
 * caller loads the rows and passes the platform's `now`.
 */
import type { ContractStatus } from './contract-states.ts'
import { fenToYuanText } from './money.ts'

export type PaymentMethod = 'budget' | 'stripe' | 'offline_transfer'
export type PaymentStatus = 'pending' | 'paid' | 'refunded' | 'expired' | 'refund_due'

export const paymentMethodNames: Record<PaymentMethod, string> = {
  budget: '财政预算支付',
  stripe: '在线支付',
  offline_transfer: '线下转账',
}

export const paymentStatusNames: Record<PaymentStatus, string> = {
  pending: '待支付',
  paid: '已支付',
  refunded: '已退款',
  expired: '已失效',
  refund_due: '待退款',
}

/**
 * How a buyer pays: a department's money moves through the treasury (国库集中支付) and the
 * platform only records it; an enterprise pays online, or by bank transfer when online
 * payment is not configured. Agencies never pay the platform anything.
 */
export type PaymentChannel = 'budget' | 'online'
export const paymentChannelFor = (buyerKind: string): PaymentChannel =>
  buyerKind === 'department' ? 'budget' : 'online'

/**
 * The contract is in force. A milestone (e.g. 预付款) may be paid from signing on, when the
 * buyer judges its condition met; a contract paid in one sum is paid after acceptance.
 */
export const PAYABLE_CONTRACT_STATUSES: readonly ContractStatus[] = [
  'in_service',
  'delivered',
  'accepted',
]

/** The form value naming a contract paid in one sum (no milestones). */
export const WHOLE_CONTRACT = 'contract'

export interface MilestoneLine {
  id: string
  seq: number
  name: string
  amountFen: number
}

export interface PaymentLine {
  milestoneId: string | null
  status: PaymentStatus
  amountFen: number
}

/** One thing the buyer pays for: a milestone, or the whole contract when it has none. */
export interface PaymentUnit {
  /** The form value: a milestone's id, or WHOLE_CONTRACT. */
  target: string
  milestoneId: string | null
  name: string
  amountFen: number
  paidFen: number
  /** Online checkouts started and not yet confirmed by the bank. */
  pendingFen: number
  outstandingFen: number
}

const sumOf = (lines: PaymentLine[], status: PaymentStatus) =>
  lines.filter((p) => p.status === status).reduce((total, p) => total + p.amountFen, 0)

/** The units of a contract with what has been paid on each; refunded money counts for nothing. */
export function paymentUnits(
  contractAmountFen: number,
  milestones: readonly MilestoneLine[],
  payments: readonly PaymentLine[],
): PaymentUnit[] {
  const sorted = [...milestones].sort((a, b) => a.seq - b.seq)
  const plan =
    sorted.length > 0
      ? sorted.map((m) => ({
          target: m.id,
          milestoneId: m.id,
          name: m.name,
          amountFen: m.amountFen,
        }))
      : [
          {
            target: WHOLE_CONTRACT,
            milestoneId: null,
            name: '合同价款',
            amountFen: contractAmountFen,
          },
        ]
  return plan.map((unit) => {
    const mine = payments.filter((p) => p.milestoneId === unit.milestoneId)
    const paidFen = sumOf(mine, 'paid')
    return {
      ...unit,
      paidFen,
      pendingFen: sumOf(mine, 'pending'),
      outstandingFen: Math.max(0, unit.amountFen - paidFen),
    }
  })
}

export interface PaymentTotals {
  amountFen: number
  paidFen: number
  outstandingFen: number
  settled: boolean
}

export function paymentTotals(
  contractAmountFen: number,
  units: readonly PaymentUnit[],
): PaymentTotals {
  const paidFen = units.reduce((total, u) => total + u.paidFen, 0)
  return {
    amountFen: contractAmountFen,
    paidFen,
    outstandingFen: Math.max(0, contractAmountFen - paidFen),
    settled: paidFen >= contractAmountFen,
  }
}

export type PaymentCheck =
  { ok: true; unit: PaymentUnit } | { ok: false; field: string; reason: string }

/** Whether `amountFen` may be paid now on `target`. */
export function checkPayment(
  status: ContractStatus,
  units: readonly PaymentUnit[],
  target: string,
  amountFen: number,
): PaymentCheck {
  if (!PAYABLE_CONTRACT_STATUSES.includes(status))
    return {
      ok: false,
      field: 'amount',
      reason: status === 'cancelled' ? '合同已解除，不能再付款' : '合同尚未生效，不能付款',
    }
  const unit = units.find((u) => u.target === target)
  if (!unit) return { ok: false, field: 'target', reason: '请选择付款项' }
  if (unit.milestoneId == null && status !== 'accepted')
    return { ok: false, field: 'target', reason: '合同价款在验收通过后支付' }
  if (unit.outstandingFen === 0)
    return { ok: false, field: 'target', reason: `「${unit.name}」已付清` }
  if (amountFen <= 0) return { ok: false, field: 'amount', reason: '付款金额须大于 0' }
  if (amountFen > unit.outstandingFen)
    return {
      ok: false,
      field: 'amount',
      reason: `付款金额不能超过「${unit.name}」的未付金额 ¥${fenToYuanText(unit.outstandingFen)}`,
    }
  return { ok: true, unit }
}

const DAY_MS = 86_400_000

/** The payment deadline: `paymentDays` calendar days after acceptance. */
export const paymentDueAt = (acceptedAt: Date, paymentDays: number) =>
  new Date(acceptedAt.getTime() + paymentDays * DAY_MS)

export interface PaymentClockFacts {
  status: ContractStatus
  acceptedAt: Date | null
  paymentDueAt: Date | null
  paidAt: Date | null
  paymentLateAt: Date | null
}

export type PaymentDueState =
  | { kind: 'before_acceptance' }
  | { kind: 'ended' }
  | { kind: 'due'; dueAt: Date; daysLeft: number }
  | { kind: 'late'; dueAt: Date; daysLate: number }
  | { kind: 'paid'; paidAt: Date; wasLate: boolean }

/** Where the buyer stands against its payment deadline at `now`. */
export function paymentDueState(contract: PaymentClockFacts, now: Date): PaymentDueState {
  if (contract.paidAt && contract.status !== 'cancelled')
    return { kind: 'paid', paidAt: contract.paidAt, wasLate: contract.paymentLateAt != null }
  if (
    contract.status === 'cancelled' ||
    contract.status === 'refused' ||
    contract.status === 'lapsed'
  )
    return { kind: 'ended' }
  if (contract.status !== 'accepted' || !contract.paymentDueAt) return { kind: 'before_acceptance' }
  const dueAt = contract.paymentDueAt
  if (isPaymentLate(contract, now))
    return {
      kind: 'late',
      dueAt,
      daysLate: Math.max(1, Math.ceil((now.getTime() - dueAt.getTime()) / DAY_MS)),
    }
  return {
    kind: 'due',
    dueAt,
    daysLeft: Math.max(0, Math.ceil((dueAt.getTime() - now.getTime()) / DAY_MS)),
  }
}

/** Accepted, not paid in full, and the deadline has passed. */
export function isPaymentLate(contract: PaymentClockFacts, now: Date): boolean {
  return (
    contract.status === 'accepted' &&
    contract.paidAt == null &&
    contract.paymentDueAt != null &&
    contract.paymentDueAt <= now
  )
}

/** Whether the buyer may pay anything on `unit` now (and if not, why). */
export function unitPayable(status: ContractStatus, unit: PaymentUnit) {
  const check = checkPayment(status, [unit], unit.target, Math.min(1, unit.outstandingFen))
  return check.ok ? { ok: true as const } : { ok: false as const, reason: check.reason }
}
