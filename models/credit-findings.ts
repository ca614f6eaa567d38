import { and, eq, isNull, lte } from 'drizzle-orm'
import { appendAuditEvent } from './audit.ts'
import { platformNow } from './clock.ts'
import { type Ctx, requireRole } from './context.ts'
import { addCreditRecord, countRecord, type CreditRecord } from './credit.ts'
import type { Database } from './db/client.ts'
import { creditRecords } from './db/schema-credit.ts'
import { projects } from './db/schema-procedures.ts'
import { organisations } from './db/schema.ts'
import { inTransaction } from './db/transaction.ts'
import { ForbiddenError, NotFoundError, ValidationError } from './errors.ts'
import { logger } from './logger.ts'
import { notifyOrganisations, notifySupervisors } from './notifications.ts'
import { requireOwnOrganisation } from './profiles.ts'
import { type CreditRuleCode, creditRules } from './rules/credit-rules.ts'
import { formatShanghaiDateTime } from './rules/shanghai-time.ts'
import { isFindingRule } from './validation/credit-findings.ts'
import { isUuid } from './validation/registry.ts'

// A supervisor's finding starts pending (models/credit.ts gives it REPLY_WORKDAYS to reply).
// The agency replies once; a supervisor then confirms or withdraws it. Without a reply it
// becomes final when the window closes (finaliseDueFindings, on the clock).

export const creditLink = (agencyId: string, recordId?: string) =>
  `/agencies/${agencyId}/credit${recordId ? `#record-${recordId}` : ''}`

export async function lockCreditRecord(tx: Database, recordId: string): Promise<CreditRecord> {
  if (!isUuid(recordId)) throw new NotFoundError('信用记录不存在')
  const [record] = await tx
    .select()
    .from(creditRecords)
    .where(eq(creditRecords.id, recordId))
    .for('update')
  if (!record) throw new NotFoundError('信用记录不存在')
  return record
}

const ruleName = (record: CreditRecord) => creditRules[record.rule as CreditRuleCode].name

export interface NewFinding {
  agencyId: string
  rule: CreditRuleCode
  summary: string
  /** What it came from: 'supervisor' for the supervisor's own check, or 'complaint', 'inspection'… */
  sourceType?: string
  sourceId?: string | null
  projectId?: string | null
}

/** A supervisor records a finding against an agency; it waits for the agency's reply. */
export async function recordFinding(ctx: Ctx, input: NewFinding) {
  const actor = requireRole(ctx, 'supervisor')
  if (!isFindingRule(input.rule)) throw ValidationError.field('rule', '请选择认定的事项')
  return inTransaction(ctx.db, async (tx) => {
    const [agency] = isUuid(input.agencyId)
      ? await tx
          .select({ id: organisations.id })
          .from(organisations)
          .where(and(eq(organisations.id, input.agencyId), eq(organisations.kind, 'agency')))
      : []
    if (!agency) throw ValidationError.field('agency', '找不到该中介机构')
    if (input.projectId) {
      const [project] = isUuid(input.projectId)
        ? await tx
            .select({ publishedAt: projects.publishedAt })
            .from(projects)
            .where(eq(projects.id, input.projectId))
        : []
      if (!project?.publishedAt) throw ValidationError.field('project', '找不到该项目')
    }
    const now = await platformNow(tx)
    const record = await addCreditRecord(
      tx,
      {
        agencyId: agency.id,
        rule: input.rule,
        sourceType: input.sourceType ?? 'supervisor',
        sourceId: input.sourceId ?? null,
        projectId: input.projectId ?? null,
        summary: input.summary,
        createdBy: actor.userId,
      },
      now,
    )
    if (!record) throw ValidationError.field('rule', '同一来源已记录过该项认定')
    return record
  })
}

