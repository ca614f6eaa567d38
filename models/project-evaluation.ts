import { and, eq, isNull } from 'drizzle-orm'
import { requireEligibleAgency } from './agency-standing.ts'
import { platformNow } from './clock.ts'
import type { Ctx } from './context.ts'
import { bids } from './db/schema-procedures.ts'
import { inTransaction } from './db/transaction.ts'
import { ForbiddenError, NotFoundError, ValidationError } from './errors.ts'
import { notifyOrganisations } from './notifications.ts'
import { agencyNames, awardProject, failProject } from './project-award.ts'
import { recordProjectStep } from './project-events.ts'
import { evaluateProject } from './project-opening.ts'
import { lockOwnProject, lockProject } from './projects.ts'
import { requireOwnOrganisation } from './profiles.ts'
import { checkBidPrice } from './rules/bid-price.ts'

function requireBuyer(ctx: Ctx) {
  const { actor, organisationId } = requireOwnOrganisation(ctx, 'department', 'enterprise')
  return { userId: actor.userId, organisationId }
}

/** The buyer's panel scores every valid bid (0–100); the last score decides the award. */
export async function enterQualityScores(
  ctx: Ctx,
  projectId: string,
  scores: Record<string, number>,
) {
  const { userId, organisationId } = requireBuyer(ctx)
  return inTransaction(ctx.db, async (tx) => {
    const project = await lockOwnProject(tx, organisationId, projectId)
    if (project.method !== 'scoring' || project.status !== 'opened')
      throw new ValidationError({ scores: ['只有已开标、待评审的综合评分项目可以打分'] })
    const valid = await tx
      .select({ id: bids.id })
      .from(bids)
      .where(and(eq(bids.projectId, projectId), isNull(bids.withdrawnAt), eq(bids.valid, true)))
    const errors: Record<string, string[]> = {}
    for (const bid of valid) {
      const score = scores[bid.id]
      if (score == null || !Number.isInteger(score) || score < 0 || score > 100)
        errors[`score.${bid.id}`] = ['请填写 0–100 的整数']
    }
    if (Object.keys(errors).length) throw new ValidationError(errors)
    for (const bid of valid)
      await tx.update(bids).set({ qualityScore: scores[bid.id]! }).where(eq(bids.id, bid.id))
    const now = await platformNow(tx)
    await recordProjectStep(tx, {
      projectId,
      actorUserId: userId,
      action: 'project.scored',
      summary: `评审打分完成（${valid.length} 份有效报价）`,
    })
    await evaluateProject(tx, project, now, userId)
  })
}

/** The agency explains its abnormally low price before the due time. */
export async function explainLowPrice(ctx: Ctx, projectId: string, explanation: string) {
  const { actor, organisationId } = requireOwnOrganisation(ctx, 'agency')
  return inTransaction(ctx.db, async (tx) => {
    const project = await lockProject(tx, projectId)
    const [bid] = await tx
      .select()
      .from(bids)
      .where(and(eq(bids.projectId, projectId), eq(bids.agencyId, organisationId)))
      .for('update')
    if (!bid?.explanationDueAt || project.status !== 'opened')
      throw new NotFoundError('没有需要说明的报价')
    if (bid.explainedAt)
      throw new ValidationError({ explanation: ['已提交说明，请等待采购人决定'] })
    const now = await platformNow(tx)
    if (now >= bid.explanationDueAt) throw new ValidationError({ explanation: ['说明期限已过'] })
    await tx.update(bids).set({ explanation, explainedAt: now }).where(eq(bids.id, bid.id))
    await notifyOrganisations(tx, [project.buyerId], {
      kind: 'bid.explained',
      title: `异常低价说明已提交：${project.title}`,
      body: '请审阅说明并决定是否采纳。',
      link: `/projects/${projectId}/manage`,
    })
    await recordProjectStep(tx, {
      projectId,
      actorUserId: actor.userId,
      action: 'bid.explained',
      summary: '最低报价机构提交了异常低价说明',
    })
  })
}

/** The buyer accepts or rejects the explanation, with a reason; rejection moves to the next bid. */
export async function decideExplanation(
  ctx: Ctx,
  projectId: string,
  input: { decision: 'accepted' | 'rejected'; reason: string },
) {
  const { userId, organisationId } = requireBuyer(ctx)
  return inTransaction(ctx.db, async (tx) => {
    const project = await lockOwnProject(tx, organisationId, projectId)
    const [bid] = await tx
      .select()
      .from(bids)
      .where(
        and(
          eq(bids.projectId, projectId),
          eq(bids.abnormalLow, true),
          isNull(bids.explanationDecision),
        ),
      )
      .for('update')
    if (!bid?.explainedAt || project.status !== 'opened')
      throw new ValidationError({ reason: ['没有待决定的异常低价说明'] })
    await tx
      .update(bids)
      .set({ explanationDecision: input.decision, explanationDecisionReason: input.reason })
      .where(eq(bids.id, bid.id))
    const name = (await agencyNames(tx, [bid.agencyId])).get(bid.agencyId)
    await notifyOrganisations(tx, [bid.agencyId], {
      kind: 'bid.explanation_decided',
      title: `异常低价说明${input.decision === 'accepted' ? '已采纳' : '未被采纳'}：${project.title}`,
      body: input.reason,
      link: `/projects/${projectId}`,
    })
    await recordProjectStep(tx, {
      projectId,
      actorUserId: userId,
      action: 'bid.explanation_decided',
      summary: `采购人${input.decision === 'accepted' ? '采纳' : '不采纳'}${name}的异常低价说明，理由：${input.reason}`,
    })
    await evaluateProject(tx, project, await platformNow(tx), userId)
  })
}

/** Direct selection: the invited agency accepts at a price within cap and its own fee, or declines. */
export async function respondToInvitation(
  ctx: Ctx,
  projectId: string,
  input: { accept: true; priceFen: number } | { accept: false; reason: string },
) {
  const { actor, organisationId } = requireOwnOrganisation(ctx, 'agency')
  return inTransaction(ctx.db, async (tx) => {
    const project = await lockProject(tx, projectId)
    if (project.method !== 'direct' || project.directAgencyId !== organisationId)
      throw new ForbiddenError('本项目没有邀请贵机构')
    const now = await platformNow(tx)
    if (project.status !== 'published' || now >= project.deadlineAt)
      // Beside the field of the form that was sent: the price to accept, the reason to decline.
      throw ValidationError.field(input.accept ? 'price' : 'reason', '邀请已结束，不能再答复')
    const name = (await agencyNames(tx, [organisationId])).get(organisationId) ?? ''
    if (!input.accept)
      return failProject(tx, project, `${name}谢绝承接：${input.reason}`, now, actor.userId)
    const { standing } = await requireEligibleAgency(tx, project, organisationId)
    const check = checkBidPrice({
      priceFen: input.priceFen,
      capFen: project.budgetCapFen,
      offeringFeeMaxFen: standing.offeringFeeMaxFen,
    })
    if (!check.ok) throw ValidationError.field('price', check.reason)
    await awardProject(
      tx,
      project,
      {
        method: 'direct',
        ranking: [
          {
            rank: 1,
            bidId: '',
            agencyId: organisationId,
            agencyName: name,
            priceFen: input.priceFen,
            note: '企业直接选取，机构已接受',
          },
        ],
        excluded: [],
      },
      now,
      actor.userId,
      { final: true },
    )
  })
}
