import { and, asc, eq, isNull, sql } from 'drizzle-orm'
import { platformNow } from './clock.ts'
import { formatDayKey } from './rules/shanghai-time.ts'
import { requireContractViewer } from './contract-access.ts'
import type { Ctx } from './context.ts'
import { contractTerms } from './contract-terms.ts'
import {
  type Contract,
  contractLink,
  lockContract,
  requireSide,
  syncProjectWithContract,
} from './contracts.ts'
import type { Database } from './db/client.ts'
import { contractMilestones, contracts, payments } from './db/schema-contracts.ts'
import { organisations, users } from './db/schema.ts'
import { inTransaction } from './db/transaction.ts'
import { ForbiddenError, NotFoundError, ValidationError } from './errors.ts'
import { notifyOrganisations } from './notifications.ts'
import { recordProjectStep } from './project-events.ts'
import { formatFenExact } from './rules/money.ts'
import {
  checkPayment,
  type PaymentChannel,
  paymentChannelFor,
  paymentDueState,
  paymentMethodNames,
  paymentTotals,
  type PaymentUnit,
  paymentUnits,
  unitPayable,
} from './rules/payments.ts'
import { shanghaiDate } from './rules/qualifications.ts'
import type { ManualPaymentInput, PaymentFormLimits } from './validation/payments.ts'
import { isUuid } from './validation/registry.ts'

export type Payment = typeof payments.$inferSelect

/** The contract's payment units with what has been paid, pending and owed on each. */
export async function loadPaymentUnits(db: Database, contract: Pick<Contract, 'id' | 'amountFen'>) {
  const [milestones, rows] = await Promise.all([
    db
      .select()
      .from(contractMilestones)
      .where(eq(contractMilestones.contractId, contract.id))
      .orderBy(asc(contractMilestones.seq)),
    db
      .select({
        milestoneId: payments.milestoneId,
        status: payments.status,
        amountFen: payments.amountFen,
      })
      .from(payments)
      .where(eq(payments.contractId, contract.id)),
  ])
  return paymentUnits(contract.amountFen, milestones, rows)
}

async function buyerKindOf(db: Database, contract: Contract) {
  const [row] = await db
    .select({ kind: organisations.kind })
    .from(organisations)
    .where(eq(organisations.id, contract.buyerId))
  return row?.kind ?? 'department'
}

/** The buyer, paying through its own channel; anyone else (an agency above all) is refused. */
export function requirePayer(ctx: Ctx, contract: Contract, channel: PaymentChannel) {
  const actor = requireSide(ctx, contract, 'buyer')
  if (paymentChannelFor(actor.role) !== channel)
    throw new ForbiddenError(
      channel === 'budget'
        ? '只有政府部门采购人登记财政预算支付'
        : '政府部门的合同价款通过财政预算支付，不使用在线支付或企业转账',
    )
  return actor
}

/** Where the page may send a chosen file: only the paying enterprise gets this far. */
export async function requireOfflinePayer(ctx: Ctx, contractId: string) {
  if (!isUuid(contractId)) throw new NotFoundError('合同不存在')
  const [contract] = await ctx.db.select().from(contracts).where(eq(contracts.id, contractId))
  if (!contract) throw new NotFoundError('合同不存在')
  return requirePayer(ctx, contract, 'online')
}

/** The limits the page's forms check before sending: today, the earliest date, what is owed. */
export function formLimits(
  contract: Pick<Contract, 'startedAt'>,
  units: PaymentUnit[],
  now: Date,
): PaymentFormLimits {
  return {
    today: shanghaiDate(now),
    earliest: contract.startedAt ? shanghaiDate(contract.startedAt) : null,
    outstandingFen: Object.fromEntries(units.map((u) => [u.target, u.outstandingFen])),
  }
}

