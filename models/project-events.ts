import { asc, eq, sql } from 'drizzle-orm'
import { appendAuditEvent } from './audit.ts'
import type { Database } from './db/client.ts'
import { projectEvents } from './db/schema-procedures.ts'
import { publishOcdsRelease } from './ocds.ts'

export interface ProjectStep {
  projectId: string
  actorUserId: string | null
  /** Audit action, e.g. 'project.published'; its label lives in audit-actions.ts. */
  action: string
  /** What the public timeline says; never a sealed price or a hidden asker. */
  summary: string
  /** Extra audit detail (may be private: the audit log is for supervisors). */
  data?: Record<string, unknown>
}

/**
 * Writes one step of a procedure to the public timeline and the audit chain, in the
 * caller's transaction. Call it last in the transaction (the audit lock is held to commit).
 */
export async function recordProjectStep(tx: Database, step: ProjectStep) {
  await tx.insert(projectEvents).values({
    projectId: step.projectId,
    kind: step.action,
    summary: step.summary,
    occurredAt: sql`platform_now()`,
  })
  await appendAuditEvent(tx, {
    actorUserId: step.actorUserId,
    action: step.action,
    subjectType: 'project',
    subjectId: step.projectId,
    data: step.data ?? {},
  })
  // The project's open data (OCDS) follows each public step, under the audit lock just taken.
  await publishOcdsRelease(tx, step.projectId, step)
}

export function listProjectTimeline(db: Database, projectId: string) {
  return db
    .select({
      id: projectEvents.id,
      kind: projectEvents.kind,
      summary: projectEvents.summary,
      occurredAt: projectEvents.occurredAt,
    })
    .from(projectEvents)
    .where(eq(projectEvents.projectId, projectId))
    .orderBy(asc(projectEvents.id))
}
