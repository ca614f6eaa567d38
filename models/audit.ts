import { createHash } from 'node:crypto'
import { and, asc, desc, eq, getTableColumns, gt, gte, like, lt, sql } from 'drizzle-orm'
import { type Ctx, requireRole } from './context.ts'
import { advisoryLocks } from './db/advisory-locks.ts'
import type { Database } from './db/client.ts'
import { auditEvents, organisations, users } from './db/schema.ts'
import { inTransaction } from './db/transaction.ts'
import { type ChainProblem, eventHash, findChainBreak, GENESIS_HASH } from './rules/audit-chain.ts'

export const sha256 = (text: string | Uint8Array) => createHash('sha256').update(text).digest('hex')

export interface AuditInput {
  actorUserId: string | null
  action: string
  subjectType: string
  subjectId?: string | null
  data?: Record<string, unknown>
}

/** Takes the chain's lock until commit and returns the hash the next event must link to. */
async function lockChainTail(tx: Database): Promise<string> {
  await tx.execute(sql`select pg_advisory_xact_lock(${advisoryLocks.auditChain})`)
  const [last] = await tx
    .select({ hash: auditEvents.hash })
    .from(auditEvents)
    .orderBy(desc(auditEvents.seq))
    .limit(1)
  return last?.hash ?? GENESIS_HASH
}

/** The rows for `inputs`, each linked to the one before, the first to `prevHash`. */
function chainEvents(inputs: readonly AuditInput[], prevHash: string, occurredAt: Date) {
  let previous = prevHash
  return inputs.map((input) => {
    // Hash the values as the database will give them back, or verification would cry tamper:
    // a uuid column reads back in lower case, and jsonb holds only what JSON.stringify made.
    const event = {
      occurredAt,
      actorUserId: input.actorUserId?.toLowerCase() ?? null,
      action: input.action,
      subjectType: input.subjectType,
      subjectId: input.subjectId ?? null,
      data: JSON.parse(JSON.stringify(input.data ?? {})) as Record<string, unknown>,
      prevHash: previous,
    }
    previous = eventHash(event, sha256)
    return { ...event, hash: previous }
  })
}

/** Appends one event to the chain inside the caller's transaction. */
export function appendAuditEvent(db: Database, input: AuditInput) {
  return inTransaction(db, async (tx) => {
    const [event] = chainEvents([input], await lockChainTail(tx), new Date())
    const [row] = await tx.insert(auditEvents).values(event!).returning({ seq: auditEvents.seq })
    return row!.seq
  })
}

// Eight values a row: well under PostgreSQL's 65,535 bind parameters a statement.
const EVENTS_PER_STATEMENT = 5000

/**
 * Appends several events in order inside the caller's transaction: one lock, one read of
 * the chain's tail, one insert (per 5,000 events). Returns their sequence numbers.
 */
export function appendAuditEvents(db: Database, inputs: readonly AuditInput[]) {
  return inTransaction(db, async (tx) => {
    if (inputs.length === 0) return []
    const events = chainEvents(inputs, await lockChainTail(tx), new Date())
    const seqs: number[] = []
    for (let i = 0; i < events.length; i += EVENTS_PER_STATEMENT) {
      const rows = await tx
        .insert(auditEvents)
        .values(events.slice(i, i + EVENTS_PER_STATEMENT))
        .returning({ seq: auditEvents.seq })
      seqs.push(...rows.map((r) => r.seq).sort((a, b) => a - b))
    }
    return seqs
  })
}

export interface ChainReport {
  checked: number
  problem: ChainProblem | null
}

/** Walks the whole chain in order, a batch at a time. */
export async function verifyAuditChain(
  db: Database,
  onProgress?: (checked: number) => void,
): Promise<ChainReport> {
  const batchSize = 5000
  let afterSeq = 0
  let previousHash = GENESIS_HASH
  let checked = 0
  for (;;) {
    const rows = await db
      .select()
      .from(auditEvents)
      .where(gt(auditEvents.seq, afterSeq))
      .orderBy(asc(auditEvents.seq))
      .limit(batchSize)
    if (rows.length === 0) return { checked, problem: null }
    const problem = findChainBreak(rows, sha256, previousHash)
    if (problem) return { checked: checked + rows.findIndex((r) => r.seq === problem.seq), problem }
    checked += rows.length
    const last = rows[rows.length - 1]!
    afterSeq = last.seq
    previousHash = last.hash
    onProgress?.(checked)
  }
}

export async function countAuditEvents(db: Database) {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(auditEvents)
  return row?.n ?? 0
}

export function recentAuditEvents(db: Database, limit = 50) {
  return db.select().from(auditEvents).orderBy(desc(auditEvents.seq)).limit(limit)
}

export interface AuditFilters {
  beforeSeq?: number
  limit?: number
  /** An action, e.g. 'credit.finding', or a prefix ending in '.', e.g. 'contract.'. */
  action?: string
  subjectType?: string
  subjectId?: string
  actorUserId?: string
  from?: Date
  to?: Date
}

/** The log as supervisors read it, newest first, a page at a time, filtered. */
export async function listAuditEvents(ctx: Ctx, filters: AuditFilters) {
  requireRole(ctx, 'supervisor')
  const { beforeSeq, limit = 50, action, subjectType, subjectId, actorUserId, from, to } = filters
  const conditions = [
    beforeSeq ? lt(auditEvents.seq, beforeSeq) : undefined,
    action
      ? action.endsWith('.')
        ? like(auditEvents.action, `${action.replace(/[%_\\]/g, '')}%`)
        : eq(auditEvents.action, action)
      : undefined,
    subjectType ? eq(auditEvents.subjectType, subjectType) : undefined,
    // The log shows ids by their first 8 characters: those are enough to filter by.
    subjectId
      ? like(auditEvents.subjectId, `${subjectId.trim().replace(/[%_\\]/g, '')}%`)
      : undefined,
    actorUserId ? sql`${auditEvents.actorUserId}::text = ${actorUserId}` : undefined,
    from ? gte(auditEvents.occurredAt, from) : undefined,
    to ? lt(auditEvents.occurredAt, to) : undefined,
  ]
  return ctx.db
    .select({
      ...getTableColumns(auditEvents),
      // Who did it, as people know them; the id alone says nothing on screen.
      actorName: users.name,
      actorRole: users.role,
      actorOrganisationName: organisations.name,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorUserId))
    .leftJoin(organisations, eq(organisations.id, users.organisationId))
    .where(and(...conditions))
    .orderBy(desc(auditEvents.seq))
    .limit(limit)
}
