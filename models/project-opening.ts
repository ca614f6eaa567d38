import { and, eq, isNull } from 'drizzle-orm'
import { agencyStanding } from './agency-standing.ts'
import { setAsideBarredBids } from './blacklist-bids.ts'
import { sha256 } from './audit.ts'
import { runCollusionScreensForProject } from './collusion.ts'
import { unsealBid, unsealSecret } from './bid-sealing.ts'
import type { Database } from './db/client.ts'
import { bids, projects } from './db/schema-procedures.ts'
import { serviceItems } from './db/schema.ts'
import { notifyOrganisations } from './notifications.ts'
import {
  agencyNames,
  awardProject,
  failProject,
  type ProjectResult,
  setStatus,
} from './project-award.ts'
import { recordProjectStep } from './project-events.ts'
import type { Project } from './projects.ts'
import { bidCommitment } from './rules/bid-price.ts'
import { drawCommitment, runDraw } from './rules/draw.ts'
import { BLACKLISTED_REASON, checkEligibility } from './rules/eligibility.ts'
import { formatShanghaiDateTime } from './rules/shanghai-time.ts'
import {
  decideLowestPrice,
  decideScoring,
  type ExplanationStatus,
  MIN_COMPETITIVE_BIDS,
  TOO_FEW_BIDS_REASON,
  type ValidBid,
} from './rules/selection.ts'
import { loadWorkdayCalendar } from './workday-calendar.ts'

/**
 * At the deadline: close the project, unseal every live bid, check each against its
 * commitment and the eligibility rule on the deadline day, publish them, then evaluate.
 * The caller holds the project's row lock.
 */
export async function closeAndOpen(tx: Database, project: Project, now: Date) {
  const closed = await setStatus(tx, project, 'closed', now)
  const live = await tx
    .select()
    .from(bids)
    .where(and(eq(bids.projectId, project.id), isNull(bids.withdrawnAt)))
  await recordProjectStep(tx, {
    projectId: project.id,
    actorUserId: null,
    action: 'project.closed',
    summary: `报价截止，共收到 ${live.length} 份${project.method === 'lottery' ? '报名' : '报价'}`,
  })
  const [item] = await tx
    .select()
    .from(serviceItems)
    .where(eq(serviceItems.code, project.serviceItemCode))
  let validCount = 0
  for (const bid of live) {
    const sealed = unsealBid(project.id, bid.agencyId, bid.sealed)
    const standing = await agencyStanding(
      tx,
      bid.agencyId,
      project.serviceItemCode,
      project.deadlineAt,
    )
    const eligibility = checkEligibility({
      ...standing,
      requiredQualification: item!.qualification,
    })
    // A bid set aside by a blacklisting is opened and published like any invalid bid, with
    // the set-aside reason in place of the bare eligibility one.
    const reasons = bid.setAsideAt
      ? [
          `已被搁置：${bid.setAsideReason ?? ''}`,
          ...eligibility.reasons.filter((r) => r !== BLACKLISTED_REASON),
        ]
      : [...eligibility.reasons]
    if (
      bidCommitment(project.id, bid.agencyId, sealed.priceFen, sealed.salt, sha256) !==
      bid.commitment
    )
      reasons.push('报价与回执承诺值不符')
    if (sealed.priceFen > project.budgetCapFen) reasons.push('报价高于最高限价')
    if (reasons.length === 0) validCount++
    await tx
      .update(bids)
      .set({
        priceFen: sealed.priceFen,
        discountBasisPoints: sealed.discountBasisPoints,
        salt: sealed.salt,
        valid: reasons.length === 0,
        invalidReason: reasons.length ? reasons.join('；') : null,
        creditScore: standing.creditScore,
      })
      .where(eq(bids.id, bid.id))
  }
  const opened = await setStatus(tx, closed, 'opened', now)
  await tx.update(projects).set({ openedAt: now }).where(eq(projects.id, project.id))
  await notifyOrganisations(tx, [project.buyerId, ...live.map((b) => b.agencyId)], {
    kind: 'project.opened',
    title: `已开标：${project.title}`,
    body: `有效${project.method === 'lottery' ? '报名' : '报价'} ${validCount} 份，报价和承诺值已公开，可核对回执。`,
    link: `/projects/${project.id}/opening`,
  })
  await recordProjectStep(tx, {
    projectId: project.id,
    actorUserId: null,
    action: 'project.opened',
    summary: `开标：公开全部报价、承诺值和随机数；有效 ${validCount} 份`,
  })
  await evaluateProject(tx, { ...opened, openedAt: now }, now, null)
  // Prices are public from here on: screen them against the bidders' history while fresh.
  await runCollusionScreensForProject(tx, project.id)
}

