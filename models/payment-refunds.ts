import { and, eq } from 'drizzle-orm'
import type Stripe from 'stripe'
import { platformNow } from './clock.ts'
import { lockContract } from './contracts.ts'
import type { Database } from './db/client.ts'
import { payments } from './db/schema-contracts.ts'
import { inTransaction } from './db/transaction.ts'
import { logger } from './logger.ts'
import { notifyOrganisations } from './notifications.ts'
import type { Payment } from './payments.ts'
import { intentIdOf, paymentPage } from './payments-stripe.ts'
import { recordProjectStep } from './project-events.ts'
import { formatFenExact } from './rules/money.ts'
import { type StripeSetup, stripeFromEnv } from './stripe-client.ts'

// Online payments sent back through Stripe after a cancellation, or when money arrived
// that was not owed (see settleSession in payments-stripe.ts).

/** The payment intent to refund: stored from the webhook, else asked of Stripe. */
async function intentToRefund(stripe: Stripe, payment: Payment) {
  if (payment.stripePaymentIntentId) return payment.stripePaymentIntentId
  if (!payment.stripeSessionId) return null
  return intentIdOf(await stripe.checkout.sessions.retrieve(payment.stripeSessionId))
}

/**
 * Sends back, through Stripe, every online payment marked for refund (of one contract, or
 * all). Stripe is called outside any transaction, with the payment's id as idempotency key:
 * if the process dies before the row says 'refunded', the next run asks again and Stripe
 * answers with the same refund instead of paying out twice. Failures are logged and left
 * for the next run. Returns how many were refunded.
 */
export async function refundDuePayments(
  db: Database,
  { contractId, setup = stripeFromEnv() }: { contractId?: string; setup?: StripeSetup | null } = {},
) {
  const due = await db
    .select()
    .from(payments)
    .where(
      and(
        eq(payments.status, 'refund_due'),
        eq(payments.method, 'stripe'),
        contractId ? eq(payments.contractId, contractId) : undefined,
      ),
    )
  if (due.length === 0) return 0
  if (!setup) {
    logger.warn(
      { count: due.length },
      'online payments wait for refund but Stripe is not configured',
    )
    return 0
  }
  let refunded = 0
  for (const payment of due) {
    let refundId: string | null = null
    try {
      const intent = await intentToRefund(setup.stripe, payment)
      if (!intent) throw new Error(`payment ${payment.id} has no payment intent to refund`)
      const refund = await setup.stripe.refunds.create(
        { payment_intent: intent, amount: payment.amountFen, metadata: { paymentId: payment.id } },
        { idempotencyKey: payment.id },
      )
      refundId = refund.id
    } catch (error) {
      // Refunded at Stripe already (by hand in its dashboard, or a key older than 24 hours).
      if ((error as { code?: string }).code !== 'charge_already_refunded') {
        logger.warn({ err: error, paymentId: payment.id }, 'Stripe refund failed; will retry')
        continue
      }
    }
    const done = await inTransaction(db, async (tx) => {
      const contract = await lockContract(tx, payment.contractId)
      const [row] = await tx
        .select()
        .from(payments)
        .where(eq(payments.id, payment.id))
        .for('update')
      if (row?.status !== 'refund_due') return false
      const now = await platformNow(tx)
      await tx
        .update(payments)
        .set({ status: 'refunded', stripeRefundId: refundId, refundedAt: now })
        .where(eq(payments.id, payment.id))
      const summary = `在线支付 ${formatFenExact(payment.amountFen)} 已通过 Stripe 原路退回`
      await notifyOrganisations(tx, [contract.buyerId], {
        kind: 'contract.payment_refunded',
        title: `合同 ${contract.number}：在线支付已退款`,
        body: summary,
        link: paymentPage(contract.id),
      })
      await recordProjectStep(tx, {
        projectId: contract.projectId,
        actorUserId: null,
        action: 'payment.refunded',
        summary,
        data: { contractId: contract.id, paymentId: payment.id, stripeRefundId: refundId },
      })
      return true
    })
    if (done) refunded++
  }
  return refunded
}
