import { and, asc, count, desc, eq, ilike, isNotNull, isNull, or, type SQL, sql } from 'drizzle-orm'
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core'
import { z } from 'zod'
import { reindexAgencies } from '../search/indexing.ts'
import { appendAuditEvent } from './audit.ts'
import { type Ctx, requireActor, requireRole } from './context.ts'
import { organisations, supervisionActions, users } from './db/schema.ts'
import { inTransaction } from './db/transaction.ts'
import { agencyRegionLabel, escapeLike } from './directory.ts'
import { NotFoundError, ValidationError } from './errors.ts'
import { notifyOrganisations } from './notifications.ts'
import { canPublishProjects, type PublishingAnswer } from './rules/publishing.ts'
import { supervisionReasonSchema, type VerificationQueueTab } from './validation/supervision.ts'

type ActionKind = (typeof supervisionActions.$inferInsert)['kind']

interface Transition {
  kind: ActionKind
  audit: string
  /** The state the organisation must be in; checked in the same UPDATE, so races lose cleanly. */
  allowedWhen: SQL
  refused: string
  /** When allowedWhen failed for another reason than the usual one. */
  refusedWhenFlagged?: string
  changes: (reason: string) => PgUpdateSetSource<typeof organisations>
  /** What the organisation is told in its 消息. */
  notice: string
}

const now = sql`now()`

const transitions = {
  verify: {
    kind: 'verified',
    audit: 'organisation.verified',
    // A flagged organisation's information is in doubt: the flag is settled first.
    allowedWhen: and(isNull(organisations.verifiedAt), isNull(organisations.flaggedAt))!,
    refused: '该单位已核验，无需重复核验',
    refusedWhenFlagged: '该单位有虚假信息标记：请先核实，确属无误的撤销标记后再核验',
    changes: () => ({ verifiedAt: now }),
    notice: '贵单位的登记信息已通过监管人员核验',
  },
  flag: {
    kind: 'flagged',
    audit: 'organisation.flagged',
    allowedWhen: isNull(organisations.flaggedAt),
    refused: '该单位已有虚假信息标记；如需更改理由，请先撤销标记',
    changes: (reason) => ({ flaggedAt: now, flagReason: reason }),
    notice: '贵单位的登记信息被监管人员标记为可能不实',
  },
  unflag: {
    kind: 'unflagged',
    audit: 'organisation.unflagged',
    allowedWhen: isNotNull(organisations.flaggedAt),
    refused: '该单位当前没有虚假信息标记',
    changes: () => ({ flaggedAt: null, flagReason: null }),
    notice: '贵单位登记信息的存疑标记已撤销',
  },
  suspend: {
    kind: 'suspended',
    audit: 'organisation.suspended',
    allowedWhen: isNull(organisations.suspendedAt),
    refused: '该单位已处于暂停状态',
    changes: (reason) => ({ suspendedAt: now, suspensionReason: reason }),
    notice: '贵单位已被监管人员暂停参与中介超市',
  },
  reinstate: {
    kind: 'reinstated',
    audit: 'organisation.reinstated',
    allowedWhen: isNotNull(organisations.suspendedAt),
    refused: '该单位未被暂停，无需恢复',
    changes: () => ({ suspendedAt: null, suspensionReason: null }),
    notice: '贵单位已恢复参与中介超市',
  },
} satisfies Record<string, Transition>

// Any 8-4-4-4-12 hex string: a malformed id is "not found", never a database error.
const isId = (id: string) => z.guid().safeParse(id).success

const notFound = () => new NotFoundError('该单位不存在')

function readReason(reason: string | undefined): string {
  const parsed = supervisionReasonSchema.safeParse(reason)
  if (!parsed.success) throw ValidationError.field('reason', parsed.error.issues[0]!.message)
  return parsed.data
}

