import { and, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm'
import { type Ctx, requireActor } from './context.ts'
import type { Database } from './db/client.ts'
import { emailOutbox, notifications } from './db/schema-procedures.ts'
import { organisations } from './db/schema.ts'
import { logger } from './logger.ts'
import { isUuid } from './validation/registry.ts'

export interface NotificationInput {
  kind: string
  title: string
  body?: string
  link?: string
}

/**
 * Puts a message in each organisation's inbox and queues a mail to its contact address,
 * inside the caller's transaction: a rolled-back step notifies nobody.
 */
export async function notifyOrganisations(
  tx: Database,
  organisationIds: readonly string[],
  message: NotificationInput,
) {
  const ids = [...new Set(organisationIds)]
  if (ids.length === 0) return
  await tx.insert(notifications).values(
    ids.map((organisationId) => ({
      organisationId,
      kind: message.kind,
      title: message.title,
      body: message.body ?? '',
      link: message.link ?? null,
      // The platform's time, like every other step of a procedure (the demo seed moves it).
      createdAt: sql`platform_now()`,
    })),
  )
  const recipients = await tx
    .select({ email: organisations.contactEmail })
    .from(organisations)
    .where(and(inArray(organisations.id, ids), sql`${organisations.contactEmail} <> ''`))
  if (recipients.length === 0) return
  await tx.insert(emailOutbox).values(
    recipients.map((r) => ({
      toAddress: r.email,
      subject: `【中介超市】${message.title}`,
      body: [message.body ?? '', message.link ?? ''].filter(Boolean).join('\n'),
      createdAt: sql`platform_now()`,
    })),
  )
}

export async function notifySupervisors(tx: Database, message: NotificationInput) {
  await tx.insert(notifications).values({
    forSupervisors: true,
    kind: message.kind,
    title: message.title,
    body: message.body ?? '',
    link: message.link ?? null,
    createdAt: sql`platform_now()`,
  })
}

function inboxOf(ctx: Ctx) {
  const actor = requireActor(ctx)
  return actor.role === 'supervisor'
    ? eq(notifications.forSupervisors, true)
    : eq(notifications.organisationId, actor.organisationId!)
}

export async function listInbox(ctx: Ctx, { page = 1, pageSize = 20 } = {}) {
  const where = inboxOf(ctx)
  const [rows, [totals]] = await Promise.all([
    ctx.db
      .select()
      .from(notifications)
      .where(where)
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    ctx.db
      .select({
        total: count(),
        unread: sql<number>`count(*) filter (where ${notifications.readAt} is null)::int`,
      })
      .from(notifications)
      .where(where),
  ])
  return { rows, total: totals!.total, unread: totals!.unread }
}

export async function countUnread(ctx: Ctx): Promise<number> {
  if (!ctx.actor) return 0
  const [row] = await ctx.db
    .select({ n: count() })
    .from(notifications)
    .where(and(inboxOf(ctx), isNull(notifications.readAt)))
  return row!.n
}

/** Marks one message (or, without an id, the whole inbox) read; only one's own. */
export async function markRead(ctx: Ctx, id?: string) {
  const where = inboxOf(ctx)
  // A malformed id (from a form) names no message; it must not reach the uuid column.
  if (id !== undefined && !isUuid(id)) return
  await ctx.db
    .update(notifications)
    .set({ readAt: sql`platform_now()` })
    .where(and(where, isNull(notifications.readAt), id ? eq(notifications.id, id) : undefined))
}

/** Development mail: print what is queued and mark it sent. */
export async function flushOutbox(db: Database) {
  const sent = await db
    .update(emailOutbox)
    .set({ sentAt: sql`platform_now()` })
    .where(isNull(emailOutbox.sentAt))
    .returning()
  for (const mail of sent)
    logger.info({ to: mail.toAddress, subject: mail.subject }, 'mail (outbox)')
  return sent.length
}