/** Everything the payment page shows, to the contract's parties, supervisors and the approval department. */
export async function getPaymentPage(ctx: Ctx, contractId: string) {
  const { contract, viewer } = await requireContractViewer(ctx, contractId)
  const [units, now, buyerKind, rows] = await Promise.all([
    loadPaymentUnits(ctx.db, contract),
    platformNow(ctx.db),
    buyerKindOf(ctx.db, contract),
    ctx.db
      .select({
        id: payments.id,
        milestoneId: payments.milestoneId,
        method: payments.method,
        status: payments.status,
        amountFen: payments.amountFen,
        budgetLine: payments.budgetLine,
        voucherNumber: payments.voucherNumber,
        paidOn: payments.paidOn,
        voucherUploadId: payments.voucherUploadId,
        createdAt: payments.createdAt,
        paidAt: payments.paidAt,
        refundedAt: payments.refundedAt,
        recordedByName: users.name,
      })
      .from(payments)
      .leftJoin(users, eq(users.id, payments.recordedBy))
      .where(eq(payments.contractId, contract.id))
      .orderBy(asc(payments.createdAt), asc(payments.id)),
  ])
  const unitName = new Map(units.map((u) => [u.milestoneId, u.name]))
  const channel = paymentChannelFor(buyerKind)
  const isBuyer = viewer === 'buyer'
  const paidByHand = rows.filter((p) => p.status === 'paid' && p.method !== 'stripe')
  return {
    contract: {
      id: contract.id,
      number: contract.number,
      status: contract.status,
      amountFen: contract.amountFen,
      acceptedAt: contract.acceptedAt,
      paymentDueAt: contract.paymentDueAt,
      paidAt: contract.paidAt,
      paymentLateAt: contract.paymentLateAt,
    },
    viewer,
    channel,
    paymentDays: contractTerms().paymentDays,
    units: units.map((u) => ({ ...u, payable: unitPayable(contract.status, u) })),
    payments: rows.map((p) => ({ ...p, unitName: unitName.get(p.milestoneId) ?? '合同价款' })),
    totals: paymentTotals(contract.amountFen, units),
    due: paymentDueState(contract, now),
    /** Whether this viewer may pay or record anything at all (each unit says whether it can be paid now). */
    canPay: isBuyer && units.some((u) => unitPayable(contract.status, u).ok),
    /** After a cancellation: money paid outside Stripe must be returned outside it too. */
    offlineRefundFen:
      contract.status === 'cancelled' ? paidByHand.reduce((total, p) => total + p.amountFen, 0) : 0,
    limits: formLimits(contract, units, now),
  }
}

export type PaymentPage = Awaited<ReturnType<typeof getPaymentPage>>

/**
 * Sets the contract's paidAt once paid payments cover its amount, and moves the project on
 * (accepted → paid). Paid in full before acceptance, the project reads `paid` as soon as the
 * buyer accepts. Returns the contract as it now stands.
 */
export async function markContractPaidIfSettled(tx: Database, contract: Contract, now: Date) {
  if (contract.paidAt || contract.status === 'cancelled') return contract
  const [row] = await tx
    .select({ paid: sql<string>`coalesce(sum(${payments.amountFen}), 0)` })
    .from(payments)
    .where(and(eq(payments.contractId, contract.id), eq(payments.status, 'paid')))
  if (Number(row?.paid ?? 0) < contract.amountFen) return contract
  const [settled] = await tx
    .update(contracts)
    .set({ paidAt: now, updatedAt: now })
    .where(eq(contracts.id, contract.id))
    .returning()
  await syncProjectWithContract(tx, settled!, now)
  await notifyOrganisations(tx, [contract.buyerId, contract.agencyId], {
    kind: 'contract.paid',
    title: `合同 ${contract.number} 价款已付清`,
    body: `${contract.title}：合同价款 ${formatFenExact(contract.amountFen)} 已全部支付`,
    link: `${contractLink(contract.id)}/payment`,
  })
  return settled!
}