async function apply(ctx: Ctx, transition: Transition, organisationId: string, reason: string) {
  const actor = requireRole(ctx, 'supervisor')
  if (!isId(organisationId)) throw notFound()
  return inTransaction(ctx.db, async (tx) => {
    const [organisation] = await tx
      .update(organisations)
      .set(transition.changes(reason))
      .where(and(eq(organisations.id, organisationId), transition.allowedWhen))
      .returning({ id: organisations.id, kind: organisations.kind, name: organisations.name })
    if (!organisation) {
      const [exists] = await tx
        .select({ verifiedAt: organisations.verifiedAt, flaggedAt: organisations.flaggedAt })
        .from(organisations)
        .where(eq(organisations.id, organisationId))
      if (!exists) throw notFound()
      const flagged =
        !exists.verifiedAt && exists.flaggedAt != null && transition.refusedWhenFlagged
      throw ValidationError.field('organisation', flagged || transition.refused)
    }
    // Offerings carry the agency's verified mark and visibility in the search index.
    if (
      organisation.kind === 'agency' &&
      transition.kind !== 'flagged' &&
      transition.kind !== 'unflagged'
    )
      await reindexAgencies(tx, [organisation.id])
    const [action] = await tx
      .insert(supervisionActions)
      .values({ organisationId, kind: transition.kind, reason, supervisorId: actor.userId })
      .returning()
    await appendAuditEvent(tx, {
      actorUserId: actor.userId,
      action: transition.audit,
      subjectType: 'organisation',
      // As the database spells it: an upper-case id from a URL would break the hash chain.
      subjectId: organisation.id,
      data: { kind: organisation.kind, name: organisation.name, reason },
    })
    await notifyOrganisations(tx, [organisation.id], {
      kind: `organisation.${transition.kind}`,
      title: transition.notice,
      body: reason,
      link: organisation.kind === 'agency' ? `/agencies/${organisation.id}` : '/my',
    })
    return action!
  })
}

/** Adds the 已核验 mark; for a department it also opens publishing. A note is optional. */
export async function verifyOrganisation(
  ctx: Ctx,
  input: { organisationId: string; note?: string },
) {
  requireRole(ctx, 'supervisor')
  const note = (input.note ?? '').trim()
  if (note.length > 500) throw ValidationError.field('note', '说明最多 500 个字')
  return apply(ctx, transitions.verify, input.organisationId, note)
}

interface ReasonedInput {
  organisationId: string
  reason: string
}

/** Marks an organisation's information as false; the reason is shown publicly. */
export async function flagFalseInformation(ctx: Ctx, input: ReasonedInput) {
  requireRole(ctx, 'supervisor')
  return apply(ctx, transitions.flag, input.organisationId, readReason(input.reason))
}

export async function unflag(ctx: Ctx, input: ReasonedInput) {
  requireRole(ctx, 'supervisor')
  return apply(ctx, transitions.unflag, input.organisationId, readReason(input.reason))
}

/** Takes an organisation out of the directory and out of trading, with a public reason. */
export async function suspend(ctx: Ctx, input: ReasonedInput) {
  requireRole(ctx, 'supervisor')
  return apply(ctx, transitions.suspend, input.organisationId, readReason(input.reason))
}

export async function reinstate(ctx: Ctx, input: ReasonedInput) {
  requireRole(ctx, 'supervisor')
  return apply(ctx, transitions.reinstate, input.organisationId, readReason(input.reason))
}

const queueTabs: Record<VerificationQueueTab, { where: SQL; orderBy: SQL[] }> = {
  // Unverified departments cannot publish: they wait longest-first.
  departments: {
    where: and(eq(organisations.kind, 'department'), isNull(organisations.verifiedAt))!,
    orderBy: [asc(organisations.createdAt), asc(organisations.id)],
  },
  agencies: {
    where: and(eq(organisations.kind, 'agency'), isNull(organisations.verifiedAt))!,
    orderBy: [asc(organisations.createdAt), asc(organisations.id)],
  },
  flagged: {
    where: isNotNull(organisations.flaggedAt),
    orderBy: [desc(organisations.flaggedAt), asc(organisations.id)],
  },
  suspended: {
    where: isNotNull(organisations.suspendedAt),
    orderBy: [desc(organisations.suspendedAt), asc(organisations.id)],
  },
}

export const QUEUE_PAGE_SIZE = 20

