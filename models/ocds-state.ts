import {
  aliasedTable,
  and,
  asc,
  count,
  desc,
  eq,
  inArray,
  isNotNull,
  isNull,
  sql,
} from 'drizzle-orm'
import type { Database } from './db/client.ts'
import { contractMilestones, contracts, payments } from './db/schema-contracts.ts'
import { ocdsReleases } from './db/schema-ocds.ts'
import { bids, clarifications, projects } from './db/schema-procedures.ts'
import { organisations, serviceItems } from './db/schema.ts'
import { regionLabel } from './regions.ts'
import type {
  OcdsBid,
  OcdsContract,
  OcdsOrganisation,
  OcdsProjectState,
  OcdsResult,
} from './rules/ocds-types.ts'

/**
 * Reads what the OCDS mapping needs about one project, as the public may know it at `now`.
 * Each query names its columns: the sealed bid, the draw secret before its time, people,
 * phones, budget lines and vouchers are never selected.
 */

interface OrganisationRow {
  id: string
  name: string
  uscc: string
  regionCode: string | null
}

const organisation = (r: OrganisationRow): OcdsOrganisation => ({
  id: r.id,
  name: r.name,
  uscc: r.uscc,
  regionName: r.regionCode ? regionLabel(r.regionCode) : null,
})

async function organisationsById(
  tx: Database,
  ids: readonly string[],
): Promise<Record<string, OcdsOrganisation>> {
  if (ids.length === 0) return {}
  const rows = await tx
    .select({
      id: organisations.id,
      name: organisations.name,
      uscc: organisations.uscc,
      regionCode: organisations.regionCode,
    })
    .from(organisations)
    .where(inArray(organisations.id, [...new Set(ids)]))
  return Object.fromEntries(rows.map((r) => [r.id, organisation(r)]))
}

/** Bids are read only once opened: before that, the prices are sealed and not asked for. */
async function openedBids(tx: Database, projectId: string): Promise<OcdsBid[]> {
  const rows = await tx
    .select({
      id: bids.id,
      agencyId: bids.agencyId,
      priceFen: bids.priceFen,
      submittedAt: bids.submittedAt,
      valid: bids.valid,
      invalidReason: bids.invalidReason,
      rank: bids.rank,
    })
    .from(bids)
    .where(and(eq(bids.projectId, projectId), isNull(bids.withdrawnAt)))
    .orderBy(sql`${bids.rank} asc nulls last`, asc(bids.priceFen), asc(bids.submittedAt))
  return rows.map((b) => ({ ...b, priceFen: b.priceFen!, valid: b.valid === true }))
}

async function liveBidCount(tx: Database, projectId: string) {
  const [row] = await tx
    .select({ n: count() })
    .from(bids)
    .where(and(eq(bids.projectId, projectId), isNull(bids.withdrawnAt)))
  return row!.n
}

/** Answered questions and the buyer's supplements; who asked is not selected. */
function answeredClarifications(tx: Database, projectId: string) {
  return tx
    .select({
      id: clarifications.id,
      supplement: sql<boolean>`${clarifications.askedByAgencyId} is null`,
      question: clarifications.question,
      answer: clarifications.answer,
      askedAt: clarifications.askedAt,
      answeredAt: clarifications.answeredAt,
      changesScope: clarifications.changesScope,
      deadlineBefore: clarifications.deadlineBefore,
      deadlineAfter: clarifications.deadlineAfter,
    })
    .from(clarifications)
    .where(and(eq(clarifications.projectId, projectId), isNotNull(clarifications.answeredAt)))
    .orderBy(asc(clarifications.answeredAt), asc(clarifications.id))
}

