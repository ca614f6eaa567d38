import {
  and,
  asc,
  count,
  desc,
  eq,
  getTableColumns,
  isNull,
  notExists,
  sql,
  type SQLWrapper,
} from 'drizzle-orm'
import { reindexAgencies } from '../search/indexing.ts'
import { appendAuditEvent } from './audit.ts'
import { liveSealedBidsOf } from './sealed-bids.ts'
import type { Ctx } from './context.ts'
import type { Database } from './db/client.ts'
import { violatedUniqueConstraint } from './db/errors.ts'
import {
  offeringCases,
  offerings,
  organisations,
  qualifications,
  serviceItems,
} from './db/schema.ts'
import { bids, projects } from './db/schema-procedures.ts'
import { inTransaction } from './db/transaction.ts'
import { ForbiddenError, NotFoundError, ValidationError } from './errors.ts'
import { requireOwnOrganisation } from './profiles.ts'
import { checkTimeLimit, type FeeInput, offeringFeeBounds } from './rules/fees.ts'
import { formatFenExact } from './rules/money.ts'
import { shanghaiDate } from './rules/qualifications.ts'
import { isUuid, type OfferingCaseInput } from './validation/registry.ts'

/** An offering's own columns (its search row lives in offering_search). */
export const offeringColumns = getTableColumns(offerings)

export interface OfferingTermsInput extends FeeInput {
  timeLimitDays: number
  scope?: string
}

/** Whether the agency holds the item's required qualification on `day` (true when none is). */
const holdsItemQualification = (agencyId: SQLWrapper, day: string) =>
  sql<boolean>`${serviceItems.qualification} is null or exists (
    select 1 from ${qualifications} q
    where q.agency_id = ${agencyId} and q.type = ${serviceItems.qualification}
      and q.valid_from <= ${day}::date and (q.valid_to is null or q.valid_to >= ${day}::date))`

/** The agency's offerings with their item, newest change first. */
export async function listMyOfferings(ctx: Ctx, now = new Date()) {
  const { organisationId } = requireOwnOrganisation(ctx, 'agency')
  const today = shanghaiDate(now)
  const caseCount = ctx.db
    .select({ offeringId: offeringCases.offeringId, n: count().as('n') })
    .from(offeringCases)
    .groupBy(offeringCases.offeringId)
    .as('case_count')
  return ctx.db
    .select({
      id: offerings.id,
      serviceItemCode: offerings.serviceItemCode,
      itemName: serviceItems.name,
      itemCategory: serviceItems.category,
      itemRetiredAt: serviceItems.retiredAt,
      feeKind: offerings.feeKind,
      feeMinFen: offerings.feeMinFen,
      feeMaxFen: offerings.feeMaxFen,
      feeRule: offerings.feeRule,
      timeLimitDays: offerings.timeLimitDays,
      pausedAt: offerings.pausedAt,
      updatedAt: offerings.updatedAt,
      caseCount: sql<number>`coalesce(${caseCount.n}, 0)::int`,
      requiredQualification: serviceItems.qualification,
      // Published without it, the offering shows; but the agency cannot bid on its projects.
      holdsRequiredQualification: holdsItemQualification(offerings.agencyId, today),
    })
    .from(offerings)
    .innerJoin(serviceItems, eq(serviceItems.code, offerings.serviceItemCode))
    .leftJoin(caseCount, eq(caseCount.offeringId, offerings.id))
    .where(eq(offerings.agencyId, organisationId))
    .orderBy(desc(offerings.updatedAt))
}

/** Items the agency may still list: in force and not offered by it yet. */
export async function listOfferableItems(ctx: Ctx, now = new Date()) {
  const { organisationId } = requireOwnOrganisation(ctx, 'agency')
  return ctx.db
    .select({
      code: serviceItems.code,
      name: serviceItems.name,
      category: serviceItems.category,
      timeLimitWorkdays: serviceItems.timeLimitWorkdays,
      qualification: serviceItems.qualification,
      holdsQualification: holdsItemQualification(sql`${organisationId}::uuid`, shanghaiDate(now)),
    })
    .from(serviceItems)
    .where(
      and(
        isNull(serviceItems.retiredAt),
        notExists(
          ctx.db
            .select({ one: sql`1` })
            .from(offerings)
            .where(
              and(
                eq(offerings.serviceItemCode, serviceItems.code),
                eq(offerings.agencyId, organisationId),
              ),
            ),
        ),
      ),
    )
    .orderBy(asc(serviceItems.category), asc(serviceItems.code))
}

/** Locks one offering for a change, refusing another agency's. */
async function lockOwnOffering(db: Database, organisationId: string, id: string) {
  if (!isUuid(id)) throw new NotFoundError('服务报价不存在')
  // Not 'update': the agency's reindex (a profile save holding the organisation's lock) keys
  // its search rows to this offering, and a full row lock here would deadlock with it.
  const [row] = await db.select().from(offerings).where(eq(offerings.id, id)).for('no key update')
  if (!row) throw new NotFoundError('服务报价不存在')
  if (row.agencyId !== organisationId) throw new ForbiddenError('只能管理本机构的服务报价')
  return row
}

