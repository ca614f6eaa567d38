import { and, eq, inArray, ne } from 'drizzle-orm'
import { appendAuditEvent } from './audit.ts'
import { platformNow } from './clock.ts'
import { type Ctx, requireRole } from './context.ts'
import { addCreditRecord } from './credit.ts'
import { collusionFlags } from './db/schema-credit.ts'
import { organisations } from './db/schema.ts'
import { inTransaction } from './db/transaction.ts'
import { NotFoundError, ValidationError } from './errors.ts'
import { notifyOrganisations } from './notifications.ts'
import { collusionKindNames } from './rules/collusion/kinds.ts'
import type { CollusionKind } from './rules/collusion/types.ts'

export interface FlagRuling {
  confirm: boolean
  reason: string
}

/**
 * A supervisor's ruling on a flag, with a reason. Confirming an agencies' flag is a finding
 * of collusion against each agency in it: a pending 串通投标 record that the agency may
 * answer within the reply window, after which it counts (and the rule blacklists). A
 * confirmed buyer's flag is recorded and told to the buyer. Dismissing changes nothing else.
 */
export async function ruleFlag(ctx: Ctx, flagId: number, ruling: FlagRuling) {
  const actor = requireRole(ctx, 'supervisor')
  return inTransaction(ctx.db, async (tx) => {
    if (!Number.isSafeInteger(flagId) || flagId <= 0) throw new NotFoundError('线索不存在')
    const [flag] = await tx
      .select()
      .from(collusionFlags)
      .where(eq(collusionFlags.id, flagId))
      .for('update')
    if (!flag) throw new NotFoundError('线索不存在')
    if (flag.status !== 'open') throw ValidationError.field('reason', '该线索已经处理过')
    const now = await platformNow(tx)
    await tx
      .update(collusionFlags)
      .set({
        status: ruling.confirm ? 'confirmed' : 'dismissed',
        ruling: ruling.reason,
        ruledAt: now,
        ruledBy: actor.userId,
      })
      .where(eq(collusionFlags.id, flag.id))
    const kindName = collusionKindNames[flag.kind as CollusionKind] ?? flag.kind
    const recordIds: string[] = []
    if (ruling.confirm && flag.side === 'agencies')
      for (const agencyId of flag.organisationIds) {
        const record = await addCreditRecord(
          tx,
          {
            agencyId,
            rule: 'collusion',
            sourceType: 'collusion',
            sourceId: String(flag.id),
            projectId: flag.projectId,
            summary: `监管部门经核查认定串通投标（${kindName}）：${ruling.reason}`,
            createdBy: actor.userId,
          },
          now,
        )
        if (record) recordIds.push(record.id)
      }
    if (ruling.confirm && flag.side === 'buyer') {
      const buyers = await tx
        .select({ id: organisations.id })
        .from(organisations)
        .where(
          and(inArray(organisations.id, flag.organisationIds), ne(organisations.kind, 'agency')),
        )
      await notifyOrganisations(
        tx,
        buyers.map((b) => b.id),
        {
          kind: 'collusion.buyer_finding',
          title: `监管部门认定：${kindName}`,
          body: ruling.reason,
        },
      )
    }
    await appendAuditEvent(tx, {
      actorUserId: actor.userId,
      action: ruling.confirm ? 'collusion.confirmed' : 'collusion.dismissed',
      subjectType: 'collusion_flag',
      subjectId: String(flag.id),
      data: {
        kind: flag.kind,
        side: flag.side,
        organisationIds: flag.organisationIds,
        reason: ruling.reason,
        recordIds,
      },
    })
    return { status: ruling.confirm ? ('confirmed' as const) : ('dismissed' as const), recordIds }
  })
}