async function validBidsOf(tx: Database, projectId: string) {
  return tx
    .select()
    .from(bids)
    .where(and(eq(bids.projectId, projectId), isNull(bids.withdrawnAt), eq(bids.valid, true)))
}

type BidRow = Awaited<ReturnType<typeof validBidsOf>>[number]

const asValidBid = (b: BidRow): ValidBid => ({
  bidId: b.id,
  agencyId: b.agencyId,
  priceFen: b.priceFen!,
  creditScore: b.creditScore ?? 0,
  submittedAt: b.submittedAt,
})

function explanationStatus(b: BidRow): ExplanationStatus | undefined {
  if (b.explanationDecision) return b.explanationDecision
  return b.explanationDueAt ? 'pending' : undefined
}

/** Excluded (invalid) bids of the project with their reasons, for the result. */
async function excludedBids(tx: Database, projectId: string) {
  const rows = await tx
    .select()
    .from(bids)
    .where(and(eq(bids.projectId, projectId), isNull(bids.withdrawnAt), eq(bids.valid, false)))
  const names = await agencyNames(tx, [...rows.map((r) => r.agencyId)])
  return rows.map((r) => ({
    bidId: r.id,
    agencyId: r.agencyId,
    agencyName: names.get(r.agencyId) ?? '',
    reason: r.invalidReason ?? '',
  }))
}

/**
 * Applies the project's selection method to its opened bids: award, fail, or wait (for a
 * buyer's scores or an agency's explanation of an abnormally low price).
 */
