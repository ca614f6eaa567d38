import { and, eq, inArray, isNull, lte } from 'drizzle-orm'
import { platformNow } from './clock.ts'
import { contractLink, lockContract, recordCreditEvent } from './contracts.ts'
import type { Database } from './db/client.ts'
import { contracts, payments } from './db/schema-contracts.ts'
import { inTransaction } from './db/transaction.ts'
import { notifyOrganisations } from './notifications.ts'
import { refundDuePayments } from './payment-refunds.ts'
import { recordProjectStep } from './project-events.ts'
import { formatFenExact } from './rules/money.ts'
import { isPaymentLate } from './rules/payments.ts'
import { formatShanghaiDate } from './rules/shanghai-time.ts'
import type { StripeSetup } from './stripe-client.ts'

export interface PaymentClockReport {
  latePayments: number
  refunds: number
}

/** Flags one accepted contract whose payment deadline passed unpaid; once, whoever runs it. */
async function flagLatePayment(db: Database, contractId: string) {
  return inTransaction(db, async (tx) => {
    const contract = await lockContract(tx, contractId)
    const now = await platformNow(tx)
    if (contract.paymentLateAt || !isPaymentLate(contract, now)) return false
    await tx
      .update(contracts)
      .set({ paymentLateAt: now, updatedAt: now })
      .where(eq(contracts.id, contract.id))
    const summary = `采购人未在付款期限（${formatShanghaiDate(contract.paymentDueAt!)}）前付清合同 ${contract.number} 的价款`
    await recordCreditEvent(
      tx,
      {
        organisationId: contract.buyerId,
        kind: 'late_payment',
        contractId: contract.id,
        projectId: contract.projectId,
        summary,
        data: { paymentDueAt: contract.paymentDueAt!.toISOString(), amountFen: contract.amountFen },
      },
      now,
    )
    await notifyOrganisations(tx, [contract.buyerId, contract.agencyId], {
      kind: 'contract.payment_late',
      title: `合同 ${contract.number} 付款已逾期`,
      body: `${summary}，合同金额 ${formatFenExact(contract.amountFen)}。逾期付款将记入采购人的履约记录。`,
      link: `${contractLink(contract.id)}/payment`,
    })
    await recordProjectStep(tx, {
      projectId: contract.projectId,
      actorUserId: null,
      action: 'contract.payment_late',
      summary,
      data: { contractId: contract.id },
    })
    return true
  })
}

/**
 * One pass of the payment clock: flags contracts paid late (a credit event on the buyer,
 * once per contract), then refunds through Stripe the online payments marked for refund.
 * `setup` defaults to Stripe as the environment configures it.
 */
export async function runPaymentClock(
  db: Database,
  setup?: StripeSetup | null,
): Promise<PaymentClockReport> {
  const now = await platformNow(db)
  const due = await db
    .select({ id: contracts.id })
    .from(contracts)
    .where(
      and(
        eq(contracts.status, 'accepted'),
        isNull(contracts.paidAt),
        isNull(contracts.paymentLateAt),
        lte(contracts.paymentDueAt, now),
      ),
    )
  let latePayments = 0
  for (const { id } of due) if (await flagLatePayment(db, id)) latePayments++
  const refunds = await refundDuePayments(db, setup === undefined ? {} : { setup })
  return { latePayments, refunds }
}

/**
 * Called inside the cancellation's transaction (the contract already locked): online
 * payments become 'refund_due' and are refunded by the payment clock, or by
 * refundDuePayments(db, { contractId }) right after the cancellation commits. Budget and
 * offline payments stay 'paid': that money moved outside the platform and must be returned
 * outside it; the payment page says so. A checkout still open may complete later: the
 * webhook then marks it for refund too.
 */
export async function markRefundsDue(tx: Database, contractId: string) {
  const marked = await tx
    .update(payments)
    .set({ status: 'refund_due' })
    .where(
      and(
        eq(payments.contractId, contractId),
        eq(payments.method, 'stripe'),
        eq(payments.status, 'paid'),
      ),
    )
    .returning({ amountFen: payments.amountFen })
  const byHand = await tx
    .select({ amountFen: payments.amountFen })
    .from(payments)
    .where(
      and(
        eq(payments.contractId, contractId),
        inArray(payments.method, ['budget', 'offline_transfer']),
        eq(payments.status, 'paid'),
      ),
    )
  const sum = (rows: { amountFen: number }[]) => rows.reduce((total, r) => total + r.amountFen, 0)
  return {
    /** Online payments now waiting for their Stripe refund. */
    refundDue: marked.length,
    refundDueFen: sum(marked),
    /** Paid by treasury or bank transfer: to be returned outside the platform. */
    offlineFen: sum(byHand),
  }
}