/** One tab of the supervisors' queue, a page at a time, with every tab's size. */
export async function listVerificationQueue(
  ctx: Ctx,
  { tab, page = 1, q = '' }: { tab: VerificationQueueTab; page?: number; q?: string },
) {
  requireRole(ctx, 'supervisor')
  const found = organisationSearch(q)
  const { where, orderBy } = found ?? queueTabs[tab]
  const rows = await ctx.db
    .select({
      id: organisations.id,
      kind: organisations.kind,
      name: organisations.name,
      uscc: organisations.uscc,
      createdAt: organisations.createdAt,
      verifiedAt: organisations.verifiedAt,
      flaggedAt: organisations.flaggedAt,
      flagReason: organisations.flagReason,
      suspendedAt: organisations.suspendedAt,
      suspensionReason: organisations.suspensionReason,
    })
    .from(organisations)
    .where(where)
    .orderBy(...orderBy)
    .limit(QUEUE_PAGE_SIZE)
    .offset((page - 1) * QUEUE_PAGE_SIZE)
  const filter = (tab: VerificationQueueTab) =>
    sql<number>`(count(*) filter (where ${queueTabs[tab].where}))::int`
  const [counts] = await ctx.db
    .select({
      departments: filter('departments'),
      agencies: filter('agencies'),
      flagged: filter('flagged'),
      suspended: filter('suspended'),
      found: found ? sql<number>`(count(*) filter (where ${found.where}))::int` : sql<number>`0`,
    })
    .from(organisations)
  const { found: foundCount, ...tabCounts } = counts!
  return { rows, counts: tabCounts, found: found ? foundCount : null }
}

/**
 * Any organisation, in any state, by part of its name or its whole USCC: the queues list
 * only what waits, and a supervisor acting on a complaint starts from a name.
 */
function organisationSearch(q: string) {
  const text = q.trim().slice(0, 50)
  if (text.length < 2) return null
  const pattern = `%${escapeLike(text)}%`
  return {
    where: or(ilike(organisations.name, pattern), eq(organisations.uscc, text.toUpperCase()))!,
    orderBy: [asc(organisations.name), asc(organisations.id)],
  }
}

/** Everything a supervisor weighs before acting, with who did what so far. */
export async function getOrganisationForSupervisor(ctx: Ctx, organisationId: string) {
  requireRole(ctx, 'supervisor')
  if (!isId(organisationId)) throw notFound()
  const [organisation] = await ctx.db
    .select()
    .from(organisations)
    .where(eq(organisations.id, organisationId))
  if (!organisation) throw notFound()
  const [history, [members]] = await Promise.all([
    ctx.db
      .select({
        id: supervisionActions.id,
        kind: supervisionActions.kind,
        reason: supervisionActions.reason,
        createdAt: supervisionActions.createdAt,
        supervisorName: users.name,
      })
      .from(supervisionActions)
      .innerJoin(users, eq(users.id, supervisionActions.supervisorId))
      .where(eq(supervisionActions.organisationId, organisationId))
      .orderBy(desc(supervisionActions.createdAt), desc(supervisionActions.id)),
    ctx.db.select({ n: count() }).from(users).where(eq(users.organisationId, organisationId)),
  ])
  return {
    organisation: { ...organisation, regionLabel: agencyRegionLabel(organisation.regionCode) },
    history,
    userCount: members?.n ?? 0,
    // Agencies never buy, so only a buyer's publishing answer is worth showing.
    publishing: organisation.kind === 'agency' ? null : canPublishProjects(organisation),
  }
}

/** Whether the actor's organisation may publish project requests now, and if not, why. */
export async function getPublishingStatus(ctx: Ctx): Promise<PublishingAnswer> {
  const actor = requireActor(ctx)
  if (!actor.organisationId) return { ok: false, reason: '监管人员不发布采购项目' }
  const [organisation] = await ctx.db
    .select({
      kind: organisations.kind,
      verifiedAt: organisations.verifiedAt,
      suspendedAt: organisations.suspendedAt,
    })
    .from(organisations)
    .where(eq(organisations.id, actor.organisationId))
  if (!organisation) throw notFound()
  return canPublishProjects(organisation)
}
