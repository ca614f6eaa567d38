import { and, eq } from 'drizzle-orm'
import { platformNow } from './clock.ts'
import { addCreditRecord } from './credit.ts'
import { evaluationPoints } from './rules/credit-rules.ts'
import { isApprovalDepartmentFor } from './contract-access.ts'
import { type Actor, type Ctx, requireRole } from './context.ts'
import {
  type Contract,
  contractLink,
  lockContract,
  sideOf,
  syncProjectWithContract,
} from './contracts.ts'
import type { Database } from './db/client.ts'
import { contracts, evaluations } from './db/schema-contracts.ts'
import { organisations } from './db/schema.ts'
import { inTransaction } from './db/transaction.ts'
import { ForbiddenError, NotFoundError, ValidationError } from './errors.ts'
import { notifyOrganisations } from './notifications.ts'
import { requireOwnOrganisation } from './profiles.ts'
import { recordProjectStep } from './project-events.ts'
import {
  checkEvaluationWindow,
  COMMENT_MAX_LENGTH,
  dimensionsOf,
  formatScore,
  isScore,
  type RaterKind,
  raterKindNames,
  ratingMean,
  scoreDimensionNames,
  type Scores,
} from './rules/evaluations.ts'
import type { RatingInput } from './validation/evaluations.ts'
import { isUuid } from './validation/registry.ts'

// Reading evaluations (the contract page, the agency's public profile) is in evaluation-queries.ts.

export type Evaluation = typeof evaluations.$inferSelect

/** The five ratings of an evaluation, as selected wherever scores are computed. */
export const ratingColumns = {
  quality: evaluations.quality,
  timeliness: evaluations.timeliness,
  attitude: evaluations.attitude,
  fees: evaluations.fees,
  conduct: evaluations.conduct,
}

export const evaluationLink = (contractId: string) => `${contractLink(contractId)}/evaluation`

/**
 * How the actor may rate this contract: as its buyer (all five scores), or as the approval
 * department for its item in the project's city (quality only). A buyer that happens to be
 * the approval authority too rates once, as the buyer.
 */
export async function raterKindOf(
  db: Database,
  actor: Actor,
  contract: Contract,
): Promise<RaterKind | null> {
  if (sideOf(actor, contract) === 'buyer') return 'buyer'
  if (
    actor.role === 'department' &&
    actor.organisationId &&
    (await isApprovalDepartmentFor(db, actor.organisationId, contract))
  )
    return 'approval_department'
  return null
}

/**
 * Anyone may sign up as a department and name an approval authority, so only one a
 * supervisor has verified (and not suspended) may rate as that authority.
 */
export async function isVerifiedDepartment(db: Database, organisationId: string) {
  const [org] = await db
    .select({ verifiedAt: organisations.verifiedAt, suspendedAt: organisations.suspendedAt })
    .from(organisations)
    .where(eq(organisations.id, organisationId))
  return org?.verifiedAt != null && org.suspendedAt == null
}

export const UNVERIFIED_RATER = '审批部门须经监管部门核验后才能评价'

/** The scores this kind of rater gives, each a whole 1–5; a missing one is a field error. */
function scoresFor(kind: RaterKind, input: RatingInput): Scores & { quality: number } {
  const wanted = dimensionsOf(kind)
  const errors: Record<string, string[]> = {}
  for (const d of wanted)
    if (!isScore(input[d])) errors[d] = [`“${scoreDimensionNames[d]}”请选择 1–5 分`]
  if ((input.comment ?? '').length > COMMENT_MAX_LENGTH)
    errors.comment = [`评价内容最多 ${COMMENT_MAX_LENGTH} 个字`]
  if (Object.keys(errors).length > 0) throw new ValidationError(errors)
  const pick = (d: keyof Scores) => (wanted.includes(d) ? (input[d] ?? null) : null)
  return {
    quality: input.quality,
    timeliness: pick('timeliness'),
    attitude: pick('attitude'),
    fees: pick('fees'),
    conduct: pick('conduct'),
  }
}

/**
 * Rates an accepted contract within its evaluation period (by the database clock). The
 * buyer's rating completes the contract's evaluation and moves the project to 'evaluated'
 * once it is paid too.
 */
export async function rateContract(ctx: Ctx, contractId: string, input: RatingInput) {
  const actor = requireRole(ctx, 'department', 'enterprise')
  return inTransaction(ctx.db, async (tx) => {
    const contract = await lockContract(tx, contractId)
    const kind = await raterKindOf(tx, actor, contract)
    if (!kind) throw new ForbiddenError('只有本合同的采购人和负责审批的部门可以评价')
    if (kind === 'approval_department' && !(await isVerifiedDepartment(tx, actor.organisationId!)))
      throw new ForbiddenError(UNVERIFIED_RATER)
    const scores = scoresFor(kind, input)
    const [existing] = await tx
      .select({ id: evaluations.id })
      .from(evaluations)
      .where(and(eq(evaluations.contractId, contract.id), eq(evaluations.raterKind, kind)))
    if (existing) throw ValidationError.field('', '已评价：每份合同每方只能评价一次')
    const now = await platformNow(tx)
    const window = checkEvaluationWindow(contract, now)
    if (!window.ok) throw ValidationError.field('', window.reason)
    const [row] = await tx
      .insert(evaluations)
      .values({
        contractId: contract.id,
        agencyId: contract.agencyId,
        raterKind: kind,
        raterOrganisationId: actor.organisationId!,
        raterUserId: actor.userId,
        ...scores,
        comment: (input.comment ?? '').trim(),
        createdAt: now,
      })
      .returning()
    if (kind === 'buyer') {
      const [updated] = await tx
        .update(contracts)
        .set({ evaluatedAt: now, updatedAt: now })
        .where(eq(contracts.id, contract.id))
        .returning()
      await syncProjectWithContract(tx, updated!, now)
      const average = ratingMean(scores)!
      await addCreditRecord(
        tx,
        {
          agencyId: contract.agencyId,
          rule: 'evaluation',
          points: evaluationPoints(average, contract.amountFen),
          sourceType: 'evaluation',
          sourceId: row!.id,
          projectId: contract.projectId,
          summary: `合同 ${contract.number} 采购人评价平均 ${formatScore(average)} 分`,
        },
        now,
      )
    }
    const what =
      kind === 'buyer'
        ? `采购人对服务作出评价，平均 ${formatScore(ratingMean(scores)!)} 分`
        : `审批部门对服务成果质量作出评价：${scores.quality} 分`
    await notifyOrganisations(tx, [contract.agencyId], {
      kind: 'evaluation.rated',
      title: `收到服务评价：${contract.title}`,
      body: `${what}（合同 ${contract.number}）。贵机构可对每条评价回复一次。`,
      link: evaluationLink(contract.id),
    })
    await recordProjectStep(tx, {
      projectId: contract.projectId,
      actorUserId: actor.userId,
      action: 'evaluation.rated',
      summary: what,
      data: { contractId: contract.id, evaluationId: row!.id, raterKind: kind, ...scores },
    })
    return row!
  })
}