async function projectContracts(tx: Database, projectId: string): Promise<OcdsContract[]> {
  const rows = await tx
    .select({
      id: contracts.id,
      number: contracts.number,
      rank: contracts.rank,
      agencyId: contracts.agencyId,
      amountFen: contracts.amountFen,
      status: contracts.status,
      createdAt: contracts.createdAt,
      startedAt: contracts.startedAt,
      dueDate: contracts.dueDate,
      overdueAt: contracts.overdueAt,
      acceptedAt: contracts.acceptedAt,
      paidAt: contracts.paidAt,
      evaluationDueAt: contracts.evaluationDueAt,
      evaluatedAt: contracts.evaluatedAt,
      endedAt: contracts.endedAt,
      endReason: contracts.endReason,
    })
    .from(contracts)
    .where(eq(contracts.projectId, projectId))
    .orderBy(asc(contracts.createdAt), asc(contracts.id))
  if (rows.length === 0) return []
  const ids = rows.map((r) => r.id)
  // One query at a time: a transaction is one connection.
  const milestones = await tx
    .select({
      id: contractMilestones.id,
      contractId: contractMilestones.contractId,
      seq: contractMilestones.seq,
      name: contractMilestones.name,
      shareBasisPoints: contractMilestones.shareBasisPoints,
      amountFen: contractMilestones.amountFen,
    })
    .from(contractMilestones)
    .where(inArray(contractMilestones.contractId, ids))
    .orderBy(asc(contractMilestones.seq))
  // Money that arrived; a pending or expired checkout moved nothing.
  const paid = await tx
    .select({
      id: payments.id,
      contractId: payments.contractId,
      milestoneId: payments.milestoneId,
      amountFen: payments.amountFen,
      paidOn: payments.paidOn,
      paidAt: payments.paidAt,
      refundedAt: payments.refundedAt,
    })
    .from(payments)
    .where(and(inArray(payments.contractId, ids), isNotNull(payments.paidAt)))
    .orderBy(asc(payments.paidAt), asc(payments.id))
  return rows.map((c) => ({
    ...c,
    milestones: milestones
      .filter((m) => m.contractId === c.id)
      .map(({ contractId: _c, ...m }) => {
        const settled = paid.filter((p) => p.milestoneId === m.id && !p.refundedAt)
        return { ...m, paidAt: settled.at(-1)?.paidAt ?? null }
      }),
    payments: paid
      .filter((p) => p.contractId === c.id)
      .map(({ contractId: _c, milestoneId: _m, ...p }) => p),
  }))
}

/** The ocid under which an earlier project was published, for relatedProcesses. */
async function ocidOfProject(tx: Database, projectId: string) {
  const [row] = await tx
    .select({ ocid: ocdsReleases.ocid })
    .from(ocdsReleases)
    .where(eq(ocdsReleases.projectId, projectId))
    .orderBy(desc(ocdsReleases.seq))
    .limit(1)
  return row?.ocid ?? null
}

interface StoredResult {
  ranking?: (OcdsResult['ranking'][number] & { agencyName?: string })[]
  excluded?: { bidId: string; agencyId: string; reason: string }[]
  draw?: { secret: string; seed: string }
}

function publicResult(result: Record<string, unknown> | null): OcdsResult | null {
  const stored = result as StoredResult | null
  if (!stored?.ranking) return null
  return {
    ranking: stored.ranking.map((e) => ({
      rank: e.rank,
      bidId: e.bidId,
      agencyId: e.agencyId,
      priceFen: e.priceFen,
      note: e.note,
      priceScore: e.priceScore,
      qualityScore: e.qualityScore,
      creditScore: e.creditScore,
      total: e.total,
    })),
    excluded: (stored.excluded ?? []).map((e) => ({
      bidId: e.bidId,
      agencyId: e.agencyId,
      reason: e.reason,
    })),
    draw: stored.draw ? { secret: stored.draw.secret, seed: stored.draw.seed } : undefined,
  }
}

const buyer = aliasedTable(organisations, 'buyer')

