import { and, eq, isNull } from 'drizzle-orm'
import { platformNow } from './clock.ts'
import type { Ctx } from './context.ts'
import { boundedText, tellOtherSide } from './contract-service.ts'
import {
  lockContract,
  requireSide,
  setContractStatus,
  syncProjectWithContract,
} from './contracts.ts'
import { contractExtensions, contractPauses, contracts } from './db/schema-contracts.ts'
import { inTransaction } from './db/transaction.ts'
import { ValidationError } from './errors.ts'
import { markRefundsDue } from './payment-clock.ts'
import { recordProjectStep } from './project-events.ts'
import { writeServiceClock } from './service-clock.ts'

/** The agency asks for more working days, with a reason; one open request at a time. */
export async function requestExtension(
  ctx: Ctx,
  contractId: string,
  input: { workdays: number; reason: string },
) {
  const reason = boundedText(input.reason, 'reason', 2, 1000, '延期理由')
  if (!Number.isInteger(input.workdays) || input.workdays < 1 || input.workdays > 250)
    throw ValidationError.field('workdays', '延期天数须为 1–250 个工作日')
  return inTransaction(ctx.db, async (tx) => {
    const contract = await lockContract(tx, contractId)
    const actor = requireSide(ctx, contract, 'agency')
    if (contract.status !== 'in_service' && contract.status !== 'delivered')
      throw ValidationError.field('workdays', '合同不在服务期内，不能申请延期')
    const [open] = await tx
      .select({ id: contractExtensions.id })
      .from(contractExtensions)
      .where(
        and(eq(contractExtensions.contractId, contractId), isNull(contractExtensions.decidedAt)),
      )
    if (open) throw ValidationError.field('workdays', '已有一项延期申请等待采购人决定')
    const now = await platformNow(tx)
    await tx.insert(contractExtensions).values({
      contractId,
      workdays: input.workdays,
      reason,
      requestedAt: now,
      requestedBy: actor.userId,
    })
    await tellOtherSide(tx, contract, 'agency', `申请延期 ${input.workdays} 个工作日`, reason)
    await recordProjectStep(tx, {
      projectId: contract.projectId,
      actorUserId: actor.userId,
      action: 'contract.extension_requested',
      summary: `承接机构申请延期 ${input.workdays} 个工作日：${reason}`,
    })
  })
}

/** The buyer grants or declines the open extension request, with a reason either way. */
export async function decideExtension(
  ctx: Ctx,
  contractId: string,
  input: { approve: boolean; reason: string },
) {
  const reason = boundedText(input.reason, 'decisionReason', 2, 1000, '决定理由')
  return inTransaction(ctx.db, async (tx) => {
    const contract = await lockContract(tx, contractId)
    const actor = requireSide(ctx, contract, 'buyer')
    const [open] = await tx
      .select()
      .from(contractExtensions)
      .where(
        and(eq(contractExtensions.contractId, contractId), isNull(contractExtensions.decidedAt)),
      )
    if (!open) throw ValidationError.field('decisionReason', '没有待决定的延期申请')
    const now = await platformNow(tx)
    await tx
      .update(contractExtensions)
      .set({
        decision: input.approve ? 'approved' : 'declined',
        decisionReason: reason,
        decidedAt: now,
        decidedBy: actor.userId,
      })
      .where(eq(contractExtensions.id, open.id))
    let summary = `采购人不同意延期：${reason}`
    if (input.approve) {
      const [extended] = await tx
        .update(contracts)
        .set({ extendedWorkdays: contract.extendedWorkdays + open.workdays, updatedAt: now })
        .where(eq(contracts.id, contract.id))
        .returning()
      const clock =
        extended!.status === 'accepted' ? null : await writeServiceClock(tx, extended!, now)
      summary = `采购人同意延期 ${open.workdays} 个工作日（${reason}）${clock?.dueDate ? `，新的到期日 ${clock.dueDate}` : ''}`
    }
    await tellOtherSide(
      tx,
      contract,
      'buyer',
      input.approve ? '延期申请已获同意' : '延期申请未获同意',
      summary,
    )
    await recordProjectStep(tx, {
      projectId: contract.projectId,
      actorUserId: actor.userId,
      action: input.approve ? 'contract.extension_approved' : 'contract.extension_declined',
      summary,
    })
  })
}

/**
 * The buyer ends a signed contract before acceptance (解除合同), with a public reason. Online
 * payments are marked for refund through Stripe (the payment clock sends them); money paid
 * offline is returned offline. The project ends as cancelled.
 */
export async function cancelContract(ctx: Ctx, contractId: string, reason: string) {
  const why = boundedText(reason, 'reason', 2, 1000, '解除合同的理由')
  return inTransaction(ctx.db, async (tx) => {
    const contract = await lockContract(tx, contractId)
    // Only the buyer may end it: the agency is refused like any stranger (403), not told off.
    const actor = requireSide(ctx, contract, 'buyer')
    if (contract.status !== 'in_service' && contract.status !== 'delivered')
      throw ValidationError.field('reason', '只有已生效且未验收的合同可以解除')
    const now = await platformNow(tx)
    await tx
      .update(contractPauses)
      .set({ endedAt: now, endedBy: actor.userId })
      .where(and(eq(contractPauses.contractId, contractId), isNull(contractPauses.endedAt)))
    const cancelled = await setContractStatus(tx, contract, 'cancelled', now, {
      endedAt: now,
      endReason: why,
    })
    await markRefundsDue(tx, contractId)
    await syncProjectWithContract(tx, cancelled, now)
    await tellOtherSide(tx, contract, 'buyer', '合同已解除', why)
    await recordProjectStep(tx, {
      projectId: contract.projectId,
      actorUserId: actor.userId,
      action: 'contract.cancelled',
      summary: `采购人解除合同 ${contract.number}：${why}`,
    })
  })
}
