import { and, eq, isNotNull, isNull } from 'drizzle-orm'
import { platformNow } from './clock.ts'
import type { Database } from './db/client.ts'
import { objections, projects } from './db/schema-procedures.ts'
import { inTransaction } from './db/transaction.ts'
import { logger } from './logger.ts'
import { notifyOrganisations } from './notifications.ts'
import { resultLink } from './objections.ts'
import { agencyNames } from './project-award.ts'
import { recordProjectStep } from './project-events.ts'
import { ESCALATION_WORKDAYS, hasLapsed } from './rules/objections.ts'
import { loadWorkdayCalendar } from './workday-calendar.ts'

const LAPSED_NOTE = `采购人已答复，质疑人在 ${ESCALATION_WORKDAYS} 个工作日内未提请监管部门处理，质疑办结`

/**
 * Procedure-clock step: closes answered objections whose objector did not escalate within
 * ESCALATION_WORKDAYS of the answer. Each under its project's row lock (skipped if another
 * instance holds it, re-checked after locking), so each closes exactly once.
 */
export async function closeLapsedObjections(db: Database): Promise<number> {
  const candidates = await db
    .select({ id: objections.id, projectId: objections.projectId })
    .from(objections)
    .where(
      and(
        isNotNull(objections.answeredAt),
        isNull(objections.escalatedAt),
        isNull(objections.closedAt),
      ),
    )
  if (candidates.length === 0) return 0
  const calendar = await loadWorkdayCalendar(db)
  let closed = 0
  for (const candidate of candidates) {
    try {
      await inTransaction(db, async (tx) => {
        const [project] = await tx
          .select()
          .from(projects)
          .where(eq(projects.id, candidate.projectId))
          .for('update', { skipLocked: true })
        if (!project) return
        const [objection] = await tx
          .select()
          .from(objections)
          .where(eq(objections.id, candidate.id))
          .for('update')
        const now = await platformNow(tx)
        const endsAt = objection?.answeredAt
          ? calendar.addWorkdays(objection.answeredAt, ESCALATION_WORKDAYS)
          : null
        if (!objection || !hasLapsed(objection, now, endsAt)) return
        await tx
          .update(objections)
          .set({ closedAt: now, rulingReason: LAPSED_NOTE })
          .where(eq(objections.id, objection.id))
        const name = (await agencyNames(tx, [objection.agencyId])).get(objection.agencyId) ?? ''
        await notifyOrganisations(tx, [objection.agencyId, project.buyerId], {
          kind: 'objection.lapsed',
          title: `质疑已办结：${project.title}`,
          body: LAPSED_NOTE,
          link: resultLink(project.id),
        })
        await recordProjectStep(tx, {
          projectId: project.id,
          actorUserId: null,
          action: 'objection.lapsed',
          summary: `${name}的质疑：${LAPSED_NOTE}`,
          data: { objectionId: objection.id },
        })
        closed++
      })
    } catch (error) {
      logger.error({ err: error, objectionId: candidate.id }, 'closing a lapsed objection failed')
    }
  }
  return closed
}