/** The agency states its case, once, before the reply window closes (database clock). */
export async function replyToFinding(ctx: Ctx, recordId: string, reply: string) {
  const { actor, organisationId } = requireOwnOrganisation(ctx, 'agency')
  return inTransaction(ctx.db, async (tx) => {
    const record = await lockCreditRecord(tx, recordId)
    if (record.agencyId !== organisationId) throw new ForbiddenError('只能对本机构的记录陈述意见')
    if (record.status !== 'pending')
      throw ValidationError.field('reply', '该认定已处理，不能再陈述意见')
    if (record.reply != null) throw ValidationError.field('reply', '已陈述过意见')
    const now = await platformNow(tx)
    if (!record.replyDueAt || now >= record.replyDueAt)
      throw ValidationError.field('reply', '陈述意见的期限已过')
    await tx
      .update(creditRecords)
      .set({ reply, repliedAt: now })
      .where(eq(creditRecords.id, record.id))
    await notifySupervisors(tx, {
      kind: 'credit.replied',
      title: `机构对监管认定陈述了意见：${ruleName(record)}`,
      body: reply,
      link: '/supervisor/findings',
    })
    await appendAuditEvent(tx, {
      actorUserId: actor.userId,
      action: 'credit.replied',
      subjectType: 'organisation',
      subjectId: record.agencyId,
      data: { recordId: record.id },
    })
  })
}

/**
 * A supervisor decides a pending finding with a public reason. Confirming needs the
 * agency's reply first (without one the finding becomes final by itself when the window
 * closes); withdrawing is possible at any time while it is pending.
 */
export async function decideFinding(
  ctx: Ctx,
  recordId: string,
  input: { confirm: boolean; reason: string },
) {
  const actor = requireRole(ctx, 'supervisor')
  return inTransaction(ctx.db, async (tx) => {
    const record = await lockCreditRecord(tx, recordId)
    if (record.status !== 'pending') throw ValidationError.field('decision', '该认定已处理')
    if (input.confirm && record.reply == null)
      throw ValidationError.field(
        'decision',
        '机构尚未陈述意见：陈述期满未陈述的，认定自动生效；现在只能撤回',
      )
    const now = await platformNow(tx)
    if (input.confirm) {
      await tx
        .update(creditRecords)
        .set({ decisionReason: input.reason })
        .where(eq(creditRecords.id, record.id))
      await countRecord(tx, record, now)
    } else {
      await tx
        .update(creditRecords)
        .set({ status: 'withdrawn', endedAt: now, endReason: input.reason, endedBy: actor.userId })
        .where(eq(creditRecords.id, record.id))
    }
    await notifyOrganisations(tx, [record.agencyId], {
      kind: 'credit.decided',
      title: input.confirm
        ? `监管部门维持认定：${ruleName(record)}（${record.points} 分），已计入信用记录`
        : `监管部门撤回认定：${ruleName(record)}，不计分`,
      body: `理由：${input.reason}`,
      link: creditLink(record.agencyId, record.id),
    })
    await appendAuditEvent(tx, {
      actorUserId: actor.userId,
      action: input.confirm ? 'credit.confirmed' : 'credit.withdrawn',
      subjectType: 'organisation',
      subjectId: record.agencyId,
      data: { recordId: record.id, reason: input.reason },
    })
  })
}

/**
 * Clock step: pending findings whose reply window has closed without a reply become final
 * and count. Replied ones wait for a supervisor. Each under its row lock, re-checked.
 */
export async function finaliseDueFindings(db: Database): Promise<number> {
  const now = await platformNow(db)
  const due = await db
    .select({ id: creditRecords.id })
    .from(creditRecords)
    .where(
      and(
        eq(creditRecords.status, 'pending'),
        isNull(creditRecords.reply),
        lte(creditRecords.replyDueAt, now),
      ),
    )
  let finalised = 0
  for (const { id } of due) {
    try {
      await inTransaction(db, async (tx) => {
        const [record] = await tx
          .select()
          .from(creditRecords)
          .where(eq(creditRecords.id, id))
          .for('update', { skipLocked: true })
        const at = await platformNow(tx)
        if (!record || record.status !== 'pending' || record.reply != null) return
        if (!record.replyDueAt || record.replyDueAt > at) return
        await countRecord(tx, record, at)
        await notifyOrganisations(tx, [record.agencyId], {
          kind: 'credit.finalised',
          title: `认定已生效：${ruleName(record)}（${record.points} 分）`,
          body: `陈述意见期限（${formatShanghaiDateTime(record.replyDueAt)}）已过，未收到陈述意见。对已生效的记录可以申诉。`,
          link: creditLink(record.agencyId, record.id),
        })
        await appendAuditEvent(tx, {
          actorUserId: null,
          action: 'credit.finalised',
          subjectType: 'organisation',
          subjectId: record.agencyId,
          data: { recordId: record.id },
        })
        finalised++
      })
    } catch (error) {
      logger.error({ err: error, recordId: id }, 'finalising a credit finding failed')
    }
  }
  return finalised
}