/** A published project with its item and buyer; null for a draft or an unknown id. */
export async function readPublishedProject(tx: Database, projectId: string) {
  const [row] = await tx
    .select({
      project: {
        id: projects.id,
        title: projects.title,
        scope: projects.scope,
        status: projects.status,
        method: projects.method,
        funding: projects.funding,
        budgetCapFen: projects.budgetCapFen,
        serviceItemCode: projects.serviceItemCode,
        weightPrice: projects.weightPrice,
        weightQuality: projects.weightQuality,
        weightCredit: projects.weightCredit,
        publishedAt: projects.publishedAt,
        deadlineAt: projects.deadlineAt,
        openedAt: projects.openedAt,
        awardedAt: projects.awardedAt,
        publicityEndsAt: projects.publicityEndsAt,
        awardFinalAt: projects.awardFinalAt,
        endedAt: projects.endedAt,
        endReason: projects.endReason,
        winnerAgencyId: projects.winnerAgencyId,
        directAgencyId: projects.directAgencyId,
        drawCommitment: projects.drawCommitment,
        result: projects.result,
        republishedFrom: projects.republishedFrom,
      },
      itemName: serviceItems.name,
      buyer: {
        id: buyer.id,
        name: buyer.name,
        uscc: buyer.uscc,
        regionCode: buyer.regionCode,
      },
    })
    .from(projects)
    .innerJoin(serviceItems, eq(serviceItems.code, projects.serviceItemCode))
    .innerJoin(buyer, eq(buyer.id, projects.buyerId))
    .where(eq(projects.id, projectId))
  if (!row || row.project.status === 'draft' || !row.project.publishedAt) return null
  return { ...row, project: { ...row.project, publishedAt: row.project.publishedAt } }
}

export type PublishedProject = NonNullable<Awaited<ReturnType<typeof readPublishedProject>>>

/** The project's public state under `ocid` at `now`. Queries only what its stage can have. */
export async function loadOcdsState(
  tx: Database,
  row: PublishedProject,
  ocid: string,
  now: Date,
): Promise<OcdsProjectState> {
  const p = row.project
  const opened = p.openedAt != null
  // The count is public from the deadline, like the project page's (project-disclosure.ts).
  const countable =
    p.method !== 'direct' &&
    !(p.status === 'cancelled' && !opened) &&
    (opened || now >= p.deadlineAt)
  const bidRows = opened ? await openedBids(tx, p.id) : null
  const bidCount = bidRows ? bidRows.length : countable ? await liveBidCount(tx, p.id) : null
  const answered = await answeredClarifications(tx, p.id)
  // Contracts are drawn up from an award, never before.
  const contractRows = p.awardedAt ? await projectContracts(tx, p.id) : []
  const republishedFromOcid = p.republishedFrom ? await ocidOfProject(tx, p.republishedFrom) : null
  const result = p.awardedAt ? publicResult(p.result) : null
  const agencyIds = [
    ...(bidRows ?? []).map((b) => b.agencyId),
    ...(result?.ranking ?? []).map((e) => e.agencyId),
    ...(result?.excluded ?? []).map((e) => e.agencyId),
    ...contractRows.map((c) => c.agencyId),
    ...[p.directAgencyId, p.winnerAgencyId].filter((id): id is string => id != null),
  ]
  const agencies = await organisationsById(tx, agencyIds)
  const scoring = p.method === 'scoring'
  return {
    ocid,
    project: {
      id: p.id,
      title: p.title,
      scope: p.scope,
      status: p.status,
      method: p.method,
      funding: p.funding,
      budgetCapFen: p.budgetCapFen,
      serviceItemCode: p.serviceItemCode,
      serviceItemName: row.itemName,
      weights: scoring
        ? { price: p.weightPrice!, quality: p.weightQuality!, credit: p.weightCredit! }
        : null,
      publishedAt: p.publishedAt,
      deadlineAt: p.deadlineAt,
      openedAt: p.openedAt,
      awardedAt: p.awardedAt,
      publicityEndsAt: p.publicityEndsAt,
      awardFinalAt: p.awardFinalAt,
      endedAt: p.endedAt,
      endReason: p.endReason,
      winnerAgencyId: p.winnerAgencyId,
      directAgencyId: p.directAgencyId,
      drawCommitment: p.drawCommitment,
      republishedFromOcid,
    },
    result,
    buyer: organisation(row.buyer),
    agencies,
    bidCount,
    bids: bidRows,
    clarifications: answered.map((c) => ({
      id: c.id,
      kind: c.supplement ? 'supplement' : 'question',
      question: c.question,
      answer: c.answer ?? '',
      askedAt: c.askedAt,
      answeredAt: c.answeredAt!,
      changesScope: c.changesScope,
      deadlineBefore: c.deadlineBefore,
      deadlineAfter: c.deadlineAfter,
    })),
    contracts: contractRows,
  }
}