/** Locks one evaluation, with its contract's project and title for the timeline. */
async function lockEvaluation(tx: Database, evaluationId: string) {
  if (!isUuid(evaluationId)) throw new NotFoundError('评价不存在')
  const [evaluation] = await tx
    .select()
    .from(evaluations)
    .where(eq(evaluations.id, evaluationId))
    .for('update')
  if (!evaluation) throw new NotFoundError('评价不存在')
  const [contract] = await tx
    .select({ projectId: contracts.projectId, title: contracts.title, number: contracts.number })
    .from(contracts)
    .where(eq(contracts.id, evaluation.contractId))
  return { evaluation, contract: contract! }
}

function checkedText(field: string, label: string, value: string, min: number, max: number) {
  const text = value.trim()
  if (text.length < min) throw ValidationError.field(field, `${label}至少 ${min} 个字`)
  if (text.length > max) throw ValidationError.field(field, `${label}最多 ${max} 个字`)
  return text
}

/** The rated agency answers an evaluation, once; the answer is public beside it. */
export async function replyToEvaluation(ctx: Ctx, evaluationId: string, text: string) {
  const { actor, organisationId } = requireOwnOrganisation(ctx, 'agency')
  const reply = checkedText('reply', '回复内容', text, 2, 1000)
  return inTransaction(ctx.db, async (tx) => {
    const { evaluation, contract } = await lockEvaluation(tx, evaluationId)
    if (evaluation.agencyId !== organisationId)
      throw new ForbiddenError('只有被评价的机构可以回复评价')
    if (evaluation.reply != null)
      throw ValidationError.field('reply', '已回复：每条评价只能回复一次')
    const now = await platformNow(tx)
    await tx
      .update(evaluations)
      .set({ reply, repliedAt: now, repliedBy: actor.userId })
      .where(eq(evaluations.id, evaluation.id))
    await notifyOrganisations(tx, [evaluation.raterOrganisationId], {
      kind: 'evaluation.replied',
      title: `承接机构回复了您的评价：${contract.title}`,
      body: `合同 ${contract.number} 的承接机构对贵单位的评价作出了回复。`,
      link: evaluationLink(evaluation.contractId),
    })
    await recordProjectStep(tx, {
      projectId: contract.projectId,
      actorUserId: actor.userId,
      action: 'evaluation.replied',
      summary: `承接机构回复了${raterKindNames[evaluation.raterKind]}的评价`,
      data: { contractId: evaluation.contractId, evaluationId: evaluation.id },
    })
  })
}

/**
 * A supervisor hides an abusive comment: the scores stay and still count, the public sees
 * the reason in the comment's place. The text itself is kept for the record.
 */
export async function hideEvaluationComment(ctx: Ctx, evaluationId: string, reason: string) {
  const actor = requireRole(ctx, 'supervisor')
  const why = checkedText('reason', '隐藏理由', reason, 2, 500)
  return inTransaction(ctx.db, async (tx) => {
    const { evaluation, contract } = await lockEvaluation(tx, evaluationId)
    if (evaluation.hiddenAt) throw ValidationError.field('reason', '该评价内容已隐藏')
    if (evaluation.comment === '')
      throw ValidationError.field('reason', '该评价没有文字内容，无需隐藏')
    const now = await platformNow(tx)
    await tx
      .update(evaluations)
      .set({ hiddenAt: now, hiddenReason: why, hiddenBy: actor.userId })
      .where(eq(evaluations.id, evaluation.id))
    await notifyOrganisations(tx, [evaluation.raterOrganisationId], {
      kind: 'evaluation.comment_hidden',
      title: `您的评价内容已被隐藏：${contract.title}`,
      body: `监管部门隐藏了贵单位对合同 ${contract.number} 的评价文字（评分保留），理由：${why}`,
      link: evaluationLink(evaluation.contractId),
    })
    await recordProjectStep(tx, {
      projectId: contract.projectId,
      actorUserId: actor.userId,
      action: 'evaluation.comment_hidden',
      summary: `监管部门隐藏了${raterKindNames[evaluation.raterKind]}评价中的文字内容，理由：${why}`,
      data: { contractId: evaluation.contractId, evaluationId: evaluation.id, reason: why },
    })
  })
}
