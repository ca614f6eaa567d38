import { and, eq, inArray, isNull, max } from 'drizzle-orm'
import { platformNow } from './clock.ts'
import { type Ctx, requireRole } from './context.ts'
import { contractTerms } from './contract-terms.ts'
import {
  type Contract,
  type ContractSide,
  contractLink,
  lockContract,
  recordCreditEvent,
  requireSide,
  setContractStatus,
  sideOf,
  syncProjectWithContract,
} from './contracts.ts'
import type { Database } from './db/client.ts'
import { contractPauses, contracts, deliveries, deliveryFiles } from './db/schema-contracts.ts'
import { uploads } from './db/schema.ts'
import { inTransaction } from './db/transaction.ts'
import { ForbiddenError, ValidationError } from './errors.ts'
import { notifyOrganisations } from './notifications.ts'
import { recordProjectStep } from './project-events.ts'
import { formatShanghaiDate } from './rules/shanghai-time.ts'
import { remainingText } from './rules/service-clock.ts'
import { readContractClock, writeServiceClock } from './service-clock.ts'
import { loadWorkdayCalendar } from './workday-calendar.ts'

const sideNames: Record<ContractSide, string> = { buyer: '采购人', agency: '承接机构' }

export function boundedText(value: string, field: string, min: number, max: number, what: string) {
  const trimmed = value.trim()
  if (trimmed.length < min || trimmed.length > max)
    throw ValidationError.field(field, `请填写${what}（${min}–${max} 字）`)
  return trimmed
}

function requireInService(contract: Contract, field: string) {
  if (contract.status !== 'in_service')
    throw ValidationError.field(field, '合同不在服务期内，不能办理此事项')
}

/** Either party: the clock stands still while the buyer owes input (资料、现场条件…). */
export async function pauseForOwner(ctx: Ctx, contractId: string, reason: string) {
  const why = boundedText(reason, 'reason', 2, 500, '等待业主的原因')
  return inTransaction(ctx.db, async (tx) => {
    const contract = await lockContract(tx, contractId)
    const actor = requireParty(ctx, contract)
    requireInService(contract, 'reason')
    const now = await platformNow(tx)
    const [open] = await openPause(tx, contract.id)
    if (open) throw ValidationError.field('reason', '服务已处于等待业主状态')
    // A pause stops the clock from now on; it cannot take back days already overrun.
    const clock = await readContractClock(tx, contract, now)
    if (clock?.overdue)
      throw ValidationError.field(
        'reason',
        `服务已超过期限（${clock.dueDate ?? '—'} 届满），不能再登记等待业主；如有正当理由，请双方协商办理延期`,
      )
    await tx.insert(contractPauses).values({
      contractId: contract.id,
      reason: why,
      startedAt: now,
      startedBy: actor.userId,
    })
    await writeServiceClock(tx, contract, now)
    await tellOtherSide(tx, contract, actor.side, '服务计时暂停（等待业主）', why)
    await recordProjectStep(tx, {
      projectId: contract.projectId,
      actorUserId: actor.userId,
      action: 'contract.paused',
      summary: `${sideNames[actor.side]}登记等待业主，服务计时暂停：${why}`,
    })
  })
}

/** Either party: the buyer has provided what was owed; the clock runs again. */
export async function resumeService(ctx: Ctx, contractId: string) {
  return inTransaction(ctx.db, async (tx) => {
    const contract = await lockContract(tx, contractId)
    const actor = requireParty(ctx, contract)
    requireInService(contract, 'resume')
    const now = await platformNow(tx)
    const [open] = await openPause(tx, contract.id)
    if (!open) throw ValidationError.field('resume', '服务计时没有暂停')
    await tx
      .update(contractPauses)
      .set({ endedAt: now, endedBy: actor.userId })
      .where(eq(contractPauses.id, open.id))
    const clock = await writeServiceClock(tx, contract, now)
    const summary = `服务计时恢复，${remainingText(clock)}`
    await tellOtherSide(tx, contract, actor.side, '服务计时恢复', summary)
    await recordProjectStep(tx, {
      projectId: contract.projectId,
      actorUserId: actor.userId,
      action: 'contract.resumed',
      summary: `${sideNames[actor.side]}确认业主资料已提供，${summary}`,
    })
  })
}

