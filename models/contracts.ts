import { and, eq, inArray, notInArray } from 'drizzle-orm'
import { randomBytes } from 'node:crypto'
import { platformNow } from './clock.ts'
import { addCreditRecord } from './credit.ts'
import type { CreditRuleCode } from './rules/credit-rules.ts'
import { type Actor, type Ctx, requireRole } from './context.ts'
import { contractTerms } from './contract-terms.ts'
import type { Database } from './db/client.ts'
import { contracts, creditEvents } from './db/schema-contracts.ts'
import { bids, projects } from './db/schema-procedures.ts'
import { offerings, serviceItems } from './db/schema.ts'
import { ForbiddenError, NotFoundError } from './errors.ts'
import { notifyOrganisations } from './notifications.ts'
import type { ProjectResult, ResultEntry } from './project-award.ts'
import { recordProjectStep } from './project-events.ts'
import type { Project } from './projects.ts'
import {
  assertContractTransition,
  type ContractStatus,
  LIVE_CONTRACT_STATUSES,
} from './rules/contract-states.ts'
import { formatFenExact } from './rules/money.ts'
import { assertTransition, type ProjectStatus, projectTransitions } from './rules/project-states.ts'
import { shanghaiDate } from './rules/qualifications.ts'
import { formatShanghaiDate } from './rules/shanghai-time.ts'
import { isUuid } from './validation/registry.ts'
import { loadWorkdayCalendar } from './workday-calendar.ts'

export type Contract = typeof contracts.$inferSelect

export const contractLink = (id: string) => `/contracts/${id}`

/** 合同编号: year, month and eight random hex digits, e.g. ZJHT-202611-3FA9C01B. */
function contractNumber(now: Date) {
  const month = shanghaiDate(now).replaceAll('-', '').slice(0, 6)
  return `ZJHT-${month}-${randomBytes(4).toString('hex').toUpperCase()}`
}

/** The agency's promised time limit: its bid's, else its offering's, else the item's. */
async function timeLimitFor(tx: Database, project: Project, entry: ResultEntry) {
  if (entry.bidId) {
    const [bid] = await tx
      .select({ days: bids.timeLimitDays })
      .from(bids)
      .where(eq(bids.id, entry.bidId))
    if (bid) return bid.days
  }
  const [offering] = await tx
    .select({ days: offerings.timeLimitDays })
    .from(offerings)
    .where(
      and(
        eq(offerings.agencyId, entry.agencyId),
        eq(offerings.serviceItemCode, project.serviceItemCode),
      ),
    )
  if (offering) return offering.days
  const [item] = await tx
    .select({ days: serviceItems.timeLimitWorkdays })
    .from(serviceItems)
    .where(eq(serviceItems.code, project.serviceItemCode))
  return item?.days ?? 30
}

/**
 * Draws up the contract for one line of the final ranking and opens its signing period.
 * Called in the transaction that makes the award final, or when the buyer turns to the
 * next-ranked agency after a refusal.
 */
export async function drawUpContract(
  tx: Database,
  project: Project,
  entry: ResultEntry,
  now: Date,
  actorUserId: string | null,
) {
  const calendar = await loadWorkdayCalendar(tx)
  const signDueAt = calendar.addWorkdays(now, contractTerms().signWorkdays)
  const [contract] = await tx
    .insert(contracts)
    .values({
      number: contractNumber(now),
      projectId: project.id,
      bidId: entry.bidId || null,
      rank: entry.rank,
      buyerId: project.buyerId,
      agencyId: entry.agencyId,
      serviceItemCode: project.serviceItemCode,
      title: project.title,
      scope: project.scope,
      funding: project.funding,
      amountFen: entry.priceFen,
      timeLimitWorkdays: await timeLimitFor(tx, project, entry),
      createdAt: now,
      signDueAt,
      updatedAt: now,
    })
    .returning()
  const summary = `服务合同 ${contract!.number} 已生成（${entry.agencyName}，${formatFenExact(entry.priceFen)}），双方须于 ${formatShanghaiDate(signDueAt)} 前在线签订`
  await notifyOrganisations(tx, [project.buyerId, entry.agencyId], {
    kind: 'contract.drawn_up',
    title: `请签订服务合同：${project.title}`,
    body: summary,
    link: contractLink(contract!.id),
  })
  await recordProjectStep(tx, {
    projectId: project.id,
    actorUserId,
    action: 'contract.drawn_up',
    summary,
    data: { contractId: contract!.id, agencyId: entry.agencyId, rank: entry.rank },
  })
  return contract!
}

/** Draws up the winner's contract once an award is final. */
export async function drawUpWinnerContract(tx: Database, project: Project, now: Date) {
  const result = project.result as unknown as ProjectResult | null
  const winner = result?.ranking[0]
  if (!winner) return null
  return drawUpContract(tx, project, winner, now, null)
}

/** The contract locked for a change by one of its parties (or a supervisor, when allowed). */
export async function lockContract(tx: Database, id: string): Promise<Contract> {
  if (!isUuid(id)) throw new NotFoundError('合同不存在')
  const [contract] = await tx.select().from(contracts).where(eq(contracts.id, id)).for('update')
  if (!contract) throw new NotFoundError('合同不存在')
  return contract
}

export type ContractSide = 'buyer' | 'agency'

/** The side the actor signs for; anyone else is refused. */
export function sideOf(actor: Actor, contract: Contract): ContractSide | null {
  if (actor.organisationId === contract.buyerId && actor.role !== 'agency') return 'buyer'
  if (actor.organisationId === contract.agencyId && actor.role === 'agency') return 'agency'
  return null
}

