import { describe, expect, it } from 'vitest'
import {
  checkPayment,
  type PaymentClockFacts,
  paymentDueState,
  paymentTotals,
  paymentUnits,
  WHOLE_CONTRACT,
} from '../../models/rules/payments.ts'

const milestones = [
  { id: 'm2', seq: 2, name: '验收合格后', amountFen: 7_000 },
  { id: 'm1', seq: 1, name: '签订后预付', amountFen: 3_000 },
]

describe('payment units', () => {
  it('counts only paid money; pending checkouts are shown, refunds count for nothing', () => {
    const units = paymentUnits(10_000, milestones, [
      { milestoneId: 'm1', status: 'paid', amountFen: 1_000 },
      { milestoneId: 'm1', status: 'pending', amountFen: 2_000 },
      { milestoneId: 'm2', status: 'refunded', amountFen: 7_000 },
      { milestoneId: 'm2', status: 'refund_due', amountFen: 7_000 },
    ])
    expect(units.map((u) => [u.target, u.paidFen, u.pendingFen, u.outstandingFen])).toEqual([
      ['m1', 1_000, 2_000, 2_000],
      ['m2', 0, 0, 7_000],
    ])
    expect(paymentTotals(10_000, units)).toEqual({
      amountFen: 10_000,
      paidFen: 1_000,
      outstandingFen: 9_000,
      settled: false,
    })
  })

  it('treats a contract without milestones as one item paid after acceptance', () => {
    const units = paymentUnits(10_000, [], [])
    expect(units).toHaveLength(1)
    expect(units[0]!.target).toBe(WHOLE_CONTRACT)
    expect(checkPayment('in_service', units, WHOLE_CONTRACT, 1)).toMatchObject({
      ok: false,
      reason: '合同价款在验收通过后支付',
    })
    expect(checkPayment('accepted', units, WHOLE_CONTRACT, 10_000).ok).toBe(true)
    expect(checkPayment('accepted', units, WHOLE_CONTRACT, 10_001)).toMatchObject({
      ok: false,
      field: 'amount',
      reason: '付款金额不能超过「合同价款」的未付金额 ¥100.00',
    })
    expect(checkPayment('cancelled', units, WHOLE_CONTRACT, 1)).toMatchObject({
      reason: '合同已解除，不能再付款',
    })
    expect(checkPayment('signing', units, WHOLE_CONTRACT, 1)).toMatchObject({
      reason: '合同尚未生效，不能付款',
    })
  })
})

describe('payment deadline', () => {
  const accepted = new Date('2026-11-01T02:00:00Z')
  const due = new Date('2026-12-01T02:00:00Z')
  const facts = (extra: Partial<PaymentClockFacts> = {}): PaymentClockFacts => ({
    status: 'accepted',
    acceptedAt: accepted,
    paymentDueAt: due,
    paidAt: null,
    paymentLateAt: null,
    ...extra,
  })

  it('is due until the deadline, late from it, and remembers lateness once paid', () => {
    expect(paymentDueState(facts(), new Date('2026-11-29T02:00:00Z'))).toEqual({
      kind: 'due',
      dueAt: due,
      daysLeft: 2,
    })
    expect(paymentDueState(facts(), due)).toEqual({ kind: 'late', dueAt: due, daysLate: 1 })
    expect(paymentDueState(facts(), new Date('2026-12-03T03:00:00Z'))).toMatchObject({
      kind: 'late',
      daysLate: 3,
    })
    const paidAt = new Date('2026-12-05T00:00:00Z')
    expect(paymentDueState(facts({ paidAt, paymentLateAt: due }), paidAt)).toEqual({
      kind: 'paid',
      paidAt,
      wasLate: true,
    })
    expect(paymentDueState(facts({ status: 'in_service', paymentDueAt: null }), due)).toEqual({
      kind: 'before_acceptance',
    })
    expect(paymentDueState(facts({ status: 'cancelled' }), due)).toEqual({ kind: 'ended' })
  })
})
