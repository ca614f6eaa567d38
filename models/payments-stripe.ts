import { and, eq, isNull } from 'drizzle-orm'
import { randomUUID } from 'node:crypto'
import Stripe from 'stripe'
import { platformNow } from './clock.ts'
import type { Ctx } from './context.ts'
import { contractLink, lockContract } from './contracts.ts'
import type { Database } from './db/client.ts'
import { contracts, payments, stripeEvents } from './db/schema-contracts.ts'
import { inTransaction } from './db/transaction.ts'
import { NotFoundError, ValidationError } from './errors.ts'
import { logger } from './logger.ts'
import { notifyOrganisations } from './notifications.ts'
import {
  loadPaymentUnits,
  markContractPaidIfSettled,
  type Payment,
  requirePayer,
} from './payments.ts'
import { recordProjectStep } from './project-events.ts'
import { formatFenExact } from './rules/money.ts'
import { checkPayment, PAYABLE_CONTRACT_STATUSES, type PaymentUnit } from './rules/payments.ts'
import { type StripeSetup, stripeFromEnv } from './stripe-client.ts'
import { isUuid } from './validation/registry.ts'

export const CURRENCY = 'cny'

export const paymentPage = (contractId: string) => `${contractLink(contractId)}/payment`

function requireSetup(setup: StripeSetup | null): StripeSetup {
  if (!setup) throw ValidationError.field('target', '在线支付未配置，请登记线下转账凭证')
  return setup
}

/**
 * Stripe unreachable or refusing while the buyer waits: a message beside the button to try
 * again; the details go to the log.
 */
async function askStripe<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripeError)) throw error
    logger.error({ err: error }, 'Stripe request failed while starting a checkout')
    throw ValidationError.field('target', '在线支付暂时不可用，请稍后重试')
  }
}

const pendingOf = (db: Database, contractId: string, unit: PaymentUnit) =>
  db
    .select()
    .from(payments)
    .where(
      and(
        eq(payments.contractId, contractId),
        eq(payments.method, 'stripe'),
        eq(payments.status, 'pending'),
        unit.milestoneId
          ? eq(payments.milestoneId, unit.milestoneId)
          : isNull(payments.milestoneId),
      ),
    )

/**
 * The open Checkout page of an earlier click on the same item, if Stripe still has one; an
 * expired one is marked so. This keeps one open checkout per item, so one item cannot be
 * paid twice by two tabs.
 */
async function reusableSession(ctx: Ctx, stripe: Stripe, pending: Payment[]) {
  for (const payment of pending) {
    const session = await askStripe(() =>
      stripe.checkout.sessions.retrieve(payment.stripeSessionId!),
    )
    if (session.status === 'open' && session.url) return session.url
    if (session.status === 'complete')
      throw ValidationError.field('target', '该项已完成在线支付，正在等待银行通知，请稍后刷新页面')
    await inTransaction(ctx.db, async (tx) => {
      await lockContract(tx, payment.contractId)
      const [row] = await tx
        .select()
        .from(payments)
        .where(eq(payments.id, payment.id))
        .for('update')
      if (row?.status === 'pending') await expire(tx, row)
    })
  }
  return null
}

/**
 * Starts Stripe Checkout for what is owed on one item (a milestone, or the whole contract)
 * and returns the page to send the enterprise to. Stripe is called before the transaction,
 * never while holding the contract's lock; the pending row is stored after, under the lock,
 * re-checking that nothing was paid or started meanwhile. A session that loses that race is
 * never shown to anyone and expires unpaid at Stripe.
 */
