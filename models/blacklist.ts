import { and, eq, gt, isNull, max } from 'drizzle-orm'
import type { z } from 'zod'
import { reindexAgencies } from '../search/indexing.ts'
import { appendAuditEvent } from './audit.ts'
import { restoreSetAsideBids } from './blacklist-bids.ts'
import { platformNow } from './clock.ts'
import type { Ctx } from './context.ts'
import { requireRole } from './context.ts'
import { blacklistAgency } from './credit.ts'
import type { Database } from './db/client.ts'
import { blacklistEntries } from './db/schema-credit.ts'
import { organisations } from './db/schema.ts'
import { inTransaction } from './db/transaction.ts'
import { NotFoundError, ValidationError } from './errors.ts'
import { notifyOrganisations } from './notifications.ts'
import { EXIT_RULE } from './rules/credit-rules.ts'
import { formatShanghaiDate } from './rules/shanghai-time.ts'
import {
  blacklistAgencySchema,
  liftBlacklistSchema,
  type BlacklistAgencyForm,
  type LiftBlacklistForm,
} from './validation/blacklist.ts'

/** The rule code of an entry a supervisor made without a credit rule. */
export const SUPERVISOR_RULE = 'supervisor'

/** Model-side check of a form (the route checks it too): the first problem, on its field. */
function parsed<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input)
  if (result.success) return result.data
  const issue = result.error.issues[0]!
  throw ValidationError.field(String(issue.path[0] ?? 'reason'), issue.message)
}

/**
 * A supervisor's own decision (监管部门决定): the agency is on the blacklist from now for
 * `months`, with a public reason. Everything else — set-aside bids, search, the second
 * blacklisting's exit — is blacklistAgency's.
 */
export async function blacklistBySupervisor(
  ctx: Ctx,
  input: Omit<BlacklistAgencyForm, 'intent' | 'again'> & { again?: boolean },
) {
  const actor = requireRole(ctx, 'supervisor')
  const form = parsed(blacklistAgencySchema, { ...input, intent: 'blacklist' })
  return inTransaction(ctx.db, async (tx) => {
    const [agency] = await tx
      .select({ kind: organisations.kind, exitedAt: organisations.exitedAt })
      .from(organisations)
      .where(eq(organisations.id, form.agencyId))
      .for('update')
    if (agency?.kind !== 'agency') throw new NotFoundError('该机构不存在')
    if (agency.exitedAt)
      throw ValidationError.field('agencyId', '该机构已被清退出市场，无需再列入失信名单')
    const now = await platformNow(tx)
    // A second, overlapping entry counts as a repeat listing and removes the agency from the
    // market: only for a further breach, said so, never for a form sent twice or a new term.
    const [live] = await tx
      .select({ until: max(blacklistEntries.endsAt) })
      .from(blacklistEntries)
      .where(
        and(
          eq(blacklistEntries.agencyId, form.agencyId),
          isNull(blacklistEntries.liftedAt),
          gt(blacklistEntries.endsAt, now),
        ),
      )
    if (live?.until && !form.again)
      throw ValidationError.field(
        'again',
        `该机构已在失信名单中，至 ${formatShanghaiDate(live.until)}。再次列入会计入清退次数（${EXIT_RULE.withinMonths} 个月内第 ${EXIT_RULE.count} 次列入即清退出市场）：如确为另一项查实的失信行为，请勾选确认；如只是调整期限，请先提前移出原记录再重新列入`,
      )
    return blacklistAgency(
      tx,
      {
        agencyId: form.agencyId,
        rule: SUPERVISOR_RULE,
        recordId: null,
        reason: form.reason,
        months: form.months,
        createdBy: actor.userId,
      },
      now,
    )
  })
}

/** A supervisor ends an entry before its term, with a public reason. */
export async function liftBlacklist(ctx: Ctx, input: Omit<LiftBlacklistForm, 'intent'>) {
  const actor = requireRole(ctx, 'supervisor')
  const form = parsed(liftBlacklistSchema, { ...input, intent: 'lift' })
  return inTransaction(ctx.db, async (tx) => {
    const now = await platformNow(tx)
    const [entry] = await tx
      .select()
      .from(blacklistEntries)
      .where(eq(blacklistEntries.id, form.entryId))
      .for('update')
    if (!entry) throw new NotFoundError('该失信记录不存在')
    if (entry.liftedAt) throw ValidationError.field('entryId', '该记录已提前移出')
    if (entry.endsAt <= now) throw ValidationError.field('entryId', '该记录已期满，无需移出')
    return endBlacklistEntry(tx, entry.id, { reason: form.reason, liftedBy: actor.userId }, now)
  })
}

/**
 * Lifts the entries a credit record triggered, e.g. when the record is reversed on appeal.
 * For callers already in a transaction; entries already ended are left as they are.
 */
export async function liftEntriesOfRecord(
  tx: Database,
  recordId: string,
  lift: { reason: string; liftedBy: string | null },
  now: Date,
) {
  const live = await tx
    .select({ id: blacklistEntries.id })
    .from(blacklistEntries)
    .where(
      and(
        eq(blacklistEntries.recordId, recordId),
        isNull(blacklistEntries.liftedAt),
        gt(blacklistEntries.endsAt, now),
      ),
    )
  for (const { id } of live) await endBlacklistEntry(tx, id, lift, now)
  return live.length
}

/**
 * Ends one entry now. The agency's blacklisted_until becomes the latest end among its other
 * live entries (null when none): only then is it back in search and its set-aside bids in
 * procedures still taking bids count again.
 */
async function endBlacklistEntry(
  tx: Database,
  entryId: string,
  lift: { reason: string; liftedBy: string | null },
  now: Date,
) {
  const [entry] = await tx
    .update(blacklistEntries)
    .set({ liftedAt: now, liftReason: lift.reason, liftedBy: lift.liftedBy })
    .where(eq(blacklistEntries.id, entryId))
    .returning()
  const agencyId = entry!.agencyId
  const until = await recomputeBlacklistedUntil(tx, agencyId, now)
  await reindexAgencies(tx, [agencyId])
  const restored = until ? 0 : await restoreSetAsideBids(tx, agencyId, now)
  await notifyOrganisations(tx, [agencyId], {
    kind: 'credit.blacklist_lifted',
    title: until
      ? `贵机构的一条失信记录已提前移出；仍在失信名单中至 ${formatShanghaiDate(until)}`
      : '贵机构已被提前移出失信名单',
    body: `理由：${lift.reason}`,
    link: `/agencies/${agencyId}`,
  })
  await appendAuditEvent(tx, {
    actorUserId: lift.liftedBy,
    action: 'organisation.blacklist_lifted',
    subjectType: 'organisation',
    subjectId: agencyId,
    data: {
      entryId,
      reason: lift.reason,
      blacklistedUntil: until?.toISOString() ?? null,
      bidsRestored: restored,
    },
  })
  return { ...entry!, blacklistedUntil: until, bidsRestored: restored }
}

/** organisations.blacklisted_until from the agency's live entries; null when none is live. */
export async function recomputeBlacklistedUntil(tx: Database, agencyId: string, now: Date) {
  const [row] = await tx
    .select({ until: max(blacklistEntries.endsAt) })
    .from(blacklistEntries)
    .where(
      and(
        eq(blacklistEntries.agencyId, agencyId),
        isNull(blacklistEntries.liftedAt),
        gt(blacklistEntries.endsAt, now),
      ),
    )
  const until = row?.until ? new Date(row.until) : null
  await tx
    .update(organisations)
    .set({ blacklistedUntil: until })
    .where(eq(organisations.id, agencyId))
  return until
}
