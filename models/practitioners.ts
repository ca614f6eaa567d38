import { and, desc, eq } from 'drizzle-orm'
import { appendAuditEvent } from './audit.ts'
import type { Ctx } from './context.ts'
import { organisations, practitioners } from './db/schema.ts'
import { inTransaction } from './db/transaction.ts'
import { ForbiddenError, NotFoundError, ValidationError } from './errors.ts'
import { requireOwnOrganisation } from './profiles.ts'
import { maskCertificateNumber } from './rules/qualifications.ts'
import { isUuid, type PractitionerInput } from './validation/registry.ts'

// Public pages show a practitioner's certificate number masked.
export { maskCertificateNumber }

/** The agency's own practitioners, certificate numbers in full. */
export async function listMyPractitioners(ctx: Ctx) {
  const { organisationId } = requireOwnOrganisation(ctx, 'agency')
  return ctx.db
    .select()
    .from(practitioners)
    .where(eq(practitioners.agencyId, organisationId))
    .orderBy(desc(practitioners.createdAt))
}

export async function addPractitioner(ctx: Ctx, input: PractitionerInput) {
  const { actor, organisationId } = requireOwnOrganisation(ctx, 'agency')
  return inTransaction(ctx.db, async (tx) => {
    // One add at a time per agency, so a double submit finds the first one's row.
    await tx
      .select({ id: organisations.id })
      .from(organisations)
      .where(eq(organisations.id, organisationId))
      .for('update')
    const [same] = await tx
      .select({ name: practitioners.name })
      .from(practitioners)
      .where(
        and(
          eq(practitioners.agencyId, organisationId),
          eq(practitioners.certificateType, input.certificateType),
          eq(practitioners.certificateNumber, input.certificateNumber),
        ),
      )
    if (same)
      throw ValidationError.field(
        'certificateNumber',
        `本机构已登记过这本证书（${same.name}），同一证书不能重复登记`,
      )
    const [row] = await tx
      .insert(practitioners)
      .values({ agencyId: organisationId, ...input })
      .returning()
    await appendAuditEvent(tx, {
      actorUserId: actor.userId,
      action: 'practitioner.added',
      subjectType: 'practitioner',
      subjectId: row!.id,
      // In full: supervisors checking for false materials need what was claimed.
      data: { agencyId: organisationId, ...input },
    })
    return row!
  })
}

/** Removes one of the actor's own practitioners; another agency's is refused. */
export async function removePractitioner(ctx: Ctx, id: string) {
  const { actor, organisationId } = requireOwnOrganisation(ctx, 'agency')
  if (!isUuid(id)) throw new NotFoundError('执业人员不存在')
  await inTransaction(ctx.db, async (tx) => {
    const [row] = await tx
      .select()
      .from(practitioners)
      .where(eq(practitioners.id, id))
      .for('update')
    if (!row) throw new NotFoundError('执业人员不存在')
    if (row.agencyId !== organisationId) throw new ForbiddenError('只能删除本机构的执业人员')
    await tx.delete(practitioners).where(eq(practitioners.id, id))
    await appendAuditEvent(tx, {
      actorUserId: actor.userId,
      action: 'practitioner.removed',
      subjectType: 'practitioner',
      subjectId: id,
      data: { agencyId: organisationId, name: row.name },
    })
  })
}