function openPause(tx: Database, contractId: string) {
  return tx
    .select({ id: contractPauses.id })
    .from(contractPauses)
    .where(and(eq(contractPauses.contractId, contractId), isNull(contractPauses.endedAt)))
}

export function requireParty(ctx: Ctx, contract: Contract) {
  const actor = requireRole(ctx, 'agency', 'department', 'enterprise')
  const side = sideOf(actor, contract)
  if (!side) throw new ForbiddenError('只有合同双方可以办理此事项')
  return { ...actor, side }
}

export async function tellOtherSide(
  tx: Database,
  contract: Contract,
  from: ContractSide,
  title: string,
  body: string,
) {
  const to = from === 'buyer' ? contract.agencyId : contract.buyerId
  await notifyOrganisations(tx, [to], {
    kind: 'contract.update',
    title: `${title}：合同 ${contract.number}`,
    body,
    link: contractLink(contract.id),
  })
}

export interface DeliveryInput {
  note: string
  uploadIds: string[]
}

/** The agency hands in its work; the clock stands still while the buyer reviews it. */
export async function submitDelivery(ctx: Ctx, contractId: string, input: DeliveryInput) {
  const note = boundedText(input.note, 'note', 2, 2000, '交付说明')
  if (input.uploadIds.length > 10) throw ValidationError.field('files', '每次最多上传 10 个文件')
  return inTransaction(ctx.db, async (tx) => {
    const contract = await lockContract(tx, contractId)
    const actor = requireSide(ctx, contract, 'agency')
    requireInService(contract, 'note')
    const now = await platformNow(tx)
    const [open] = await openPause(tx, contract.id)
    if (open) throw ValidationError.field('note', '服务处于等待业主状态，请先恢复计时再交付')
    if (input.uploadIds.length > 0) {
      const found = await tx
        .select({ id: uploads.id })
        .from(uploads)
        .where(inArray(uploads.id, input.uploadIds))
      if (found.length !== new Set(input.uploadIds).size)
        throw ValidationError.field('files', '上传的文件不存在，请重新选择')
    }
    // Read before the review stop starts: a delivery after the last day is late.
    const clock = await writeServiceClock(tx, contract, now)
    const [last] = await tx
      .select({ round: max(deliveries.round) })
      .from(deliveries)
      .where(eq(deliveries.contractId, contract.id))
    const round = (last?.round ?? 0) + 1
    const [delivery] = await tx
      .insert(deliveries)
      .values({ contractId: contract.id, round, note, submittedAt: now, submittedBy: actor.userId })
      .returning({ id: deliveries.id })
    if (input.uploadIds.length > 0)
      await tx.insert(deliveryFiles).values(
        input.uploadIds.map((uploadId, i) => ({
          deliveryId: delivery!.id,
          seq: i + 1,
          uploadId,
        })),
      )
    const delivered = await setContractStatus(tx, contract, 'delivered', now, { deliveredAt: now })
    if (clock.overdue)
      await recordOverdue(tx, delivered, now, clock.usedWorkdays - clock.allowedWorkdays)
    await syncProjectWithContract(tx, delivered, now)
    await tellOtherSide(
      tx,
      contract,
      'agency',
      `第 ${round} 次交付成果，请验收`,
      note.slice(0, 200),
    )
    await recordProjectStep(tx, {
      projectId: contract.projectId,
      actorUserId: actor.userId,
      action: 'contract.delivered',
      summary: `承接机构第 ${round} 次提交服务成果（已用 ${clock.usedWorkdays}/${clock.allowedWorkdays} 个工作日）`,
    })
  })
}

