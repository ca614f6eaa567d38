import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm'
import { platformNow } from './clock.ts'
import { type Ctx, requireRole } from './context.ts'
import { blacklistEntries, creditAppeals, creditRecords } from './db/schema-credit.ts'
import { projects } from './db/schema-procedures.ts'
import { organisations, uploads } from './db/schema.ts'
import { NotFoundError } from './errors.ts'
import {
  computeCreditScore,
  type CreditRuleCode,
  creditRules,
  displayedGrade,
  gradeNames,
  type RecordEffect,
} from './rules/credit-rules.ts'
import { isUuid } from './validation/registry.ts'

// The public credit page of an agency, and the supervisors' queues of findings and appeals.
// Records name their rule, source and the agency's own words; never a complainant.

export const CREDIT_RECORDS_PER_PAGE = 20

/** Why a record counts what it counts; pending ones say what they are waiting for. */
export type RecordWhy =
  Exclude<RecordEffect['why'], 'pending'> | 'awaiting reply' | 'awaiting decision' | 'reply closed'

interface PendingState {
  status: string
  reply: string | null
  replyDueAt: Date | null
}

function whyOf(record: PendingState, effect: RecordEffect | undefined, now: Date): RecordWhy {
  if (effect && effect.why !== 'pending') return effect.why
  if (record.reply != null) return 'awaiting decision'
  return record.replyDueAt && now >= record.replyDueAt ? 'reply closed' : 'awaiting reply'
}

export type CreditViewer = 'own agency' | 'supervisor' | 'public'

export async function getAgencyCreditPage(
  ctx: Ctx,
  agencyId: string,
  { page = 1, pageSize = CREDIT_RECORDS_PER_PAGE } = {},
) {
  if (!isUuid(agencyId)) throw new NotFoundError('中介机构不存在')
  const [agency] = await ctx.db
    .select({
      id: organisations.id,
      name: organisations.name,
      exitedAt: organisations.exitedAt,
      blacklistedUntil: organisations.blacklistedUntil,
    })
    .from(organisations)
    .where(and(eq(organisations.id, agencyId), eq(organisations.kind, 'agency')))
  if (!agency) throw new NotFoundError('中介机构不存在')
  const [now, rows, entries] = await Promise.all([
    platformNow(ctx.db),
    ctx.db
      .select({ record: creditRecords, projectTitle: projects.title })
      .from(creditRecords)
      .leftJoin(projects, eq(projects.id, creditRecords.projectId))
      .where(eq(creditRecords.agencyId, agency.id))
      .orderBy(desc(creditRecords.occurredAt), desc(creditRecords.id)),
    ctx.db
      .select({
        id: blacklistEntries.id,
        rule: blacklistEntries.rule,
        recordId: blacklistEntries.recordId,
        reason: blacklistEntries.reason,
        startsAt: blacklistEntries.startsAt,
        endsAt: blacklistEntries.endsAt,
        liftedAt: blacklistEntries.liftedAt,
        liftReason: blacklistEntries.liftReason,
      })
      .from(blacklistEntries)
      .where(eq(blacklistEntries.agencyId, agency.id))
      .orderBy(desc(blacklistEntries.startsAt)),
  ])
  const { score, grade, effects } = computeCreditScore(
    rows.map(({ record: r }) => ({ ...r, rule: r.rule as CreditRuleCode })),
    now,
  )
  const effectOf = new Map(effects.map((e) => [e.id, e]))
  const pageCount = Math.max(1, Math.ceil(rows.length / pageSize))
  const current = Math.min(Math.max(1, page), pageCount)
  const shown = rows.slice((current - 1) * pageSize, current * pageSize)
  const appeals = shown.length
    ? await ctx.db
        .select({
          id: creditAppeals.id,
          recordId: creditAppeals.recordId,
          grounds: creditAppeals.grounds,
          uploadId: creditAppeals.uploadId,
          uploadName: uploads.originalName,
          filedAt: creditAppeals.filedAt,
          decision: creditAppeals.decision,
          decisionReason: creditAppeals.decisionReason,
          decidedAt: creditAppeals.decidedAt,
        })
        .from(creditAppeals)
        .leftJoin(uploads, eq(uploads.id, creditAppeals.uploadId))
        .where(
          inArray(
            creditAppeals.recordId,
            shown.map((r) => r.record.id),
          ),
        )
        .orderBy(asc(creditAppeals.filedAt), asc(creditAppeals.id))
    : []
  const viewer: CreditViewer =
    ctx.actor?.role === 'supervisor'
      ? 'supervisor'
      : ctx.actor?.organisationId === agency.id
        ? 'own agency'
        : 'public'
  const records = shown.map(({ record: r, projectTitle }) => {
    const effect = effectOf.get(r.id)
    const why = whyOf(r, effect, now)
    const own = appeals.filter((a) => a.recordId === r.id)
    const openAppeal = own.find((a) => a.decidedAt == null)
    return {
      id: r.id,
      rule: r.rule as CreditRuleCode,
      ruleName: creditRules[r.rule as CreditRuleCode]?.name ?? r.rule,
      points: r.points,
      counted: effect?.counted ?? 0,
      why,
      status: r.status,
      sourceType: r.sourceType,
      projectId: r.projectId,
      projectTitle,
      summary: r.summary,
      occurredAt: r.occurredAt,
      effectiveAt: r.effectiveAt,
      expiresAt: r.expiresAt,
      replyDueAt: r.replyDueAt,
      reply: r.reply,
      repliedAt: r.repliedAt,
      decisionReason: r.decisionReason,
      endedAt: r.endedAt,
      endReason: r.endReason,
      appeals: own,
      canReply: viewer === 'own agency' && why === 'awaiting reply',
      canAppeal: viewer === 'own agency' && r.status === 'final' && !openAppeal,
      canDecide: viewer === 'supervisor' && r.status === 'pending',
      openAppealId: viewer === 'supervisor' && openAppeal ? openAppeal.id : null,
    }
  })
  const barred =
    agency.exitedAt != null || entries.some((e) => e.liftedAt == null && e.endsAt > now)
  return {
    agency: {
      id: agency.id,
      name: agency.name,
      exitedAt: agency.exitedAt,
      blacklistedUntil:
        agency.blacklistedUntil && agency.blacklistedUntil > now ? agency.blacklistedUntil : null,
    },
    score,
    grade,
    gradeName: gradeNames[displayedGrade(grade, barred)],
    viewer,
    records,
    total: rows.length,
    page: current,
    pageCount,
    blacklist: entries.map((e) => ({
      ...e,
      active: e.liftedAt == null && e.endsAt > now,
    })),
  }
}

