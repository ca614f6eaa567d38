import { and, asc, desc, eq, inArray, like } from 'drizzle-orm'
import { platformNow } from './clock.ts'
import { requireContractViewer } from './contract-access.ts'
import type { Ctx } from './context.ts'
import type { Database } from './db/client.ts'
import { nextRankedCandidate } from './contract-signing.ts'
import {
  contracts,
  contractExtensions,
  contractMilestones,
  contractPauses,
  deliveries,
  deliveryFiles,
} from './db/schema-contracts.ts'
import { projectEvents } from './db/schema-procedures.ts'
import { organisations, uploads } from './db/schema.ts'
import type { ProjectResult } from './project-award.ts'
import type { Project } from './projects.ts'
import { readContractClock } from './service-clock.ts'

async function deliveryRounds(db: Database, contractId: string) {
  const rounds = await db
    .select()
    .from(deliveries)
    .where(eq(deliveries.contractId, contractId))
    .orderBy(desc(deliveries.round))
  const ids = rounds.map((r) => r.id)
  const files =
    ids.length === 0
      ? []
      : await db
          .select({
            deliveryId: deliveryFiles.deliveryId,
            uploadId: deliveryFiles.uploadId,
            name: uploads.originalName,
            size: uploads.size,
          })
          .from(deliveryFiles)
          .innerJoin(uploads, eq(uploads.id, deliveryFiles.uploadId))
          .where(inArray(deliveryFiles.deliveryId, ids))
          .orderBy(asc(deliveryFiles.seq))
  return rounds.map((r) => ({
    id: r.id,
    round: r.round,
    note: r.note,
    submittedAt: r.submittedAt,
    decision: r.decision,
    decisionReason: r.decisionReason,
    decidedAt: r.decidedAt,
    files: files.filter((f) => f.deliveryId === r.id),
  }))
}

/** Everything the contract page shows, and what the actor may do on it. */
export async function getContractPage(ctx: Ctx, contractId: string) {
  const { contract, viewer } = await requireContractViewer(ctx, contractId)
  const now = await platformNow(ctx.db)
  const [milestones, pauses, extensions, rounds, clock, timeline] = await Promise.all([
    ctx.db
      .select()
      .from(contractMilestones)
      .where(eq(contractMilestones.contractId, contractId))
      .orderBy(asc(contractMilestones.seq)),
    ctx.db
      .select({
        id: contractPauses.id,
        reason: contractPauses.reason,
        startedAt: contractPauses.startedAt,
        endedAt: contractPauses.endedAt,
      })
      .from(contractPauses)
      .where(eq(contractPauses.contractId, contractId))
      .orderBy(desc(contractPauses.startedAt)),
    ctx.db
      .select({
        id: contractExtensions.id,
        workdays: contractExtensions.workdays,
        reason: contractExtensions.reason,
        requestedAt: contractExtensions.requestedAt,
        decision: contractExtensions.decision,
        decisionReason: contractExtensions.decisionReason,
        decidedAt: contractExtensions.decidedAt,
      })
      .from(contractExtensions)
      .where(eq(contractExtensions.contractId, contractId))
      .orderBy(desc(contractExtensions.requestedAt)),
    deliveryRounds(ctx.db, contractId),
    readContractClock(ctx.db, contract, now),
    ctx.db
      .select({
        id: projectEvents.id,
        summary: projectEvents.summary,
        occurredAt: projectEvents.occurredAt,
      })
      .from(projectEvents)
      .where(
        and(
          eq(projectEvents.projectId, contract.projectId),
          like(projectEvents.kind, 'contract.%'),
        ),
      )
      .orderBy(desc(projectEvents.id))
      .limit(50),
  ])
  const isBuyer = viewer === 'buyer'
  const isAgency = viewer === 'agency'
  const signing = contract.status === 'signing'
  const running = contract.status === 'in_service'
  const paused = pauses.some((p) => p.endedAt === null)
  const openExtension = extensions.find((e) => e.decidedAt === null) ?? null
  const mySignature = isBuyer ? contract.buyerSignedAt : isAgency ? contract.agencySignedAt : null
  const beforeDue = now < contract.signDueAt
  return {
    contract,
    viewer,
    now,
    milestones,
    pauses,
    extensions,
    rounds,
    clock,
    timeline,
    can: {
      setMilestones: isBuyer && signing && !contract.buyerSignedAt && !contract.agencySignedAt,
      sign:
        (isBuyer || isAgency) &&
        signing &&
        mySignature === null &&
        (beforeDue || (isBuyer && contract.agencySignedAt !== null)),
      refuse: isAgency && signing && !contract.agencySignedAt && beforeDue,
      // Overdue, a pause would take back days already overrun (pauseForOwner refuses it).
      pause: (isBuyer || isAgency) && running && !paused && !clock?.overdue,
      resume: (isBuyer || isAgency) && running && paused,
      requestExtension:
        isAgency && (running || contract.status === 'delivered') && openExtension === null,
      decideExtension: isBuyer && openExtension !== null,
      deliver: isAgency && running && !paused,
      decideDelivery: isBuyer && contract.status === 'delivered',
      cancel: isBuyer && (running || contract.status === 'delivered'),
    },
    openExtension,
  }
}

export type ContractPageData = Awaited<ReturnType<typeof getContractPage>>

/** The project's contracts for its buyer, and whether the buyer must choose what comes next. */
export async function getProjectContracts(
  db: Database,
  project: Pick<Project, 'id' | 'status' | 'result'>,
) {
  const rows = await db
    .select({
      id: contracts.id,
      number: contracts.number,
      rank: contracts.rank,
      status: contracts.status,
      amountFen: contracts.amountFen,
      agencyName: organisations.name,
      endReason: contracts.endReason,
      signDueAt: contracts.signDueAt,
    })
    .from(contracts)
    .innerJoin(organisations, eq(organisations.id, contracts.agencyId))
    .where(eq(contracts.projectId, project.id))
    .orderBy(asc(contracts.createdAt))
  const unsettled =
    project.status === 'awarded' &&
    rows.length > 0 &&
    rows.every((r) => r.status === 'refused' || r.status === 'lapsed')
  const next =
    unsettled && project.result
      ? await nextRankedCandidate(db, project.id, project.result as unknown as ProjectResult)
      : null
  return {
    contracts: rows,
    awaitingChoice: unsettled,
    next: next ? { agencyName: next.agencyName, priceFen: next.priceFen, rank: next.rank } : null,
  }
}
