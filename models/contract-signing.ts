import { eq } from 'drizzle-orm'
import { platformNow } from './clock.ts'
import type { Ctx } from './context.ts'
import {
  type Contract,
  contractLink,
  currentContractOf,
  drawUpContract,
  endedAgencyIds,
  lockContract,
  recordCreditEvent,
  requireSide,
  setContractStatus,
  syncProjectWithContract,
} from './contracts.ts'
import type { Database } from './db/client.ts'
import { contractMilestones, contracts } from './db/schema-contracts.ts'
import { organisations } from './db/schema.ts'
import { inTransaction } from './db/transaction.ts'
import { ValidationError } from './errors.ts'
import { notifyOrganisations } from './notifications.ts'
import { failProject, passAwardToNextRanked, type ProjectResult } from './project-award.ts'
import { recordProjectStep } from './project-events.ts'
import { lockOwnProject } from './projects.ts'
import { requireOwnOrganisation } from './profiles.ts'
import { type MilestoneShare, splitIntoMilestones } from './rules/milestones.ts'
import { formatShanghaiDate } from './rules/shanghai-time.ts'
import { writeServiceClock } from './service-clock.ts'

function requireSigning(contract: Contract, now: Date, field: string) {
  if (contract.status !== 'signing') throw ValidationError.field(field, '合同不在签约阶段')
  if (now >= contract.signDueAt && !contract.agencySignedAt)
    throw ValidationError.field(field, `签约期限（${formatShanghaiDate(contract.signDueAt)}）已过`)
}

/** The buyer sets payment milestones before either party has signed; none means one payment. */
export async function setMilestones(ctx: Ctx, contractId: string, shares: MilestoneShare[]) {
  return inTransaction(ctx.db, async (tx) => {
    const contract = await lockContract(tx, contractId)
    const actor = requireSide(ctx, contract, 'buyer')
    const now = await platformNow(tx)
    requireSigning(contract, now, 'milestones')
    if (contract.buyerSignedAt || contract.agencySignedAt)
      throw ValidationError.field('milestones', '已有一方签字，付款节点不能再修改')
    const split = splitIntoMilestones(contract.amountFen, shares)
    if (!split.ok) throw ValidationError.field('milestones', split.reason)
    await tx.delete(contractMilestones).where(eq(contractMilestones.contractId, contractId))
    if (split.milestones.length > 0)
      await tx
        .insert(contractMilestones)
        .values(split.milestones.map((m) => ({ ...m, contractId })))
    await recordProjectStep(tx, {
      projectId: contract.projectId,
      actorUserId: actor.userId,
      action: 'contract.milestones_set',
      summary:
        split.milestones.length === 0
          ? '采购人取消分期付款，合同金额一次支付'
          : `采购人设定付款节点：${split.milestones.map((m) => `${m.name} ${m.shareBasisPoints / 100}%`).join('、')}`,
    })
  })
}

/**
 * One party signs. When both have, the contract is in force and the service clock starts.
 * The buyer may still sign after the period if the agency signed in time (its lateness is
 * recorded by the clock), so an agency that signed is never left without a contract.
 */
export async function signContract(ctx: Ctx, contractId: string) {
  return inTransaction(ctx.db, async (tx) => {
    const contract = await lockContract(tx, contractId)
    const side = contract.agencyId === ctx.actor?.organisationId ? 'agency' : 'buyer'
    const actor = requireSide(ctx, contract, side)
    const now = await platformNow(tx)
    requireSigning(contract, now, 'sign')
    if ((side === 'buyer' ? contract.buyerSignedAt : contract.agencySignedAt) !== null)
      throw ValidationError.field('sign', '您方已签字')
    const signed =
      side === 'buyer'
        ? { buyerSignedAt: now, buyerSignedBy: actor.userId }
        : { agencySignedAt: now, agencySignedBy: actor.userId }
    const other = side === 'buyer' ? contract.agencyId : contract.buyerId
    const bothSigned =
      (side === 'buyer' ? contract.agencySignedAt : contract.buyerSignedAt) !== null
    if (!bothSigned) {
      await tx
        .update(contracts)
        .set({ ...signed, updatedAt: now })
        .where(eq(contracts.id, contract.id))
      await notifyOrganisations(tx, [other], {
        kind: 'contract.signed_by_other',
        title: `对方已签订合同 ${contract.number}，请您签字`,
        body: `${contract.title}：请于 ${formatShanghaiDate(contract.signDueAt)} 前在线签订`,
        link: contractLink(contract.id),
      })
      await recordProjectStep(tx, {
        projectId: contract.projectId,
        actorUserId: actor.userId,
        action: 'contract.signed',
        summary: `${side === 'buyer' ? '采购人' : '中选机构'}已在线签订合同 ${contract.number}`,
      })
      return
    }
    const started = await setContractStatus(tx, contract, 'in_service', now, {
      ...signed,
      startedAt: now,
    })
    const clock = await writeServiceClock(tx, started, now)
    await syncProjectWithContract(tx, started, now)
    await notifyOrganisations(tx, [other], {
      kind: 'contract.in_force',
      title: `合同 ${contract.number} 已生效`,
      body: `服务时限 ${contract.timeLimitWorkdays} 个工作日，预计 ${clock.dueDate} 到期`,
      link: contractLink(contract.id),
    })
    await recordProjectStep(tx, {
      projectId: contract.projectId,
      actorUserId: actor.userId,
      action: 'contract.in_force',
      summary: `双方已签订合同 ${contract.number}，服务开始计时（${contract.timeLimitWorkdays} 个工作日）`,
    })
  })
}