export async function startCheckout(
  ctx: Ctx,
  contractId: string,
  target: string,
  origin: string,
  setup: StripeSetup | null = stripeFromEnv(),
): Promise<string> {
  if (!isUuid(contractId)) throw new NotFoundError('合同不存在')
  const [contract] = await ctx.db.select().from(contracts).where(eq(contracts.id, contractId))
  if (!contract) throw new NotFoundError('合同不存在')
  const actor = requirePayer(ctx, contract, 'online')
  const { stripe } = requireSetup(setup)
  const units = await loadPaymentUnits(ctx.db, contract)
  const unit = units.find((u) => u.target === target)
  const check = checkPayment(contract.status, units, target, unit?.outstandingFen ?? 0)
  if (!check.ok) throw ValidationError.field('target', check.reason)
  const reused = await reusableSession(
    ctx,
    stripe,
    await pendingOf(ctx.db, contract.id, check.unit),
  )
  if (reused) return reused

  const paymentId = randomUUID()
  const amountFen = check.unit.outstandingFen
  const metadata = { paymentId, contractId: contract.id, contractNumber: contract.number }
  const session = await askStripe(() =>
    stripe.checkout.sessions.create(
      {
        mode: 'payment',
        client_reference_id: paymentId,
        line_items: [
          {
            quantity: 1,
            price_data: {
              currency: CURRENCY,
              unit_amount: amountFen,
              product_data: {
                name: `合同 ${contract.number} · ${check.unit.name}`,
                description: contract.title.slice(0, 200),
              },
            },
          },
        ],
        metadata,
        payment_intent_data: { metadata },
        success_url: `${origin}${paymentPage(contract.id)}?paid=1`,
        cancel_url: `${origin}${paymentPage(contract.id)}?cancelled=1`,
      },
      { idempotencyKey: `checkout-${paymentId}` },
    ),
  )
  if (!session.url) throw new Error(`Stripe returned checkout session ${session.id} without a url`)

  await inTransaction(ctx.db, async (tx) => {
    const locked = await lockContract(tx, contract.id)
    const now = await platformNow(tx)
    const again = checkPayment(locked.status, await loadPaymentUnits(tx, locked), target, amountFen)
    if (!again.ok) throw ValidationError.field('target', again.reason)
    if ((await pendingOf(tx, locked.id, again.unit)).length > 0)
      throw ValidationError.field('target', '该项已有一笔在线支付正在进行，请刷新页面后重试')
    await tx.insert(payments).values({
      id: paymentId,
      contractId: locked.id,
      milestoneId: again.unit.milestoneId,
      method: 'stripe',
      status: 'pending',
      amountFen,
      stripeSessionId: session.id,
      recordedBy: actor.userId,
      createdAt: now,
    })
    await recordProjectStep(tx, {
      projectId: locked.projectId,
      actorUserId: actor.userId,
      action: 'payment.checkout_started',
      summary: `采购人发起在线支付 ${formatFenExact(amountFen)}（${again.unit.name}）`,
      data: { contractId: locked.id, paymentId, stripeSessionId: session.id },
    })
  })
  return session.url
}

export type WebhookOutcome = 'duplicate' | 'paid' | 'refund_due' | 'expired' | 'ignored'

export const intentIdOf = (session: Stripe.Checkout.Session) =>
  typeof session.payment_intent === 'string'
    ? session.payment_intent
    : (session.payment_intent?.id ?? null)

/** The payment a session belongs to, locked after its contract (the order every writer uses). */
async function lockPaymentOfSession(tx: Database, sessionId: string) {
  const [found] = await tx
    .select({ id: payments.id, contractId: payments.contractId })
    .from(payments)
    .where(eq(payments.stripeSessionId, sessionId))
  if (!found) return null
  const contract = await lockContract(tx, found.contractId)
  const [payment] = await tx.select().from(payments).where(eq(payments.id, found.id)).for('update')
  return { contract, payment: payment! }
}

/**
 * The bank confirmed a checkout. Money owed is marked paid; money not owed (the contract
 * was cancelled meanwhile, the item was paid another way, or the amount is not the one
 * asked for) is marked for refund, which the payment clock sends back through Stripe.
 */
