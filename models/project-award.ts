import { and, eq, inArray, isNull } from 'drizzle-orm'
import type { Database } from './db/client.ts'
import { bids, projects } from './db/schema-procedures.ts'
import { drawUpContract } from './contracts.ts'
import { organisations } from './db/schema.ts'
import { notifyOrganisations } from './notifications.ts'
import { recordProjectStep } from './project-events.ts'
import type { Project } from './projects.ts'
import { formatFenExact } from './rules/money.ts'
import { assertTransition } from './rules/project-states.ts'
import { formatShanghaiDate } from './rules/shanghai-time.ts'
import { loadWorkdayCalendar } from './workday-calendar.ts'

/** One line of a published result, in rank order. */
export interface ResultEntry {
  rank: number
  bidId: string
  agencyId: string
  agencyName: string
  priceFen: number
  note: string
  priceScore?: number
  qualityScore?: number
  creditScore?: number
  total?: number
}

export interface ProjectResult {
  method: Project['method']
  ranking: ResultEntry[]
  /** Bids left out of the ranking, with why. */
  excluded: { bidId: string; agencyId: string; agencyName: string; reason: string }[]
  draw?: { secret: string; seed: string; signUpIds: string[]; order: string[] }
}

export async function agencyNames(tx: Database, ids: readonly string[]) {
  if (ids.length === 0) return new Map<string, string>()
  const rows = await tx
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(inArray(organisations.id, [...ids]))
  return new Map(rows.map((r) => [r.id, r.name]))
}

/** Agencies with a live bid: who hears about each step of the procedure. */
export async function participantIds(tx: Database, projectId: string) {
  const rows = await tx
    .select({ agencyId: bids.agencyId })
    .from(bids)
    .where(and(eq(bids.projectId, projectId), isNull(bids.withdrawnAt)))
  return rows.map((r) => r.agencyId)
}

/** Publishes the award: ranks stored on the bids, publicity period counted in working days. */
export async function awardProject(
  tx: Database,
  project: Project,
  result: ProjectResult,
  now: Date,
  actorUserId: string | null,
  options: { final?: boolean } = {},
) {
  assertTransition(project.status, 'awarded')
  const winner = result.ranking[0]!
  const calendar = await loadWorkdayCalendar(tx)
  const publicityEndsAt = options.final ? now : calendar.addWorkdays(now, project.publicityWorkdays)
  await tx.update(bids).set({ rank: null }).where(eq(bids.projectId, project.id))
  for (const entry of result.ranking.filter((e) => e.bidId))
    await tx.update(bids).set({ rank: entry.rank }).where(eq(bids.id, entry.bidId))
  await tx
    .update(projects)
    .set({
      status: 'awarded',
      winnerAgencyId: winner.agencyId,
      awardedPriceFen: winner.priceFen,
      awardedAt: now,
      publicityEndsAt,
      awardFinalAt: options.final ? now : null,
      result: result as unknown as Record<string, unknown>,
      drawSecret: result.draw?.secret ?? null,
      drawSeed: result.draw?.seed ?? null,
      updatedAt: now,
    })
    .where(eq(projects.id, project.id))
  const summary = options.final
    ? `中选：${winner.agencyName}，金额 ${formatFenExact(winner.priceFen)}`
    : `中选：${winner.agencyName}，金额 ${formatFenExact(winner.priceFen)}；公示至 ${formatShanghaiDate(publicityEndsAt)}`
  const recipients = [project.buyerId, ...(await participantIds(tx, project.id))]
  await notifyOrganisations(tx, recipients, {
    kind: 'project.awarded',
    title: `中选结果：${project.title}`,
    body: summary,
    link: `/projects/${project.id}/result`,
  })
  await recordProjectStep(tx, {
    projectId: project.id,
    actorUserId,
    action: 'project.awarded',
    summary,
    data: { winnerAgencyId: winner.agencyId, priceFen: winner.priceFen },
  })
  // A direct selection is final at once: its contract is drawn up now, not after publicity.
  if (options.final) await drawUpContract(tx, project, winner, now, actorUserId)
}

/**
 * 递补中选: when the winner refused to sign or let the period lapse, the next line of the
 * published ranking offered the contract becomes the project's 中选 agency at its own price,
 * so cards, the result page, the API and OCDS name who actually got the contract. The
 * ranking itself is unchanged; the refusal stays on record in its contract and the timeline.
 */
export async function passAwardToNextRanked(
  tx: Database,
  projectId: string,
  entry: ResultEntry,
  now: Date,
) {
  await tx
    .update(projects)
    .set({ winnerAgencyId: entry.agencyId, awardedPriceFen: entry.priceFen, updatedAt: now })
    .where(eq(projects.id, projectId))
}

export async function failProject(
  tx: Database,
  project: Project,
  reason: string,
  now: Date,
  actorUserId: string | null,
) {
  assertTransition(project.status, 'failed')
  await tx
    .update(projects)
    .set({
      status: 'failed',
      endedAt: now,
      endReason: reason,
      updatedAt: now,
      winnerAgencyId: null,
      awardedPriceFen: null,
    })
    .where(eq(projects.id, project.id))
  await notifyOrganisations(tx, [project.buyerId, ...(await participantIds(tx, project.id))], {
    kind: 'project.failed',
    title: `流标：${project.title}`,
    body: reason,
    link: `/projects/${project.id}`,
  })
  await recordProjectStep(tx, {
    projectId: project.id,
    actorUserId,
    action: 'project.failed',
    summary: `流标：${reason}`,
  })
}

/** Moves the project's status along the state machine, nothing else. */
export async function setStatus(tx: Database, project: Project, to: Project['status'], now: Date) {
  assertTransition(project.status, to)
  await tx.update(projects).set({ status: to, updatedAt: now }).where(eq(projects.id, project.id))
  return { ...project, status: to, updatedAt: now }
}
