import { and, eq, isNull } from 'drizzle-orm'
import { appendAuditEvent } from './audit.ts'
import { platformNow } from './clock.ts'
import { type Ctx, requireRole } from './context.ts'
import { type CreditRecord, rescoreAgency } from './credit.ts'
import { creditLink, lockCreditRecord } from './credit-findings.ts'
import type { Database } from './db/client.ts'
import { creditAppeals, creditRecords } from './db/schema-credit.ts'
import { liftEntriesOfRecord } from './blacklist.ts'
import { inTransaction } from './db/transaction.ts'
import { ForbiddenError, NotFoundError, ValidationError } from './errors.ts'
import { notifyOrganisations, notifySupervisors } from './notifications.ts'
import { requireOwnOrganisation } from './profiles.ts'
import { type CreditRuleCode, creditRules } from './rules/credit-rules.ts'
import { isUuid } from './validation/registry.ts'

// 信用申诉: the agency appeals a final record; a supervisor rules with a public reason. An
// upheld appeal reverses the record (it stays visible as reversed), gives the points back
// and lifts a blacklisting that record caused.

const ruleName = (record: CreditRecord) => creditRules[record.rule as CreditRuleCode].name

/** The agency appeals one of its final records; one open appeal per record at a time. */
export async function fileAppeal(
  ctx: Ctx,
  recordId: string,
  input: { grounds: string; uploadId?: string | null },
) {
  const { actor, organisationId } = requireOwnOrganisation(ctx, 'agency')
  return inTransaction(ctx.db, async (tx) => {
    const record = await lockCreditRecord(tx, recordId)
    if (record.agencyId !== organisationId) throw new ForbiddenError('只能对本机构的记录申诉')
    if (record.status !== 'final')
      throw ValidationError.field(
        'grounds',
        record.status === 'pending' ? '该认定尚未生效，请先陈述意见' : '该记录已不计分，无需申诉',
      )
    const [open] = await tx
      .select({ id: creditAppeals.id })
      .from(creditAppeals)
      .where(and(eq(creditAppeals.recordId, record.id), isNull(creditAppeals.decidedAt)))
    if (open) throw ValidationError.field('grounds', '该记录已有待裁决的申诉')
    const now = await platformNow(tx)
    const [appeal] = await tx
      .insert(creditAppeals)
      .values({
        recordId: record.id,
        agencyId: organisationId,
        grounds: input.grounds,
        uploadId: input.uploadId ?? null,
        filedAt: now,
        filedBy: actor.userId,
      })
      .returning()
    await notifySupervisors(tx, {
      kind: 'credit.appealed',
      title: `信用申诉：${actor.organisationName ?? ''}对“${ruleName(record)}”（${record.points} 分）`,
      body: input.grounds,
      link: '/supervisor/findings#appeals',
    })
    await appendAuditEvent(tx, {
      actorUserId: actor.userId,
      action: 'credit.appealed',
      subjectType: 'organisation',
      subjectId: organisationId,
      data: { recordId: record.id, appealId: appeal!.id, uploadId: input.uploadId ?? null },
    })
    return appeal!
  })
}

/** Locks the appeal's record, then the appeal: the order fileAppeal and the findings use. */
async function lockAppeal(tx: Database, appealId: string) {
  if (!isUuid(appealId)) throw new NotFoundError('申诉不存在')
  const [head] = await tx
    .select({ recordId: creditAppeals.recordId })
    .from(creditAppeals)
    .where(eq(creditAppeals.id, appealId))
  if (!head) throw new NotFoundError('申诉不存在')
  const record = await lockCreditRecord(tx, head.recordId)
  const [appeal] = await tx
    .select()
    .from(creditAppeals)
    .where(eq(creditAppeals.id, appealId))
    .for('update')
  return { record, appeal: appeal! }
}

/** A supervisor rules on an open appeal; upheld reverses the record and its blacklisting. */
export async function ruleAppeal(
  ctx: Ctx,
  appealId: string,
  input: { upheld: boolean; reason: string },
) {
  const actor = requireRole(ctx, 'supervisor')
  return inTransaction(ctx.db, async (tx) => {
    const { record, appeal } = await lockAppeal(tx, appealId)
    if (appeal.decidedAt) throw ValidationError.field('ruling', '该申诉已裁决')
    if (input.upheld && record.status !== 'final')
      throw ValidationError.field('ruling', '该记录已不计分，无需撤销')
    const now = await platformNow(tx)
    await tx
      .update(creditAppeals)
      .set({
        decision: input.upheld ? 'upheld' : 'dismissed',
        decisionReason: input.reason,
        decidedAt: now,
        decidedBy: actor.userId,
      })
      .where(eq(creditAppeals.id, appeal.id))
    let lifted = 0
    if (input.upheld) {
      await tx
        .update(creditRecords)
        .set({ status: 'reversed', endedAt: now, endReason: input.reason, endedBy: actor.userId })
        .where(eq(creditRecords.id, record.id))
      await rescoreAgency(tx, record.agencyId, now)
      // The shared lift also restores set-aside bids and records each entry's end.
      lifted = await liftEntriesOfRecord(
        tx,
        record.id,
        { reason: `申诉成立，记录撤销：${input.reason}`, liftedBy: actor.userId },
        now,
      )
    }
    await notifyOrganisations(tx, [record.agencyId], {
      kind: 'credit.appeal_ruled',
      title: input.upheld
        ? `申诉成立：“${ruleName(record)}”记录已撤销${lifted ? '，失信名单已解除' : ''}`
        : `申诉不成立：“${ruleName(record)}”记录维持`,
      body: `理由：${input.reason}`,
      link: creditLink(record.agencyId, record.id),
    })
    await appendAuditEvent(tx, {
      actorUserId: actor.userId,
      action: 'credit.appeal_ruled',
      subjectType: 'organisation',
      subjectId: record.agencyId,
      data: {
        appealId: appeal.id,
        recordId: record.id,
        upheld: input.upheld,
        reason: input.reason,
        liftedBlacklistEntries: lifted,
      },
    })
  })
}
