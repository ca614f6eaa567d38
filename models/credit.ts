import { and, eq, gt, inArray, isNull, sql } from 'drizzle-orm'
import { reindexAgencies, syncCreditGrades } from '../search/indexing.ts'
import { appendAuditEvent } from './audit.ts'
import type { Database } from './db/client.ts'
import { blacklistEntries, creditRecords, marketExits } from './db/schema-credit.ts'
import { bids, projects } from './db/schema-procedures.ts'
import { organisations } from './db/schema.ts'
import { notifyOrganisations, notifySupervisors } from './notifications.ts'
import {
  addMonths,
  blacklistTrigger,
  computeCreditScore,
  type CreditRuleCode,
  creditRules,
  EXIT_RULE,
  REPLY_WORKDAYS,
} from './rules/credit-rules.ts'
import { formatShanghaiDate } from './rules/shanghai-time.ts'
import { liveSealedBidsOf } from './sealed-bids.ts'
import { loadWorkdayCalendar } from './workday-calendar.ts'

export type CreditRecord = typeof creditRecords.$inferSelect

export interface NewCreditRecord {
  agencyId: string
  rule: CreditRuleCode
  /** Only for evaluations, whose points depend on the score; otherwise the rule's. */
  points?: number
  sourceType: string
  sourceId: string | null
  projectId?: string | null
  summary: string
  createdBy?: string | null
}

/**
 * Adds a credit record in the caller's transaction. A supervisor's finding waits for the
 * agency's reply (REPLY_WORKDAYS working days); any other record counts at once, moving the
 * score and, where the rule says so, putting the agency on the blacklist. The same source
 * twice (rule, source, agency) adds nothing.
 */
export async function addCreditRecord(tx: Database, input: NewCreditRecord, now: Date) {
  const rule = creditRules[input.rule]
  const calendar = rule.needsReply ? await loadWorkdayCalendar(tx) : null
  const [record] = await tx
    .insert(creditRecords)
    .values({
      agencyId: input.agencyId,
      rule: input.rule,
      points: input.points ?? rule.points,
      sourceType: input.sourceType,
      sourceId: input.sourceId,
      projectId: input.projectId ?? null,
      summary: input.summary,
      status: rule.needsReply ? 'pending' : 'final',
      occurredAt: now,
      effectiveAt: rule.needsReply ? null : now,
      expiresAt: addMonths(now, rule.expiryMonths),
      replyDueAt: calendar ? calendar.addWorkdays(now, REPLY_WORKDAYS) : null,
      createdBy: input.createdBy ?? null,
    })
    .onConflictDoNothing()
    .returning()
  if (!record) return null
  await appendAuditEvent(tx, {
    actorUserId: input.createdBy ?? null,
    action: rule.needsReply ? 'credit.finding' : 'credit.recorded',
    subjectType: 'organisation',
    subjectId: input.agencyId,
    data: { recordId: record.id, rule: input.rule, points: record.points },
  })
  if (rule.needsReply)
    await notifyOrganisations(tx, [input.agencyId], {
      kind: 'credit.finding',
      title: `监管认定：${rule.name}（${record.points} 分），请在 ${formatShanghaiDate(record.replyDueAt!)} 前陈述意见`,
      body: input.summary,
      link: `/agencies/${input.agencyId}/credit#record-${record.id}`,
    })
  else await countRecord(tx, record, now)
  return record
}

/** A record starts to count: the score moves, and a blacklisting rule may apply. */
export async function countRecord(tx: Database, record: CreditRecord, now: Date) {
  if (record.status !== 'final') {
    await tx
      .update(creditRecords)
      .set({ status: 'final', effectiveAt: now })
      .where(eq(creditRecords.id, record.id))
  }
  const prior = await tx
    .select({ rule: creditRecords.rule, effectiveAt: creditRecords.effectiveAt })
    .from(creditRecords)
    .where(
      and(
        eq(creditRecords.agencyId, record.agencyId),
        eq(creditRecords.status, 'final'),
        sql`${creditRecords.id} <> ${record.id}`,
      ),
    )
  const trigger = blacklistTrigger(
    record.rule as CreditRuleCode,
    prior.map((p) => ({ rule: p.rule as CreditRuleCode, effectiveAt: p.effectiveAt! })),
    now,
  )
  if (trigger)
    await blacklistAgency(
      tx,
      {
        agencyId: record.agencyId,
        rule: record.rule,
        recordId: record.id,
        // The rule is kept beside the reason and shown with it: the reason is what happened.
        reason: record.summary,
        months: trigger.months,
        createdBy: null,
      },
      now,
    )
  await rescoreAgency(tx, record.agencyId, now)
}

/**
 * Recomputes one agency's score and grade from its records; on any change its search rows
 * follow (search filters by grade and sorts by score).
 */
