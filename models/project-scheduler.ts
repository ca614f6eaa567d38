import { and, eq, isNotNull, isNull, lte, notExists, sql } from 'drizzle-orm'
import { platformNow } from './clock.ts'
import type { Database } from './db/client.ts'
import { bids, objections, projects } from './db/schema-procedures.ts'
import { inTransaction } from './db/transaction.ts'
import { logger } from './logger.ts'
import { type BlacklistTickReport, runBlacklistClock } from './blacklist-clock.ts'
import { runNightlyScreens } from './collusion.ts'
import { runComplaintClock } from './complaints.ts'
import { type ContractTickReport, runContractClock } from './contract-clock.ts'
import { finaliseDueFindings } from './credit-findings.ts'
import { drawUpWinnerContract } from './contracts.ts'
import { runPaymentClock } from './payment-clock.ts'
import { flushOutbox } from './notifications.ts'
import { closeLapsedObjections } from './objection-clock.ts'
import { failProject } from './project-award.ts'
import { recordProjectStep } from './project-events.ts'
import { closeAndOpen, evaluateProject } from './project-opening.ts'
import type { Project } from './projects.ts'

export interface TickReport {
  opened: number
  expiredInvitations: number
  explanationsLapsed: number
  objectionsClosed: number
  awardsFinal: number
  contracts: ContractTickReport
  payments: { latePayments: number; refunds: number }
  credit: BlacklistTickReport & {
    findingsFinal: number
    complaintsOverdue: number
    collusionFlags: number
  }
}

/**
 * One pass of the procedure clock: open projects whose deadline passed, lapse overdue
 * explanations, make awards final after a quiet publicity period. Each project is handled
 * in its own transaction under its row lock (waiting for bids in flight rather than skipping
 * the project) and re-checked after locking, so every step happens exactly once however many
 * instances run this: the second finds the step done.
 */
export async function runProcedureClock(db: Database): Promise<TickReport> {
  const report: TickReport = {
    opened: 0,
    expiredInvitations: 0,
    explanationsLapsed: 0,
    objectionsClosed: 0,
    awardsFinal: 0,
    contracts: { signingLapsed: 0, buyerSignLate: 0, reminders: 0, overdue: 0 },
    payments: { latePayments: 0, refunds: 0 },
    credit: {
      ended: 0,
      bidsRestored: 0,
      findingsFinal: 0,
      complaintsOverdue: 0,
      collusionFlags: 0,
    },
  }
  // First: an agency whose blacklisting ran out takes part in the openings below.
  Object.assign(report.credit, await runBlacklistClock(db))
  const now = await platformNow(db)

  const due = await db
    .select({ id: projects.id })
    .from(projects)
    .where(and(eq(projects.status, 'published'), lte(projects.deadlineAt, now)))
  for (const { id } of due) {
    await withDueProject(
      db,
      id,
      (p, at) => p.status === 'published' && p.deadlineAt <= at,
      async (tx, project, at) => {
        if (project.method === 'direct') {
          await failProject(tx, project, '被邀请机构未在截止时间前答复', at, null)
          report.expiredInvitations++
        } else {
          await closeAndOpen(tx, project, at)
          report.opened++
        }
      },
    )
  }

  const lapsed = await db
    .selectDistinct({ id: bids.projectId })
    .from(bids)
    .innerJoin(projects, eq(projects.id, bids.projectId))
    .where(
      and(
        eq(projects.status, 'opened'),
        isNull(bids.explainedAt),
        isNull(bids.explanationDecision),
        lte(bids.explanationDueAt, now),
      ),
    )
  for (const { id } of lapsed) {
    await withDueProject(
      db,
      id,
      (p) => p.status === 'opened',
      async (tx, project, at) => {
        const overdue = await tx
          .update(bids)
          .set({ explanationDecision: 'rejected', explanationDecisionReason: '未在期限内提交说明' })
          .where(
            and(
              eq(bids.projectId, id),
              isNull(bids.explainedAt),
              isNull(bids.explanationDecision),
              lte(bids.explanationDueAt, at),
            ),
          )
          .returning({ id: bids.id })
        if (overdue.length === 0) return
        await recordProjectStep(tx, {
          projectId: id,
          actorUserId: null,
          action: 'bid.explanation_lapsed',
          summary: '最低报价机构未在期限内说明异常低价，其报价按无效处理',
        })
        await evaluateProject(tx, project, at, null)
        report.explanationsLapsed++
      },
    )
  }

  // Before the awards: an objection closing now may leave its award free to become final.
  report.objectionsClosed = await closeLapsedObjections(db)

  const quiet = await db
    .select({ id: projects.id })
    .from(projects)
    .where(
      and(
        eq(projects.status, 'awarded'),
        isNull(projects.awardFinalAt),
        isNotNull(projects.publicityEndsAt),
        lte(projects.publicityEndsAt, now),
        noOpenObjection(),
      ),
    )
  for (const { id } of quiet) {
    await withDueProject(
      db,
      id,
      (p, at) => p.status === 'awarded' && !p.awardFinalAt && p.publicityEndsAt! <= at,
      async (tx, project, at) => {
        const [open] = await tx
          .select({ id: objections.id })
          .from(objections)
          .where(and(eq(objections.projectId, id), isNull(objections.closedAt)))
          .limit(1)
        if (open) return
        await tx
          .update(projects)
          .set({ awardFinalAt: at, updatedAt: at })
          .where(eq(projects.id, project.id))
        await recordProjectStep(tx, {
          projectId: id,
          actorUserId: null,
          action: 'project.award_final',
          summary: '公示期满，无未决质疑，中选结果生效',
        })
        await drawUpWinnerContract(tx, project, at)
        report.awardsFinal++
      },
    )
  }
  report.contracts = await runContractClock(db)
  report.payments = await runPaymentClock(db)
  report.credit.findingsFinal = await finaliseDueFindings(db)
  report.credit.complaintsOverdue = await runComplaintClock(db)
  report.credit.collusionFlags = await nightlyScreens(db)
  return report
}