/** The fee and the time limit, both said at once when both are wrong. */
function checkTerms(input: OfferingTermsInput, itemLimitDays: number) {
  const bounds = offeringFeeBounds(input)
  const time = checkTimeLimit(input.timeLimitDays, itemLimitDays)
  if (!bounds.ok || time)
    throw new ValidationError({
      ...(bounds.ok ? {} : { [bounds.field]: [bounds.reason] }),
      ...(time ? { [time.field]: [time.reason] } : {}),
    })
  return { ...bounds.fee, timeLimitDays: input.timeLimitDays, scope: input.scope ?? '' }
}

/** One offering of the actor's agency, with its item, cases and qualification standing. */
export async function getMyOffering(ctx: Ctx, id: string, now = new Date()) {
  const { organisationId } = requireOwnOrganisation(ctx, 'agency')
  if (!isUuid(id)) throw new NotFoundError('服务报价不存在')
  const [row] = await ctx.db
    .select({
      offering: offerings,
      item: serviceItems,
      holds: holdsItemQualification(offerings.agencyId, shanghaiDate(now)),
    })
    .from(offerings)
    .innerJoin(serviceItems, eq(serviceItems.code, offerings.serviceItemCode))
    .where(eq(offerings.id, id))
  if (!row) throw new NotFoundError('服务报价不存在')
  if (row.offering.agencyId !== organisationId) throw new ForbiddenError('只能管理本机构的服务报价')
  const cases = await ctx.db
    .select()
    .from(offeringCases)
    .where(eq(offeringCases.offeringId, id))
    .orderBy(desc(offeringCases.completedOn))
  const { holds, ...rest } = row
  return {
    ...rest,
    cases,
    holdsRequiredQualification: row.item.qualification ? holds : null,
  }
}

export async function createOffering(
  ctx: Ctx,
  input: OfferingTermsInput & { serviceItemCode: string },
) {
  const { actor, organisationId } = requireOwnOrganisation(ctx, 'agency')
  try {
    return await inTransaction(ctx.db, async (tx) => {
      // A share lock: a supervisor cannot lower the item's limit under us.
      const [item] = await tx
        .select()
        .from(serviceItems)
        .where(eq(serviceItems.code, input.serviceItemCode))
        .for('share')
      if (!item || item.retiredAt)
        throw ValidationError.field('serviceItemCode', '请从列表中选择服务事项')
      const terms = checkTerms(input, item.timeLimitWorkdays)
      const [row] = await tx
        .insert(offerings)
        .values({ agencyId: organisationId, serviceItemCode: item.code, ...terms })
        .returning(offeringColumns)
      await adjustActiveOfferingCount(tx, organisationId, 1)
      await reindexAgencies(tx, [organisationId])
      await appendAuditEvent(tx, {
        actorUserId: actor.userId,
        action: 'offering.created',
        subjectType: 'offering',
        subjectId: row!.id,
        data: { agencyId: organisationId, serviceItemCode: item.code, ...terms },
      })
      return row!
    })
  } catch (error) {
    if (violatedUniqueConstraint(error) === 'offerings_agency_item_key')
      throw ValidationError.field('serviceItemCode', '本机构已发布该事项的服务报价，请在列表中修改')
    throw error
  }
}

/** The agency's live bids on projects of this item not opened yet (taking bids, or closed). */
async function sealedBidsOnItem(tx: Database, agencyId: string, itemCode: string) {
  const [row] = await tx
    .select({ n: count() })
    .from(bids)
    .innerJoin(projects, eq(projects.id, bids.projectId))
    .where(and(liveSealedBidsOf(agencyId), eq(projects.serviceItemCode, itemCode)))
  return row?.n ?? 0
}

/**
 * Changes fee, time limit and scope; the item of an offering never changes. A bid is checked
 * against the published fee ceiling when it is sealed: the ceiling may not drop under it
 * before the opening (the price is sealed, so it may not drop at all).
 */
export async function updateOffering(ctx: Ctx, id: string, input: OfferingTermsInput) {
  const { actor, organisationId } = requireOwnOrganisation(ctx, 'agency')
  return inTransaction(ctx.db, async (tx) => {
    const before = await lockOwnOffering(tx, organisationId, id)
    const [item] = await tx
      .select({ limit: serviceItems.timeLimitWorkdays })
      .from(serviceItems)
      .where(eq(serviceItems.code, before.serviceItemCode))
      .for('share')
    const terms = checkTerms(input, item!.limit)
    if (terms.feeMaxFen < before.feeMaxFen) {
      const sealed = await sealedBidsOnItem(tx, organisationId, before.serviceItemCode)
      if (sealed > 0)
        throw ValidationError.field(
          terms.feeKind === 'fixed' ? 'feeFixed' : 'feeMax',
          `本机构有 ${sealed} 份尚未开标的报价涉及该事项，开标前收费上限不能低于现在的 ${formatFenExact(before.feeMaxFen)}`,
        )
    }
    const [row] = await tx
      .update(offerings)
      .set({ ...terms, updatedAt: new Date() })
      .where(eq(offerings.id, id))
      .returning(offeringColumns)
    await reindexAgencies(tx, [organisationId])
    await appendAuditEvent(tx, {
      actorUserId: actor.userId,
      action: 'offering.updated',
      subjectType: 'offering',
      subjectId: id,
      data: { agencyId: organisationId, ...terms },
    })
    return row!
  })
}