export type CreditPage = Awaited<ReturnType<typeof getAgencyCreditPage>>
export type CreditRecordView = CreditPage['records'][number]

/** Pending findings: replied ones (awaiting a decision) first, then by reply deadline. */
export async function listPendingFindings(ctx: Ctx) {
  requireRole(ctx, 'supervisor')
  const now = await platformNow(ctx.db)
  const rows = await ctx.db
    .select({
      id: creditRecords.id,
      agencyId: creditRecords.agencyId,
      agencyName: organisations.name,
      rule: creditRecords.rule,
      points: creditRecords.points,
      sourceType: creditRecords.sourceType,
      summary: creditRecords.summary,
      occurredAt: creditRecords.occurredAt,
      replyDueAt: creditRecords.replyDueAt,
      reply: creditRecords.reply,
      repliedAt: creditRecords.repliedAt,
      status: creditRecords.status,
    })
    .from(creditRecords)
    .innerJoin(organisations, eq(organisations.id, creditRecords.agencyId))
    .where(eq(creditRecords.status, 'pending'))
    .orderBy(
      sql`${creditRecords.reply} is null`,
      asc(creditRecords.replyDueAt),
      asc(creditRecords.id),
    )
  return rows.map((r) => ({
    ...r,
    ruleName: creditRules[r.rule as CreditRuleCode]?.name ?? r.rule,
    why: whyOf(r, undefined, now),
  }))
}

/** Open appeals, oldest first, each with its record. */
export async function listOpenAppeals(ctx: Ctx) {
  requireRole(ctx, 'supervisor')
  const rows = await ctx.db
    .select({
      id: creditAppeals.id,
      recordId: creditAppeals.recordId,
      agencyId: creditAppeals.agencyId,
      agencyName: organisations.name,
      grounds: creditAppeals.grounds,
      uploadId: creditAppeals.uploadId,
      uploadName: uploads.originalName,
      filedAt: creditAppeals.filedAt,
      rule: creditRecords.rule,
      points: creditRecords.points,
      summary: creditRecords.summary,
      effectiveAt: creditRecords.effectiveAt,
      reply: creditRecords.reply,
    })
    .from(creditAppeals)
    .innerJoin(creditRecords, eq(creditRecords.id, creditAppeals.recordId))
    .innerJoin(organisations, eq(organisations.id, creditAppeals.agencyId))
    .leftJoin(uploads, eq(uploads.id, creditAppeals.uploadId))
    .where(isNull(creditAppeals.decidedAt))
    .orderBy(asc(creditAppeals.filedAt), asc(creditAppeals.id))
  return rows.map((r) => ({
    ...r,
    ruleName: creditRules[r.rule as CreditRuleCode]?.name ?? r.rule,
  }))
}
