import { and, count, desc, eq, gt, isNull, max, ne, sql } from 'drizzle-orm'
import { z } from 'zod'
import { appendAuditEvent } from './audit.ts'
import { diffSnapshots, type ItemChange, snapshotOf } from './catalogue-history.ts'
import { getServiceItemDetail, listServiceItems, type ServiceItem } from './catalogue.ts'
import { type Ctx, requireRole } from './context.ts'
import type { Database } from './db/client.ts'
import { violatedUniqueConstraint } from './db/errors.ts'
import { offerings, serviceItems, serviceItemVersions } from './db/schema.ts'
import { inTransaction } from './db/transaction.ts'
import { NotFoundError, ValidationError } from './errors.ts'
import {
  newServiceItemSchema,
  type NewServiceItemInput,
  retireServiceItemSchema,
  serviceItemFieldsSchema,
  type ServiceItemFieldsInput,
} from './validation/catalogue.ts'

/**
 * Supervisors keep the catalogue. Every change updates the item, stores the whole item
 * as a new version and appends its audit event, in one transaction. Nothing is deleted:
 * offerings, projects and history refer to items for good.
 */

function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input)
  if (result.success) return result.data
  throw new ValidationError(z.flattenError(result.error).fieldErrors as Record<string, string[]>)
}

const duplicateCode = () => ValidationError.field('code', '该编号已被其他事项使用，请换一个编号')
const notFound = () => new NotFoundError('服务事项不存在')

/** Two items in use under one name could not be told apart in lists, forms or search. */
async function refuseNameInUse(tx: Database, name: string, ownCode: string | null) {
  const [other] = await tx
    .select({ code: serviceItems.code })
    .from(serviceItems)
    .where(
      and(
        eq(serviceItems.name, name),
        isNull(serviceItems.retiredAt),
        ownCode ? ne(serviceItems.code, ownCode) : undefined,
      ),
    )
    .limit(1)
  if (other) throw ValidationError.field('name', `该名称已被 ${other.code} 使用，请换一个名称`)
}

/** The item, locked until commit so concurrent changes queue instead of overwriting. */
async function lockItem(tx: Database, code: string): Promise<ServiceItem> {
  const [item] = await tx
    .select()
    .from(serviceItems)
    .where(eq(serviceItems.code, code))
    .for('update')
  if (!item) throw notFound()
  return item
}

async function latestVersion(tx: Database, code: string) {
  const [version] = await tx
    .select({ snapshot: serviceItemVersions.snapshot })
    .from(serviceItemVersions)
    .where(eq(serviceItemVersions.code, code))
    .orderBy(desc(serviceItemVersions.id))
    .limit(1)
  return version ?? null
}

/**
 * Items loaded from the seed catalogue have no versions. Before their first change we store
 * the item as it was, so the history can show the before and the after of every change.
 * Returns the retire reason kept with the latest version.
 */
async function ensureOriginalVersion(tx: Database, item: ServiceItem): Promise<string | null> {
  const latest = await latestVersion(tx, item.code)
  if (!latest) {
    await tx.insert(serviceItemVersions).values({
      code: item.code,
      change: 'created',
      snapshot: snapshotOf(item, null),
      changedBy: null,
      changedAt: item.createdAt,
    })
    return null
  }
  const reason = latest.snapshot.retireReason
  return typeof reason === 'string' ? reason : null
}

async function recordVersion(
  tx: Database,
  item: ServiceItem,
  change: ItemChange,
  changedBy: string,
  retireReason: string | null,
) {
  const [version] = await tx
    .insert(serviceItemVersions)
    .values({ code: item.code, change, snapshot: snapshotOf(item, retireReason), changedBy })
    .returning({ id: serviceItemVersions.id })
  return version!.id
}

export async function createServiceItem(ctx: Ctx, input: NewServiceItemInput) {
  const actor = requireRole(ctx, 'supervisor')
  const value = parseOrThrow(newServiceItemSchema, input)
  try {
    return await inTransaction(ctx.db, async (tx) => {
      const [taken] = await tx
        .select({ code: serviceItems.code })
        .from(serviceItems)
        .where(eq(serviceItems.code, value.code))
      if (taken) throw duplicateCode()
      await refuseNameInUse(tx, value.name, null)
      const [item] = await tx.insert(serviceItems).values(value).returning()
      const versionId = await recordVersion(tx, item!, 'created', actor.userId, null)
      await appendAuditEvent(tx, {
        actorUserId: actor.userId,
        action: 'service_item.created',
        subjectType: 'service_item',
        subjectId: item!.code,
        data: { name: item!.name, category: item!.category, version: versionId },
      })
      return item!
    })
  } catch (error) {
    if (violatedUniqueConstraint(error) === 'service_items_pkey') throw duplicateCode()
    throw error
  }
}