export async function evaluateProject(
  tx: Database,
  project: Project,
  now: Date,
  actorUserId: string | null,
) {
  await setAsideBarredBids(tx, project.id, now)
  const valid = await validBidsOf(tx, project.id)
  const names = await agencyNames(
    tx,
    valid.map((b) => b.agencyId),
  )
  const excluded = await excludedBids(tx, project.id)
  const nameOf = (id: string) => names.get(id) ?? ''

  if (project.method === 'lowest_price') {
    const decision = decideLowestPrice({
      bids: valid.map(asValidBid),
      sharePercent: project.abnormalLowPercent,
      explanations: Object.fromEntries(valid.map((b) => [b.id, explanationStatus(b)])),
    })
    if (decision.kind === 'failed')
      return failProject(tx, project, decision.reason, now, actorUserId)
    if (decision.kind === 'awaiting_explanation')
      return requestExplanation(
        tx,
        project,
        valid.find((b) => b.id === decision.bidId)!,
        now,
        nameOf,
      )
    const rejected = new Set(decision.rejectedBidIds)
    const result: ProjectResult = {
      method: project.method,
      ranking: decision.ranking.map((b, i) => ({
        rank: i + 1,
        bidId: b.bidId,
        agencyId: b.agencyId,
        agencyName: nameOf(b.agencyId),
        priceFen: b.priceFen,
        note:
          i === 0
            ? '有效报价最低' +
              (decision.abnormalBidIds.includes(b.bidId) ? '（异常低价说明已被采纳）' : '')
            : '',
      })),
      excluded: [
        ...excluded,
        ...valid
          .filter((b) => rejected.has(b.id))
          .map((b) => ({
            bidId: b.id,
            agencyId: b.agencyId,
            agencyName: nameOf(b.agencyId),
            reason: `异常低价说明未被采纳：${b.explanationDecisionReason ?? ''}`,
          })),
      ],
    }
    return awardProject(tx, project, result, now, actorUserId)
  }

  if (project.method === 'lottery') {
    if (valid.length < MIN_COMPETITIVE_BIDS)
      return failProject(tx, project, `有效报名不足 ${MIN_COMPETITIVE_BIDS} 家`, now, actorUserId)
    const secret = unsealSecret(project.id, project.drawSecretSealed!)
    if (drawCommitment(secret, sha256) !== project.drawCommitment)
      throw new Error('draw secret does not match its commitment')
    // After an upheld objection the original draw stands: the next names in its order move
    // up. Drawing again with the secret already public would let someone pick the winner.
    const earlier = (project.result as ProjectResult | null)?.draw
    const signUpIds = earlier ? earlier.signUpIds : valid.map((b) => b.id)
    const drawn = runDraw({ secretHex: secret, signUpIds, projectId: project.id, sha256 })
    const stillValid = new Set(valid.map((b) => b.id))
    const order = drawn.order.filter((id) => stillValid.has(id))
    const draw = { seedHex: drawn.seedHex, order, backups: order.slice(1, 3) }
    const byId = new Map(valid.map((b) => [b.id, b]))
    const result: ProjectResult = {
      method: project.method,
      ranking: draw.order.map((id, i) => ({
        rank: i + 1,
        bidId: id,
        agencyId: byId.get(id)!.agencyId,
        agencyName: nameOf(byId.get(id)!.agencyId),
        priceFen: byId.get(id)!.priceFen!,
        note: i === 0 ? '抽中' : i <= draw.backups.length ? `候补 ${i}` : '',
      })),
      excluded,
      draw: { secret, seed: draw.seedHex, signUpIds: [...signUpIds].sort(), order: drawn.order },
    }
    return awardProject(tx, project, result, now, actorUserId)
  }

  if (project.method === 'scoring') {
    if (valid.length < MIN_COMPETITIVE_BIDS)
      return failProject(tx, project, TOO_FEW_BIDS_REASON, now, actorUserId)
    if (valid.some((b) => b.qualityScore == null)) return // waits for the buyer's panel
    const decision = decideScoring({
      bids: valid.map((b) => ({ ...asValidBid(b), qualityScore: b.qualityScore! })),
      weights: {
        price: project.weightPrice!,
        quality: project.weightQuality!,
        credit: project.weightCredit!,
      },
    })
    if (decision.kind === 'failed')
      return failProject(tx, project, decision.reason, now, actorUserId)
    const result: ProjectResult = {
      method: project.method,
      ranking: decision.ranking.map((row, i) => ({
        rank: i + 1,
        bidId: row.bidId,
        agencyId: row.agencyId,
        agencyName: nameOf(row.agencyId),
        priceFen: row.priceFen,
        priceScore: row.priceScore,
        qualityScore: row.qualityScore,
        creditScore: row.creditScore,
        total: row.total,
        note: i === 0 ? '综合得分最高' : '',
      })),
      excluded,
    }
    return awardProject(tx, project, result, now, actorUserId)
  }
}

/** The would-be winner's price is abnormally low: it has 2 working days to explain. */
async function requestExplanation(
  tx: Database,
  project: Project,
  bid: BidRow,
  now: Date,
  nameOf: (id: string) => string,
) {
  if (bid.explanationDueAt) return // already asked; waiting
  const calendar = await loadWorkdayCalendar(tx)
  const due = calendar.addWorkdays(now, 2)
  await tx.update(bids).set({ abnormalLow: true, explanationDueAt: due }).where(eq(bids.id, bid.id))
  await notifyOrganisations(tx, [bid.agencyId], {
    kind: 'bid.explanation_requested',
    title: `请说明异常低价：${project.title}`,
    body: `贵机构的报价低于其他有效报价平均值的 ${project.abnormalLowPercent}%，请在 ${formatShanghaiDateTime(due)} 前提交书面说明，否则视为报价无效。`,
    link: `/projects/${project.id}`,
  })
  await recordProjectStep(tx, {
    projectId: project.id,
    actorUserId: null,
    action: 'bid.explanation_requested',
    summary: `最低报价（${nameOf(bid.agencyId)}）低于其他有效报价平均值的 ${project.abnormalLowPercent}%，须在 ${formatShanghaiDateTime(due)} 前说明`,
  })
}