/** The winner declines to sign: a credit event, and the buyer chooses what happens next. */
export async function refuseContract(ctx: Ctx, contractId: string, reason: string) {
  const text = reason.trim()
  if (text.length < 2 || text.length > 500)
    throw ValidationError.field('reason', '请填写拒签理由（2–500 字）')
  return inTransaction(ctx.db, async (tx) => {
    const contract = await lockContract(tx, contractId)
    const actor = requireSide(ctx, contract, 'agency')
    const now = await platformNow(tx)
    requireSigning(contract, now, 'reason')
    if (contract.agencySignedAt) throw ValidationError.field('reason', '贵机构已签字，不能拒签')
    await setContractStatus(tx, contract, 'refused', now, { endedAt: now, endReason: text })
    await endWithoutSignature(tx, contract, 'refused_to_sign', `中选机构拒绝签订合同：${text}`, now)
    await recordProjectStep(tx, {
      projectId: contract.projectId,
      actorUserId: actor.userId,
      action: 'contract.refused',
      summary: `中选机构拒绝签订合同 ${contract.number}，理由：${text}`,
    })
  })
}

/** Shared by a refusal and a lapse: the credit event and the buyer's message. */
export async function endWithoutSignature(
  tx: Database,
  contract: Contract,
  kind: 'refused_to_sign' | 'sign_lapsed',
  summary: string,
  now: Date,
) {
  await recordCreditEvent(
    tx,
    {
      organisationId: contract.agencyId,
      kind,
      contractId: contract.id,
      projectId: contract.projectId,
      summary,
    },
    now,
  )
  // The reason typed may end with its own full stop.
  const said = summary.replace(/[。.]+$/, '')
  const notice = { kind: `contract.${kind}`, title: `合同 ${contract.number} 未能签订` }
  await notifyOrganisations(tx, [contract.buyerId], {
    ...notice,
    body: `${said}。采购人可递补排名在后的机构（如有），或重新组织选取。`,
    link: `/projects/${contract.projectId}/manage`,
  })
  // The agency may not manage the project: its link is the contract itself.
  await notifyOrganisations(tx, [contract.agencyId], {
    ...notice,
    body: `${said}。`,
    link: `/contracts/${contract.id}`,
  })
}

/** After a refusal or lapse: the next agency of the published ranking that may still sign. */
export async function nextRankedCandidate(db: Database, projectId: string, result: ProjectResult) {
  const ended = await endedAgencyIds(db, projectId)
  for (const entry of result.ranking) {
    if (ended.has(entry.agencyId)) continue
    const [agency] = await db
      .select({
        suspendedAt: organisations.suspendedAt,
        blacklistedUntil: organisations.blacklistedUntil,
      })
      .from(organisations)
      .where(eq(organisations.id, entry.agencyId))
    if (!agency || agency.suspendedAt) continue
    if (agency.blacklistedUntil && agency.blacklistedUntil > (await platformNow(db))) continue
    return entry
  }
  return null
}

/** The buyer offers the contract to the next-ranked agency, at that agency's own price. */
export async function offerToNextRanked(ctx: Ctx, projectId: string) {
  const { actor, organisationId } = requireOwnOrganisation(ctx, 'department', 'enterprise')
  return inTransaction(ctx.db, async (tx) => {
    const project = await lockOwnProject(tx, organisationId, projectId)
    await requireAwaitingBuyer(tx, project.id, project.status, 'next')
    const entry = await nextRankedCandidate(
      tx,
      project.id,
      project.result as unknown as ProjectResult,
    )
    if (!entry) throw ValidationError.field('next', '排名中已没有可以递补的机构，请重新组织选取')
    const now = await platformNow(tx)
    // Before the contract's step, so its timeline entry and OCDS release see the new winner.
    await passAwardToNextRanked(tx, project.id, entry, now)
    return drawUpContract(tx, project, entry, now, actor.userId)
  })
}

/** The buyer gives up on the ranking: the project fails and can be published again. */
export async function rerunAfterRefusal(ctx: Ctx, projectId: string) {
  const { actor, organisationId } = requireOwnOrganisation(ctx, 'department', 'enterprise')
  return inTransaction(ctx.db, async (tx) => {
    const project = await lockOwnProject(tx, organisationId, projectId)
    await requireAwaitingBuyer(tx, project.id, project.status, 'rerun')
    const now = await platformNow(tx)
    await failProject(tx, project, '中选机构未签订合同，采购人决定重新组织选取', now, actor.userId)
  })
}

async function requireAwaitingBuyer(
  tx: Database,
  projectId: string,
  status: string,
  field: string,
) {
  if (status !== 'awarded') throw ValidationError.field(field, '项目不在等待签约的阶段')
  const current = await currentContractOf(tx, projectId)
  if (current) throw ValidationError.field(field, '项目已有待签或生效的合同')
  const ended = await endedAgencyIds(tx, projectId)
  if (ended.size === 0) throw ValidationError.field(field, '中选结果尚未生效或合同尚未生成')
}