/** Offerings (paused ones too: they may resume) whose committed time limit exceeds `limit`. */
async function offeringsAboveTimeLimit(tx: Database, code: string, limit: number) {
  const [row] = await tx
    .select({ n: count(), longest: max(offerings.timeLimitDays) })
    .from(offerings)
    .where(and(eq(offerings.serviceItemCode, code), gt(offerings.timeLimitDays, limit)))
  return { n: row?.n ?? 0, longest: row?.longest ?? 0 }
}

/** Saves the fields; returns the changed field names (none: nothing is written). */
export async function editServiceItem(ctx: Ctx, code: string, input: ServiceItemFieldsInput) {
  const actor = requireRole(ctx, 'supervisor')
  const value = parseOrThrow(serviceItemFieldsSchema, input)
  return inTransaction(ctx.db, async (tx) => {
    const before = await lockItem(tx, code)
    const changes = diffSnapshots(
      snapshotOf(before, null),
      snapshotOf({ ...before, ...value }, null),
    )
    if (changes.length === 0) return { changedFields: [] }
    await refuseNameInUse(tx, value.name, code)
    // An offering's committed time limit may never exceed its item's.
    const above = await offeringsAboveTimeLimit(tx, code, value.timeLimitWorkdays)
    if (above.n > 0)
      throw ValidationError.field(
        'timeLimitWorkdays',
        `已有 ${above.n} 个服务报价承诺的时限超过 ${value.timeLimitWorkdays} 个工作日（最长 ${above.longest} 个工作日），不能缩短到该值以下`,
      )
    const retireReason = await ensureOriginalVersion(tx, before)
    const [after] = await tx
      .update(serviceItems)
      .set(value)
      .where(eq(serviceItems.code, code))
      .returning()
    const versionId = await recordVersion(tx, after!, 'edited', actor.userId, retireReason)
    const changedFields = changes.map((change) => change.field)
    await appendAuditEvent(tx, {
      actorUserId: actor.userId,
      action: 'service_item.edited',
      subjectType: 'service_item',
      subjectId: code,
      data: { fields: changedFields, version: versionId },
    })
    return { changedFields }
  })
}

/** Takes an item off the list; offerings and history stay, so it is never deleted. */
export async function retireServiceItem(ctx: Ctx, code: string, input: { reason: string }) {
  const actor = requireRole(ctx, 'supervisor')
  const { reason } = parseOrThrow(retireServiceItemSchema, input)
  await inTransaction(ctx.db, async (tx) => {
    const before = await lockItem(tx, code)
    if (before.retiredAt) throw ValidationError.field('reason', '该事项已停用')
    await ensureOriginalVersion(tx, before)
    const [after] = await tx
      .update(serviceItems)
      .set({ retiredAt: sql`now()` })
      .where(eq(serviceItems.code, code))
      .returning()
    const versionId = await recordVersion(tx, after!, 'retired', actor.userId, reason)
    await appendAuditEvent(tx, {
      actorUserId: actor.userId,
      action: 'service_item.retired',
      subjectType: 'service_item',
      subjectId: code,
      data: { reason, version: versionId },
    })
  })
}

export async function reinstateServiceItem(ctx: Ctx, code: string) {
  const actor = requireRole(ctx, 'supervisor')
  await inTransaction(ctx.db, async (tx) => {
    const before = await lockItem(tx, code)
    if (!before.retiredAt) throw ValidationError.field('retiredAt', '该事项未停用，无需恢复')
    await refuseNameInUse(tx, before.name, code)
    await ensureOriginalVersion(tx, before)
    const [after] = await tx
      .update(serviceItems)
      .set({ retiredAt: null })
      .where(eq(serviceItems.code, code))
      .returning()
    const versionId = await recordVersion(tx, after!, 'reinstated', actor.userId, null)
    await appendAuditEvent(tx, {
      actorUserId: actor.userId,
      action: 'service_item.reinstated',
      subjectType: 'service_item',
      subjectId: code,
      data: { version: versionId },
    })
  })
}

/** The whole catalogue, retired items included, for the supervisors' list. */
export async function listServiceItemsForSupervisor(ctx: Ctx) {
  requireRole(ctx, 'supervisor')
  return listServiceItems(ctx.db, { includeRetired: true })
}

export async function getServiceItemForEditing(ctx: Ctx, code: string) {
  requireRole(ctx, 'supervisor')
  const detail = await getServiceItemDetail(ctx.db, code)
  if (!detail) throw notFound()
  return detail
}

/** The code after the highest SI-number in use, e.g. SI-049 after SI-048. */
export async function suggestNextItemCode(ctx: Ctx): Promise<string> {
  requireRole(ctx, 'supervisor')
  const [row] = await ctx.db
    .select({
      highest: sql<number>`coalesce(max(substring(${serviceItems.code} from '^SI-(\\d+)$')::int), 0)`,
    })
    .from(serviceItems)
  return `SI-${String((row?.highest ?? 0) + 1).padStart(3, '0')}`
}