async function settleSession(tx: Database, session: Stripe.Checkout.Session, now: Date) {
  const found = await lockPaymentOfSession(tx, session.id)
  if (!found) {
    logger.warn({ sessionId: session.id }, 'checkout session completed for no known payment')
    return 'ignored' as const
  }
  const { contract, payment } = found
  if (payment.status !== 'pending' && payment.status !== 'expired') return 'ignored' as const
  const others = (await loadPaymentUnits(tx, contract)).find(
    (u) => u.milestoneId === payment.milestoneId,
  )
  const owed =
    PAYABLE_CONTRACT_STATUSES.includes(contract.status) &&
    session.amount_total === payment.amountFen &&
    session.currency === CURRENCY &&
    others != null &&
    others.outstandingFen >= payment.amountFen
  const status = owed ? 'paid' : 'refund_due'
  await tx
    .update(payments)
    .set({ status, paidAt: now, stripePaymentIntentId: intentIdOf(session) })
    .where(eq(payments.id, payment.id))
  const settled = owed ? await markContractPaidIfSettled(tx, contract, now) : contract
  const amount = formatFenExact(session.amount_total ?? payment.amountFen)
  const summary = owed
    ? `在线支付 ${amount} 已到账${settled.paidAt && !contract.paidAt ? '；合同价款已付清' : ''}`
    : `在线支付 ${amount} 已到账，但该款项无需支付，将原路退回`
  await notifyOrganisations(tx, [contract.buyerId, contract.agencyId], {
    kind: owed ? 'contract.payment_received' : 'contract.payment_refund_due',
    title: `合同 ${contract.number}：${owed ? '在线支付已到账' : '在线支付将退回'}`,
    body: summary,
    link: paymentPage(contract.id),
  })
  await recordProjectStep(tx, {
    projectId: contract.projectId,
    actorUserId: null,
    action: owed ? 'payment.received' : 'payment.refund_due',
    summary,
    data: { contractId: contract.id, paymentId: payment.id, stripeSessionId: session.id },
  })
  return status
}

async function expire(tx: Database, payment: Payment) {
  await tx.update(payments).set({ status: 'expired' }).where(eq(payments.id, payment.id))
  const [contract] = await tx.select().from(contracts).where(eq(contracts.id, payment.contractId))
  await recordProjectStep(tx, {
    projectId: contract!.projectId,
    actorUserId: null,
    action: 'payment.checkout_expired',
    summary: `在线支付 ${formatFenExact(payment.amountFen)} 未完成，支付页面已失效`,
    data: { contractId: payment.contractId, paymentId: payment.id },
  })
}

async function expireSession(tx: Database, session: Stripe.Checkout.Session) {
  const found = await lockPaymentOfSession(tx, session.id)
  if (!found || found.payment.status !== 'pending') return 'ignored' as const
  await expire(tx, found.payment)
  return 'expired' as const
}

/**
 * Applies one verified Stripe event, exactly once: its id is stored in the same transaction
 * as its effect, so a replay (or Stripe's own retry) finds it and changes nothing.
 */
export async function handleStripeEvent(
  db: Database,
  event: Stripe.Event,
): Promise<WebhookOutcome> {
  return inTransaction(db, async (tx) => {
    const now = await platformNow(tx)
    const fresh = await tx
      .insert(stripeEvents)
      .values({ id: event.id, type: event.type, receivedAt: now })
      .onConflictDoNothing()
      .returning({ id: stripeEvents.id })
    if (fresh.length === 0) return 'duplicate'
    switch (event.type) {
      case 'checkout.session.completed':
      case 'checkout.session.async_payment_succeeded': {
        const session = event.data.object
        // A bank transfer or similar completes the page first and pays later (async_payment_succeeded).
        if (session.payment_status !== 'paid') return 'ignored'
        return settleSession(tx, session, now)
      }
      case 'checkout.session.expired':
      case 'checkout.session.async_payment_failed':
        return expireSession(tx, event.data.object)
      default:
        return 'ignored'
    }
  })
}