/** Takes an offering off sale, or back on; a no-op when it already is. */
export async function setOfferingPaused(ctx: Ctx, id: string, paused: boolean) {
  const { actor, organisationId } = requireOwnOrganisation(ctx, 'agency')
  return inTransaction(ctx.db, async (tx) => {
    const before = await lockOwnOffering(tx, organisationId, id)
    if ((before.pausedAt != null) === paused) return false
    // A paused offering makes the item's sealed bids invalid at the opening: say so first.
    const sealed = paused ? await sealedBidsOnItem(tx, organisationId, before.serviceItemCode) : 0
    if (sealed > 0)
      throw ValidationError.field(
        'intent',
        `本机构有 ${sealed} 份尚未开标的报价涉及该事项，暂停后这些报价在开标时将无效。请先到“我的报价”撤回，或开标后再暂停。`,
      )
    await tx
      .update(offerings)
      .set({ pausedAt: paused ? new Date() : null, updatedAt: new Date() })
      .where(eq(offerings.id, id))
    await adjustActiveOfferingCount(tx, organisationId, paused ? -1 : 1)
    await reindexAgencies(tx, [organisationId])
    await appendAuditEvent(tx, {
      actorUserId: actor.userId,
      action: paused ? 'offering.paused' : 'offering.resumed',
      subjectType: 'offering',
      subjectId: id,
      data: { agencyId: organisationId, serviceItemCode: before.serviceItemCode },
    })
    return true
  })
}

export const pauseOffering = (ctx: Ctx, id: string) => setOfferingPaused(ctx, id, true)
export const resumeOffering = (ctx: Ctx, id: string) => setOfferingPaused(ctx, id, false)

/** Adds a past case (业绩) to one of the actor's offerings. */
export async function addOfferingCase(
  ctx: Ctx,
  offeringId: string,
  input: OfferingCaseInput,
  now = new Date(),
) {
  const { actor, organisationId } = requireOwnOrganisation(ctx, 'agency')
  if (input.completedOn > shanghaiDate(now))
    throw ValidationError.field('completedOn', '完成日期不能晚于今天')
  return inTransaction(ctx.db, async (tx) => {
    await lockOwnOffering(tx, organisationId, offeringId)
    const [row] = await tx
      .insert(offeringCases)
      .values({
        offeringId,
        title: input.title,
        clientName: input.clientName,
        completedOn: input.completedOn,
        amountFen: input.amount,
      })
      .returning()
    await appendAuditEvent(tx, {
      actorUserId: actor.userId,
      action: 'offering.case_added',
      subjectType: 'offering',
      subjectId: offeringId,
      data: { caseId: row!.id, title: input.title, clientName: input.clientName },
    })
    return row!
  })
}

export async function removeOfferingCase(ctx: Ctx, offeringId: string, caseId: string) {
  const { actor, organisationId } = requireOwnOrganisation(ctx, 'agency')
  if (!isUuid(caseId)) throw new NotFoundError('业绩不存在')
  await inTransaction(ctx.db, async (tx) => {
    await lockOwnOffering(tx, organisationId, offeringId)
    const [removed] = await tx
      .delete(offeringCases)
      .where(and(eq(offeringCases.id, caseId), eq(offeringCases.offeringId, offeringId)))
      .returning()
    if (!removed) throw new NotFoundError('业绩不存在')
    await appendAuditEvent(tx, {
      actorUserId: actor.userId,
      action: 'offering.case_removed',
      subjectType: 'offering',
      subjectId: offeringId,
      data: { caseId, title: removed.title },
    })
  })
}

function adjustActiveOfferingCount(tx: Database, agencyId: string, delta: number) {
  return tx
    .update(organisations)
    .set({ activeOfferingCount: sql`${organisations.activeOfferingCount} + ${delta}` })
    .where(eq(organisations.id, agencyId))
}

/** Recomputes every agency's count of unpaused offerings, after bulk loads. */
export function recountActiveOfferings(db: Database) {
  return db.execute(sql`
    update ${organisations} o set active_offering_count = (
      select count(*)::int from ${offerings} f where f.agency_id = o.id and f.paused_at is null
    ) where o.kind = 'agency'`)
}
