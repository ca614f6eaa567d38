import { and, eq, inArray, isNull, ne } from 'drizzle-orm'
import { platformNow } from './clock.ts'
import { type Ctx, requireRole } from './context.ts'
import { addCreditRecord } from './credit.ts'
import { bids, objections, projects } from './db/schema-procedures.ts'
import { inTransaction } from './db/transaction.ts'
import { ValidationError } from './errors.ts'
import { notifyOrganisations } from './notifications.ts'
import { lockObjection, resultLink } from './objections.ts'
import { agencyNames, failProject, participantIds, setStatus } from './project-award.ts'
import { recordProjectStep } from './project-events.ts'
import { evaluateProject } from './project-opening.ts'
import { objectionRemedyNames, type RuleObjectionInput } from './validation/objections.ts'

const SUPERSEDED_NOTE =
  '另一质疑经裁决成立，原中选结果已撤销，本质疑随之办结；对新的结果可在其公示期内另行质疑'

/**
 * A supervisor rules on an escalated objection. Upheld with re-evaluation: the bids found
 * invalid leave the ranking and the selection method runs again on the rest (a new award
 * with a new publicity period, or failure). Upheld with a re-run: the procedure fails and the
 * buyer may re-publish it. Dismissed: the objection closes and the award stands.
 */
export async function ruleObjection(ctx: Ctx, objectionId: string, input: RuleObjectionInput) {
  const actor = requireRole(ctx, 'supervisor')
  return inTransaction(ctx.db, async (tx) => {
    const { project, objection } = await lockObjection(tx, objectionId)
    if (objection.closedAt) throw ValidationError.field('reason', '该质疑已办结，不能再裁决')
    if (!objection.escalatedAt)
      throw ValidationError.field('reason', '只有提请监管部门处理的质疑可以裁决')
    const upheld = input.ruling === 'upheld'
    const remedy = upheld ? input.remedy : undefined
    if (upheld && !remedy) throw ValidationError.field('remedy', '质疑成立时请选择处理方式')
    if (upheld && (project.status !== 'awarded' || project.awardFinalAt))
      throw ValidationError.field('ruling', '项目已不在中选公示阶段，不能按质疑成立处理')

    const invalidIds = remedy === 're_evaluate' ? [...new Set(input.invalidBidIds ?? [])] : []
    if (remedy === 're_evaluate' && invalidIds.length === 0)
      throw ValidationError.field('invalidBidIds', '重新评审须至少认定一份报价无效')
    const invalid = invalidIds.length
      ? await tx
          .select({ id: bids.id, agencyId: bids.agencyId })
          .from(bids)
          .where(
            and(
              eq(bids.projectId, project.id),
              inArray(bids.id, invalidIds),
              isNull(bids.withdrawnAt),
              eq(bids.valid, true),
            ),
          )
      : []
    if (invalid.length !== invalidIds.length)
      throw ValidationError.field('invalidBidIds', '所选报价不属于本项目，或已是无效报价')

    const now = await platformNow(tx)
    await tx
      .update(objections)
      .set({
        ruling: input.ruling,
        remedy: remedy ?? null,
        rulingReason: input.reason,
        ruledAt: now,
        ruledBy: actor.userId,
        closedAt: now,
      })
      .where(eq(objections.id, objection.id))
    // The award the other open objections were about is gone with an upheld one.
    const superseded = upheld
      ? await tx
          .update(objections)
          .set({ closedAt: now, rulingReason: SUPERSEDED_NOTE })
          .where(
            and(
              eq(objections.projectId, project.id),
              ne(objections.id, objection.id),
              isNull(objections.closedAt),
            ),
          )
          .returning({ id: objections.id })
      : []
    if (invalid.length)
      await tx
        .update(bids)
        .set({ valid: false, invalidReason: `质疑成立，经监管部门裁决认定无效：${input.reason}` })
        .where(inArray(bids.id, invalidIds))
    for (const bid of invalid)
      await addCreditRecord(
        tx,
        {
          agencyId: bid.agencyId,
          rule: 'objection_upheld',
          sourceType: 'objection',
          sourceId: objection.id,
          projectId: project.id,
          summary: `「${project.title}」的质疑经裁定成立，其报价被认定无效：${input.reason}`,
          createdBy: actor.userId,
        },
        await platformNow(tx),
      )

    const names = await agencyNames(tx, [objection.agencyId, ...invalid.map((b) => b.agencyId)])
    const objector = names.get(objection.agencyId) ?? ''
    const outcome = !upheld
      ? '质疑不成立，予以驳回，中选结果维持'
      : remedy === 're_evaluate'
        ? `质疑成立，认定${invalid.map((b) => names.get(b.agencyId)).join('、')}的报价无效，重新评审`
        : '质疑成立，本次采购活动无效，由采购人重新组织采购'
    await notifyOrganisations(tx, [project.buyerId, ...(await participantIds(tx, project.id))], {
      kind: 'objection.ruled',
      title: `质疑裁决：${project.title}`,
      body: `监管部门对${objector}的质疑作出裁决：${outcome}。理由：${input.reason}`,
      link: resultLink(project.id),
    })
    await recordProjectStep(tx, {
      projectId: project.id,
      actorUserId: actor.userId,
      action: 'objection.ruled',
      summary: `监管部门裁决${objector}的质疑：${outcome}。理由：${input.reason}`,
      data: {
        objectionId: objection.id,
        ruling: input.ruling,
        remedy: remedy ?? null,
        remedyName: remedy ? objectionRemedyNames[remedy] : null,
        invalidBidIds: invalidIds,
        supersededObjectionIds: superseded.map((o) => o.id),
      },
    })

    if (remedy === 're_evaluate') {
      // Until the evaluation awards again there is no winner (it may wait, e.g. for an explanation).
      await tx
        .update(projects)
        .set({ winnerAgencyId: null, awardedPriceFen: null })
        .where(eq(projects.id, project.id))
      await tx.update(bids).set({ rank: null }).where(eq(bids.projectId, project.id))
      const reopened = await setStatus(tx, project, 'opened', now)
      await evaluateProject(
        tx,
        { ...reopened, winnerAgencyId: null, awardedPriceFen: null },
        now,
        actor.userId,
      )
    } else if (remedy === 're_run') {
      await failProject(
        tx,
        project,
        `质疑成立，经监管部门裁决本次采购活动无效，须重新组织采购。理由：${input.reason}`,
        now,
        actor.userId,
      )
    }
  })
}