async function recordManualPayment(
  ctx: Ctx,
  contractId: string,
  method: 'budget' | 'offline_transfer',
  input: ManualPaymentInput,
) {
  return inTransaction(ctx.db, async (tx) => {
    const contract = await lockContract(tx, contractId)
    const actor = requirePayer(ctx, contract, method === 'budget' ? 'budget' : 'online')
    const now = await platformNow(tx)
    const units = await loadPaymentUnits(tx, contract)
    const limits = formLimits(contract, units, now)
    if (input.paidOn > limits.today) throw ValidationError.field('paidOn', '付款日期不能晚于今天')
    if (limits.earliest && input.paidOn < limits.earliest)
      throw ValidationError.field(
        'paidOn',
        `付款日期不能早于合同生效日期 ${formatDayKey(limits.earliest)}`,
      )
    const check = checkPayment(contract.status, units, input.target, input.amountFen)
    if (!check.ok) throw ValidationError.field(check.field, check.reason)
    const unit = check.unit
    // The contract row is locked: a form sent twice finds the first one's payment here.
    const [repeat] = await tx
      .select({ amountFen: payments.amountFen, paidOn: payments.paidOn })
      .from(payments)
      .where(
        and(
          eq(payments.contractId, contract.id),
          eq(payments.status, 'paid'),
          eq(payments.voucherNumber, input.voucherNumber),
          unit.milestoneId
            ? eq(payments.milestoneId, unit.milestoneId)
            : isNull(payments.milestoneId),
        ),
      )
    if (repeat)
      throw ValidationError.field(
        'voucherNumber',
        `凭证号 ${input.voucherNumber} 已为这笔款项登记过（${formatFenExact(repeat.amountFen)}，${repeat.paidOn}），请勿重复登记`,
      )
    const [payment] = await tx
      .insert(payments)
      .values({
        contractId: contract.id,
        milestoneId: unit.milestoneId,
        method,
        status: 'paid',
        amountFen: input.amountFen,
        budgetLine: method === 'budget' ? (input.budgetLine ?? null) : null,
        voucherNumber: input.voucherNumber,
        paidOn: input.paidOn,
        voucherUploadId: method === 'offline_transfer' ? (input.voucherUploadId ?? null) : null,
        recordedBy: actor.userId,
        createdAt: now,
        paidAt: now,
      })
      .returning({ id: payments.id })
    const settled = await markContractPaidIfSettled(tx, contract, now)
    const what = `${paymentMethodNames[method]} ${formatFenExact(input.amountFen)}（${unit.name}，${input.paidOn}）`
    await notifyOrganisations(tx, [contract.agencyId], {
      kind: 'contract.payment_recorded',
      title: `采购人已登记付款：合同 ${contract.number}`,
      body: what,
      link: `${contractLink(contract.id)}/payment`,
    })
    await recordProjectStep(tx, {
      projectId: contract.projectId,
      actorUserId: actor.userId,
      action: method === 'budget' ? 'payment.budget_recorded' : 'payment.offline_recorded',
      summary: `采购人登记${what}${settled.paidAt && !contract.paidAt ? '；合同价款已付清' : ''}`,
      data: {
        contractId: contract.id,
        paymentId: payment!.id,
        budgetLine: input.budgetLine ?? null,
        voucherNumber: input.voucherNumber,
        voucherUploadId: input.voucherUploadId ?? null,
      },
    })
    return payment!.id
  })
}

/** A department records a treasury payment made outside the platform. */
export const recordBudgetPayment = (ctx: Ctx, contractId: string, input: ManualPaymentInput) =>
  recordManualPayment(ctx, contractId, 'budget', input)

/**
 * An enterprise records a bank transfer. The page offers this only while online payment is
 * not configured (its action refuses it otherwise); the demo seed uses it either way.
 */
export const recordOfflineTransfer = (ctx: Ctx, contractId: string, input: ManualPaymentInput) =>
  recordManualPayment(ctx, contractId, 'offline_transfer', input)