export function requireSide(ctx: Ctx, contract: Contract, side: ContractSide) {
  const actor = requireRole(ctx, 'agency', 'department', 'enterprise')
  if (sideOf(actor, contract) !== side)
    throw new ForbiddenError(
      side === 'buyer' ? '只有采购人可以办理此事项' : '只有承接机构可以办理此事项',
    )
  return actor
}

export async function setContractStatus(
  tx: Database,
  contract: Contract,
  to: ContractStatus,
  now: Date,
  extra: Partial<typeof contracts.$inferInsert> = {},
) {
  assertContractTransition(contract.status, to)
  const [row] = await tx
    .update(contracts)
    .set({ ...extra, status: to, updatedAt: now })
    .where(eq(contracts.id, contract.id))
    .returning()
  return row!
}

/** Where the project stands, read off its live contract. */
function projectStatusFor(contract: Contract): ProjectStatus {
  switch (contract.status) {
    case 'signing':
    case 'refused':
    case 'lapsed':
      return 'awarded'
    case 'in_service':
      return 'contracted'
    case 'delivered':
      return 'delivered'
    case 'cancelled':
      return 'cancelled'
    case 'accepted':
      if (!contract.paidAt) return 'accepted'
      return contract.evaluatedAt ? 'evaluated' : 'paid'
  }
}

/** The shortest path of legal moves between two project statuses (a rating before payment skips none). */
function pathBetween(from: ProjectStatus, to: ProjectStatus): ProjectStatus[] {
  const previous = new Map<ProjectStatus, ProjectStatus>()
  const queue: ProjectStatus[] = [from]
  while (queue.length > 0) {
    const at = queue.shift()!
    if (at === to) break
    for (const next of projectTransitions[at])
      if (!previous.has(next) && next !== from) {
        previous.set(next, at)
        queue.push(next)
      }
  }
  const path: ProjectStatus[] = []
  for (let at = to; at !== from; at = previous.get(at)!) {
    if (!previous.has(at)) throw new Error(`no path from ${from} to ${to}`)
    path.unshift(at)
  }
  return path
}

/**
 * Moves the project along the state machine to match its contract (contracted → delivered →
 * accepted → paid → evaluated, or back to contracted after a return). Payment and rating
 * may come in either order; the project reads `evaluated` only once both are done.
 */
export async function syncProjectWithContract(tx: Database, contract: Contract, now: Date) {
  const [project] = await tx
    .select({ status: projects.status })
    .from(projects)
    .where(eq(projects.id, contract.projectId))
    .for('update')
  if (!project) return
  const target = projectStatusFor(contract)
  if (project.status === target) return
  let at = project.status
  for (const next of pathBetween(at, target)) {
    assertTransition(at, next)
    at = next
  }
  const ended = target === 'cancelled' || target === 'evaluated'
  await tx
    .update(projects)
    .set({
      status: target,
      updatedAt: now,
      ...(ended ? { endedAt: now } : {}),
      ...(target === 'cancelled' ? { endReason: contract.endReason } : {}),
    })
    .where(eq(projects.id, contract.projectId))
}

/** The project's current contract: live, or cancelled after signing; null before one exists. */
export async function currentContractOf(db: Database, projectId: string) {
  const [row] = await db
    .select()
    .from(contracts)
    .where(
      and(
        eq(contracts.projectId, projectId),
        inArray(contracts.status, [...LIVE_CONTRACT_STATUSES, 'cancelled']),
      ),
    )
  return row ?? null
}

/** Every contract of a project, the refused and lapsed ones included, oldest first. */
export function contractsOfProject(db: Database, projectId: string) {
  return db
    .select()
    .from(contracts)
    .where(eq(contracts.projectId, projectId))
    .orderBy(contracts.createdAt)
}

/** Contracts that ended without a signature, whose agencies the buyer may not offer again. */
export async function endedAgencyIds(db: Database, projectId: string) {
  const rows = await db
    .select({ agencyId: contracts.agencyId })
    .from(contracts)
    .where(
      and(
        eq(contracts.projectId, projectId),
        notInArray(contracts.status, LIVE_CONTRACT_STATUSES as ContractStatus[]),
      ),
    )
  return new Set(rows.map((r) => r.agencyId))
}

export interface CreditEventInput {
  organisationId: string
  kind: string
  contractId?: string
  projectId?: string
  summary: string
  data?: Record<string, unknown>
}

/**
 * Stores a fact the credit issue will score. Once per kind and contract: a second call for
 * the same contract changes nothing.
 */
export async function recordCreditEvent(
  tx: Database,
  input: CreditEventInput,
  now?: Date,
): Promise<boolean> {
  const inserted = await tx
    .insert(creditEvents)
    .values({
      organisationId: input.organisationId,
      kind: input.kind,
      contractId: input.contractId ?? null,
      projectId: input.projectId ?? null,
      summary: input.summary,
      data: input.data ?? {},
      occurredAt: now ?? (await platformNow(tx)),
    })
    .onConflictDoNothing()
    .returning({ id: creditEvents.id })
  const rule = agencyRules[input.kind]
  if (inserted.length > 0 && rule)
    await addCreditRecord(
      tx,
      {
        agencyId: input.organisationId,
        rule,
        sourceType: 'contract',
        sourceId: input.contractId ?? null,
        projectId: input.projectId ?? null,
        summary: input.summary,
      },
      now ?? (await platformNow(tx)),
    )
  return inserted.length > 0
}

/** The contract events that score an agency; buyers' lateness is flagged, not scored. */
const agencyRules: Record<string, CreditRuleCode | undefined> = {
  refused_to_sign: 'refused_to_sign',
  sign_lapsed: 'sign_lapsed',
  overdue_delivery: 'overdue_delivery',
  completed_on_time: 'completed_on_time',
}
