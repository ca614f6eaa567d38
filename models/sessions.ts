import { randomBytes } from 'node:crypto'
import { and, eq, gt, lt, sql } from 'drizzle-orm'
import { appendAuditEvent, sha256 } from './audit.ts'
import type { Actor } from './context.ts'
import type { Database } from './db/client.ts'
import { organisations, sessions, users } from './db/schema.ts'
import { inTransaction } from './db/transaction.ts'

export const SESSION_DAYS = 7
const DAY_MS = 86_400_000

/** Starts a session; the raw id goes to the cookie, only its hash to the database. */
export function startSession(db: Database, userId: string, now = new Date()) {
  const id = randomBytes(32).toString('base64url')
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * DAY_MS)
  return inTransaction(db, async (tx) => {
    await tx.insert(sessions).values({ idHash: sha256(id), userId, expiresAt })
    await appendAuditEvent(tx, {
      actorUserId: userId,
      action: 'session.signed_in',
      subjectType: 'user',
      subjectId: userId,
    })
    return { id, expiresAt }
  })
}

export async function findSessionActor(db: Database, sessionId: string): Promise<Actor | null> {
  const [row] = await db
    .select({
      userId: users.id,
      role: users.role,
      name: users.name,
      organisationId: users.organisationId,
      organisationName: organisations.name,
      mustChangePassword: users.passwordMustChange,
      organisationAdmin: users.organisationAdmin,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(organisations, eq(organisations.id, users.organisationId))
    .where(
      and(
        eq(sessions.idHash, sha256(sessionId)),
        gt(sessions.expiresAt, sql`now()`),
        sql`${users.disabledAt} is null`,
      ),
    )
  return row ?? null
}

export function endSession(db: Database, sessionId: string) {
  return inTransaction(db, async (tx) => {
    const [ended] = await tx
      .delete(sessions)
      .where(eq(sessions.idHash, sha256(sessionId)))
      .returning({ userId: sessions.userId })
    if (!ended) return false
    await appendAuditEvent(tx, {
      actorUserId: ended.userId,
      action: 'session.signed_out',
      subjectType: 'user',
      subjectId: ended.userId,
    })
    return true
  })
}

export function deleteExpiredSessions(db: Database) {
  return db.delete(sessions).where(lt(sessions.expiresAt, sql`now()`))
}
