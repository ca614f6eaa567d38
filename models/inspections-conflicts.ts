import { and, eq } from 'drizzle-orm'
import { appendAuditEvent } from './audit.ts'
import { platformNow } from './clock.ts'
import { type Ctx, requireRole } from './context.ts'
import { inspectorConflicts } from './db/schema-credit.ts'
import { organisations } from './db/schema.ts'
import { inTransaction } from './db/transaction.ts'
import { ValidationError } from './errors.ts'
import { activeSupervisors, parseModelInput } from './inspections.ts'
import { type InspectorConflictInput, inspectorConflictSchema } from './validation/inspections.ts'

/** 回避: the inspector is never drawn for the agency from the next draw on. */
export async function declareConflict(ctx: Ctx, input: InspectorConflictInput) {
  const actor = requireRole(ctx, 'supervisor')
  const form = parseModelInput(inspectorConflictSchema, input)
  return inTransaction(ctx.db, async (tx) => {
    if ((await activeSupervisors(tx, [form.userId])).length === 0)
      throw ValidationError.field('userId', '请选择在职的监管人员')
    const [agency] = await tx
      .select({ id: organisations.id })
      .from(organisations)
      .where(and(eq(organisations.id, form.agencyId), eq(organisations.kind, 'agency')))
    if (!agency) throw ValidationError.field('agencyId', '该中介机构不存在')
    const [row] = await tx
      .insert(inspectorConflicts)
      .values({
        userId: form.userId,
        agencyId: form.agencyId,
        reason: form.reason,
        declaredBy: actor.userId,
        declaredAt: await platformNow(tx),
      })
      .onConflictDoNothing()
      .returning({ id: inspectorConflicts.id })
    if (!row) throw ValidationError.field('agencyId', '该回避关系已登记')
    await appendAuditEvent(tx, {
      actorUserId: actor.userId,
      action: 'inspection.conflict_declared',
      subjectType: 'user',
      subjectId: form.userId,
      data: { agencyId: form.agencyId, reason: form.reason },
    })
    return row.id
  })
}