export async function rescoreAgency(tx: Database, agencyId: string, now: Date) {
  const rows = await tx
    .select({
      id: creditRecords.id,
      rule: creditRecords.rule,
      points: creditRecords.points,
      status: creditRecords.status,
      effectiveAt: creditRecords.effectiveAt,
      expiresAt: creditRecords.expiresAt,
    })
    .from(creditRecords)
    .where(eq(creditRecords.agencyId, agencyId))
  const { score, grade } = computeCreditScore(
    rows.map((r) => ({ ...r, rule: r.rule as CreditRuleCode })),
    now,
  )
  const [before] = await tx
    .select({ score: organisations.creditScore, grade: organisations.creditGrade })
    .from(organisations)
    .where(eq(organisations.id, agencyId))
  if (before?.score === score && before.grade === grade) return { score, grade }
  await tx
    .update(organisations)
    .set({ creditScore: score, creditGrade: grade })
    .where(eq(organisations.id, agencyId))
  await syncCreditGrades(tx, [agencyId])
  return { score, grade }
}

export interface BlacklistInput {
  agencyId: string
  rule: string
  recordId?: string | null
  reason: string
  months: number
  createdBy: string | null
}

/**
 * 列入失信名单, effective at once: no new bids, sign-ups or draws, and live bids in open
 * procedures are set aside with the reason. The second blacklisting within EXIT_RULE's
 * window removes the agency from the market (清退).
 */
export async function blacklistAgency(tx: Database, input: BlacklistInput, now: Date) {
  const endsAt = addMonths(now, input.months)
  const [entry] = await tx
    .insert(blacklistEntries)
    .values({
      agencyId: input.agencyId,
      rule: input.rule,
      recordId: input.recordId ?? null,
      reason: input.reason,
      startsAt: now,
      endsAt,
      createdBy: input.createdBy,
    })
    .returning()
  const [agency] = await tx
    .select({
      until: organisations.blacklistedUntil,
      uscc: organisations.uscc,
      name: organisations.name,
      exitedAt: organisations.exitedAt,
    })
    .from(organisations)
    .where(eq(organisations.id, input.agencyId))
    .for('update')
  const until = agency?.until && agency.until > endsAt ? agency.until : endsAt
  await tx
    .update(organisations)
    .set({ blacklistedUntil: until })
    .where(eq(organisations.id, input.agencyId))
  const setAside = await setAsideOpenBids(
    tx,
    input.agencyId,
    `该机构已被列入失信名单：${input.reason}`,
    now,
  )
  await appendAuditEvent(tx, {
    actorUserId: input.createdBy,
    action: 'organisation.blacklisted',
    subjectType: 'organisation',
    subjectId: input.agencyId,
    data: {
      entryId: entry!.id,
      rule: input.rule,
      endsAt: endsAt.toISOString(),
      bidsSetAside: setAside,
    },
  })
  await notifyOrganisations(tx, [input.agencyId], {
    kind: 'credit.blacklisted',
    title: `贵机构已被列入失信名单至 ${formatShanghaiDate(until)}`,
    body: input.reason,
    link: `/agencies/${input.agencyId}/credit`,
  })
  const recent = await tx
    .select({ id: blacklistEntries.id })
    .from(blacklistEntries)
    .where(
      and(
        eq(blacklistEntries.agencyId, input.agencyId),
        gt(blacklistEntries.startsAt, addMonths(now, -EXIT_RULE.withinMonths)),
        isNull(blacklistEntries.liftedAt),
      ),
    )
  // Already out of the market: a further entry is recorded, but there is nothing to exit.
  if (recent.length >= EXIT_RULE.count && agency && !agency.exitedAt)
    await exitMarket(
      tx,
      {
        agencyId: input.agencyId,
        uscc: agency.uscc,
        reason: `${EXIT_RULE.withinMonths} 个月内第 ${recent.length} 次列入失信名单`,
        createdBy: input.createdBy,
      },
      now,
    )
  await reindexAgencies(tx, [input.agencyId])
  return entry!
}

/** Live bids of the agency in procedures still taking bids: set aside, never opened for it. */
async function setAsideOpenBids(tx: Database, agencyId: string, reason: string, now: Date) {
  const open = await tx
    .select({ id: bids.id })
    .from(bids)
    .innerJoin(projects, eq(projects.id, bids.projectId))
    .where(and(liveSealedBidsOf(agencyId), isNull(bids.setAsideAt)))
  if (open.length === 0) return 0
  await tx
    .update(bids)
    .set({ setAsideAt: now, setAsideReason: reason })
    .where(
      inArray(
        bids.id,
        open.map((b) => b.id),
      ),
    )
  return open.length
}

/** 清退: out of the directory and search; the USCC may not sign up again until `until`. */
export async function exitMarket(
  tx: Database,
  input: { agencyId: string; uscc: string; reason: string; createdBy: string | null },
  now: Date,
) {
  const until = addMonths(now, EXIT_RULE.months)
  await tx.insert(marketExits).values({ ...input, exitedAt: now, until })
  await tx.update(organisations).set({ exitedAt: now }).where(eq(organisations.id, input.agencyId))
  await appendAuditEvent(tx, {
    actorUserId: input.createdBy,
    action: 'organisation.exited',
    subjectType: 'organisation',
    subjectId: input.agencyId,
    data: { reason: input.reason, until: until.toISOString() },
  })
  await notifySupervisors(tx, {
    kind: 'credit.exited',
    title: '有机构被清退出市场',
    body: input.reason,
    link: `/agencies/${input.agencyId}/credit`,
  })
}
