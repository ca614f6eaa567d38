import { and, asc, desc, eq, isNotNull, isNull } from 'drizzle-orm'
import { reindexAgencies } from '../search/indexing.ts'
import { appendAuditEvent } from './audit.ts'
import { liveSealedBidsOf } from './sealed-bids.ts'
import type { Ctx } from './context.ts'
import type { Database } from './db/client.ts'
import { bids, projects } from './db/schema-procedures.ts'
import { qualifications, serviceItems, uploads } from './db/schema.ts'
import { inTransaction } from './db/transaction.ts'
import { ForbiddenError, NotFoundError, ValidationError } from './errors.ts'
import { requireOwnOrganisation } from './profiles.ts'
import {
  deadlinesLeftUncovered,
  OTHER_QUALIFICATION,
  qualificationStatus,
  shanghaiDate,
} from './rules/qualifications.ts'
import { isUuid } from './validation/registry.ts'

/** The qualification names the catalogue requires, for the type select. */
export async function catalogueQualificationTypes(db: Database): Promise<string[]> {
  const rows = await db
    .selectDistinct({ name: serviceItems.qualification })
    .from(serviceItems)
    .where(and(isNotNull(serviceItems.qualification), isNull(serviceItems.retiredAt)))
    .orderBy(asc(serviceItems.qualification))
  return rows.map((r) => r.name!).filter(Boolean)
}

/** The agency's qualifications, each with its status on today's date in Beijing. */
export async function listMyQualifications(ctx: Ctx, now = new Date()) {
  const { organisationId } = requireOwnOrganisation(ctx, 'agency')
  const today = shanghaiDate(now)
  const rows = await ctx.db
    .select()
    .from(qualifications)
    .where(eq(qualifications.agencyId, organisationId))
    .orderBy(desc(qualifications.createdAt))
  return rows.map((q) => ({ ...q, status: qualificationStatus(q, today) }))
}

export interface QualificationInput {
  /** A catalogue qualification name, or OTHER_QUALIFICATION with `otherType`. */
  type: string
  otherType?: string
  level?: string
  number: string
  issuer: string
  validFrom: string
  /** Empty means it never expires (长期有效). */
  validTo?: string | null
  scanUploadId?: string | null
}

export async function addQualification(ctx: Ctx, input: QualificationInput) {
  const { actor, organisationId } = requireOwnOrganisation(ctx, 'agency')
  const isOther = input.type === OTHER_QUALIFICATION
  const type = isOther ? (input.otherType ?? '').trim() : input.type
  if (isOther && type.length < 2) throw ValidationError.field('otherType', '请填写资质名称')
  if (!isOther && !(await catalogueQualificationTypes(ctx.db)).includes(type))
    throw ValidationError.field('type', '请从列表中选择资质类型，或选择“其他”后填写')
  const validTo = input.validTo || null
  if (validTo && validTo < input.validFrom)
    throw ValidationError.field('validTo', '有效期至不能早于生效日期')
  return inTransaction(ctx.db, async (tx) => {
    if (input.scanUploadId) {
      const [scan] = await tx
        .select({ id: uploads.id })
        .from(uploads)
        .where(eq(uploads.id, input.scanUploadId))
      if (!scan) throw ValidationError.field('scan', '扫描件不存在，请重新上传')
    }
    const [row] = await tx
      .insert(qualifications)
      .values({
        agencyId: organisationId,
        type,
        isOther,
        level: input.level ?? '',
        number: input.number,
        issuer: input.issuer,
        validFrom: input.validFrom,
        validTo,
        scanUploadId: input.scanUploadId ?? null,
      })
      .returning()
    // Search filters and counts offerings by the catalogue qualifications their agency holds.
    if (!isOther) await reindexAgencies(tx, [organisationId])
    await appendAuditEvent(tx, {
      actorUserId: actor.userId,
      action: 'qualification.added',
      subjectType: 'qualification',
      subjectId: row!.id,
      data: {
        agencyId: organisationId,
        type,
        number: input.number,
        validFrom: input.validFrom,
        validTo,
      },
    })
    return row!
  })
}

/** Removes one of the actor's own qualifications; another agency's is refused. */
export async function removeQualification(ctx: Ctx, id: string) {
  const { actor, organisationId } = requireOwnOrganisation(ctx, 'agency')
  if (!isUuid(id)) throw new NotFoundError('资质不存在')
  await inTransaction(ctx.db, async (tx) => {
    const [row] = await tx
      .select()
      .from(qualifications)
      .where(eq(qualifications.id, id))
      .for('update')
    if (!row) throw new NotFoundError('资质不存在')
    if (row.agencyId !== organisationId) throw new ForbiddenError('只能删除本机构的资质')
    // Like pausing an offering: the sealed bids that need it would be invalid at the opening.
    const stranded = await sealedBidsNeeding(tx, organisationId, row)
    if (stranded > 0)
      throw ValidationError.field(
        'id',
        `本机构有 ${stranded} 份尚未开标的报价所投项目要求该资质，删除后这些报价在开标时将无效。请先到“我的报价”撤回，或开标后再删除。`,
      )
    await tx.delete(qualifications).where(eq(qualifications.id, id))
    if (!row.isOther) await reindexAgencies(tx, [organisationId])
    await appendAuditEvent(tx, {
      actorUserId: actor.userId,
      action: 'qualification.removed',
      subjectType: 'qualification',
      subjectId: id,
      data: { agencyId: organisationId, type: row.type, number: row.number },
    })
  })
}

/** The agency's live sealed bids that only this qualification makes eligible at their deadline. */
async function sealedBidsNeeding(
  tx: Database,
  agencyId: string,
  removed: { id: string; type: string },
) {
  const live = await tx
    .select({ deadlineAt: projects.deadlineAt, required: serviceItems.qualification })
    .from(bids)
    .innerJoin(projects, eq(projects.id, bids.projectId))
    .innerJoin(serviceItems, eq(serviceItems.code, projects.serviceItemCode))
    .where(liveSealedBidsOf(agencyId))
  const deadlines = live
    .filter((b) => b.required?.trim() === removed.type.trim())
    .map((b) => shanghaiDate(b.deadlineAt))
  if (deadlines.length === 0) return 0
  const held = await tx
    .select({
      id: qualifications.id,
      type: qualifications.type,
      validFrom: qualifications.validFrom,
      validTo: qualifications.validTo,
    })
    .from(qualifications)
    .where(eq(qualifications.agencyId, agencyId))
  return deadlinesLeftUncovered(held, removed.id, removed.type, deadlines)
}