/** A failed screen must not stop the clock; its day stays unclaimed, so the next tick retries. */
async function nightlyScreens(db: Database): Promise<number> {
  try {
    return (await runNightlyScreens(db))?.raised ?? 0
  } catch (error) {
    logger.error({ err: error }, 'nightly collusion screens failed')
    return 0
  }
}

function noOpenObjection() {
  return notExists(
    sql`(select 1 from ${objections} where ${objections.projectId} = ${projects.id} and ${objections.closedAt} is null)`,
  )
}

/** Locks the project unless another instance has it, re-checks it is still due, does the work. */
async function withDueProject(
  db: Database,
  id: string,
  stillDue: (project: Project, now: Date) => boolean,
  work: (tx: Database, project: Project, now: Date) => Promise<void>,
) {
  try {
    await inTransaction(db, async (tx) => {
      const [project] = await tx.select().from(projects).where(eq(projects.id, id)).for('update')
      if (!project) return
      const now = await platformNow(tx)
      if (!stillDue(project, now)) return
      await work(tx, project, now)
    })
  } catch (error) {
    logger.error({ err: error, projectId: id }, 'procedure clock step failed')
  }
}

function hasWork(report: TickReport): boolean {
  const { contracts, payments, credit, ...procedures } = report
  return [procedures, contracts, payments, credit].some((counts) =>
    Object.values(counts).some((n) => n > 0),
  )
}

let timer: NodeJS.Timeout | null = null

/** Runs the procedure clock every `intervalMs` (default 10 s) until stopped. */
export function startProcedureClock(getDb: () => Promise<Database>, intervalMs = 10_000) {
  let running = false
  timer = setInterval(async () => {
    if (running) return
    running = true
    try {
      const db = await getDb()
      const report = await runProcedureClock(db)
      if (hasWork(report)) logger.info(report, 'procedure clock')
      await flushOutbox(db)
    } catch (error) {
      logger.error({ err: error }, 'procedure clock failed')
    } finally {
      running = false
    }
  }, intervalMs)
  timer.unref()
  return () => {
    if (timer) clearInterval(timer)
    timer = null
  }
}