/** Overdue delivery, recorded once per contract, as a credit event against the agency. */
export async function recordOverdue(tx: Database, contract: Contract, now: Date, daysLate: number) {
  if (contract.overdueAt) return
  await tx.update(contracts).set({ overdueAt: now }).where(eq(contracts.id, contract.id))
  await recordCreditEvent(
    tx,
    {
      organisationId: contract.agencyId,
      kind: 'overdue_delivery',
      contractId: contract.id,
      projectId: contract.projectId,
      summary: `合同 ${contract.number} 超过服务时限${daysLate > 0 ? ` ${daysLate} 个工作日` : ''}`,
      data: { daysLate },
    },
    now,
  )
}

export interface DeliveryDecision {
  accept: boolean
  reason: string
}

/** The buyer accepts the latest delivery (验收), or returns it with reasons; every round is kept. */
export async function decideDelivery(ctx: Ctx, contractId: string, input: DeliveryDecision) {
  const reason = input.accept
    ? input.reason.trim()
    : boundedText(input.reason, 'reason', 2, 2000, '退回理由')
  if (reason.length > 2000) throw ValidationError.field('reason', '意见不超过 2000 字')
  return inTransaction(ctx.db, async (tx) => {
    const contract = await lockContract(tx, contractId)
    const actor = requireSide(ctx, contract, 'buyer')
    if (contract.status !== 'delivered') throw ValidationError.field('reason', '没有待验收的成果')
    const now = await platformNow(tx)
    const [pending] = await tx
      .select()
      .from(deliveries)
      .where(and(eq(deliveries.contractId, contract.id), isNull(deliveries.decidedAt)))
    if (!pending) throw ValidationError.field('reason', '没有待验收的成果')
    await tx
      .update(deliveries)
      .set({
        decision: input.accept ? 'accepted' : 'returned',
        decisionReason: reason || null,
        decidedAt: now,
        decidedBy: actor.userId,
      })
      .where(eq(deliveries.id, pending.id))
    if (!input.accept) {
      const returned = await setContractStatus(tx, contract, 'in_service', now)
      const clock = await writeServiceClock(tx, returned, now)
      await syncProjectWithContract(tx, returned, now)
      await tellOtherSide(tx, contract, 'buyer', '成果被退回修改', reason)
      return recordProjectStep(tx, {
        projectId: contract.projectId,
        actorUserId: actor.userId,
        action: 'contract.delivery_returned',
        summary: `采购人退回第 ${pending.round} 次成果，理由：${reason}；服务继续计时（${remainingText(clock)}）`,
      })
    }
    const terms = contractTerms()
    const calendar = await loadWorkdayCalendar(tx)
    const accepted = await setContractStatus(tx, contract, 'accepted', now, {
      acceptedAt: now,
      paymentDueAt: new Date(now.getTime() + terms.paymentDays * 86_400_000),
      evaluationDueAt: calendar.addWorkdays(now, terms.evaluationWorkdays),
    })
    await writeServiceClock(tx, accepted, now)
    if (!accepted.overdueAt)
      await recordCreditEvent(
        tx,
        {
          organisationId: contract.agencyId,
          kind: 'completed_on_time',
          contractId: contract.id,
          projectId: contract.projectId,
          summary: `合同 ${contract.number} 按期完成并通过验收`,
          data: { amountFen: contract.amountFen },
        },
        now,
      )
    await syncProjectWithContract(tx, accepted, now)
    await tellOtherSide(
      tx,
      contract,
      'buyer',
      '成果已通过验收',
      `付款期限 ${formatShanghaiDate(accepted.paymentDueAt!)}`,
    )
    await recordProjectStep(tx, {
      projectId: contract.projectId,
      actorUserId: actor.userId,
      action: 'contract.accepted',
      summary: `采购人验收通过第 ${pending.round} 次成果${reason ? `：${reason}` : ''}；付款期限 ${formatShanghaiDate(accepted.paymentDueAt!)}`,
    })
  })
}
