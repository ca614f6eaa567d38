import { randomUUID } from 'node:crypto'
import { and, eq, exists, inArray, isNull, or, sql } from 'drizzle-orm'
import { type z } from 'zod'
import { appendAuditEvent, sha256 } from './audit.ts'
import { randomHex, sealSecret, unsealSecret } from './bid-sealing.ts'
import { platformNow } from './clock.ts'
import { type Ctx, requireRole } from './context.ts'
import { addCreditRecord } from './credit.ts'
import type { Database } from './db/client.ts'
import { inspectionPlans, inspectionTasks } from './db/schema-credit.ts'
import { offerings, organisations, serviceItems, users } from './db/schema.ts'
import { inTransaction } from './db/transaction.ts'
import { ForbiddenError, NotFoundError, ValidationError } from './errors.ts'
import { linkedInspectors } from './inspections-links.ts'
import { drawCommitment } from './rules/draw.ts'
import { runInspectionDraw } from './rules/inspection-draw.ts'
import {
  type InspectionPlanInput,
  inspectionPlanSchema,
  inspectionResultNames,
  type InspectionResultInput,
  inspectionResultSchema,
} from './validation/inspections.ts'
import { isUuid } from './validation/registry.ts'

/**
 * 双随机、一公开: a supervisor's plan commits to a sealed secret; the draw picks the agencies
 * and their inspectors verifiably (models/rules/inspection-draw.ts, docs/inspections.md);
 * each inspector records a finding, and the whole record is public on /inspections.
 */

export type InspectionPopulation = (typeof inspectionPlans.$inferSelect)['population']

export function parseModelInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input)
  if (parsed.success) return parsed.data
  const fieldErrors: Record<string, string[]> = {}
  for (const issue of parsed.error.issues)
    (fieldErrors[String(issue.path[0] ?? 'form')] ??= []).push(issue.message)
  throw new ValidationError(fieldErrors)
}

/** Agencies in the market (not exited, not suspended) matching the plan's filters. */
export function populationQuery(tx: Database, population: InspectionPopulation) {
  const { itemCodes, categories, cityCodes } = population
  const offered = or(
    itemCodes.length ? inArray(offerings.serviceItemCode, itemCodes) : undefined,
    categories.length ? inArray(serviceItems.category, categories) : undefined,
  )
  return tx
    .select({ id: organisations.id, grade: organisations.creditGrade })
    .from(organisations)
    .where(
      and(
        eq(organisations.kind, 'agency'),
        isNull(organisations.exitedAt),
        isNull(organisations.suspendedAt),
        cityCodes.length ? inArray(organisations.cityCode, cityCodes) : undefined,
        offered
          ? exists(
              tx
                .select({ one: sql`1` })
                .from(offerings)
                .innerJoin(serviceItems, eq(serviceItems.code, offerings.serviceItemCode))
                .where(
                  and(
                    eq(offerings.agencyId, organisations.id),
                    isNull(offerings.pausedAt),
                    offered,
                  ),
                ),
            )
          : undefined,
      ),
    )
}

export async function activeSupervisors(tx: Database, ids: readonly string[]) {
  if (ids.length === 0) return []
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.id, [...ids]), eq(users.role, 'supervisor'), isNull(users.disabledAt)))
  return rows.map((r) => r.id)
}

/** The plan and its commitment SHA-256(secret); the secret stays sealed until the draw. */
export async function createPlan(ctx: Ctx, input: InspectionPlanInput) {
  const actor = requireRole(ctx, 'supervisor')
  const form = parseModelInput(inspectionPlanSchema, input)
  return inTransaction(ctx.db, async (tx) => {
    if (form.itemCodes.length) {
      const found = await tx
        .select({ code: serviceItems.code })
        .from(serviceItems)
        .where(inArray(serviceItems.code, form.itemCodes))
      const missing = form.itemCodes.filter((c) => !found.some((f) => f.code === c))
      if (missing.length)
        throw ValidationError.field('itemCodes', `服务事项不存在：${missing.join('、')}`)
    }
    if (form.categories.length) {
      const found = await tx
        .selectDistinct({ category: serviceItems.category })
        .from(serviceItems)
        .where(inArray(serviceItems.category, form.categories))
      const missing = form.categories.filter((c) => !found.some((f) => f.category === c))
      if (missing.length)
        throw ValidationError.field('categories', `行业类别不存在：${missing.join('、')}`)
    }
    const inspectors = await activeSupervisors(tx, form.inspectorIds)
    if (inspectors.length !== form.inspectorIds.length)
      throw ValidationError.field('inspectorIds', '所选检查人员须为在职的监管人员')
    const population = {
      itemCodes: form.itemCodes,
      categories: form.categories,
      cityCodes: form.cityCodes,
    }
    const [{ count } = { count: 0 }] = await tx
      .select({ count: sql<number>`count(*)::int` })
      .from(populationQuery(tx, population).as('population'))
    if (count === 0) throw ValidationError.field('title', '抽查范围内目前没有中介机构，请调整范围')

    const id = randomUUID()
    const secret = randomHex(32)
    const commitment = drawCommitment(secret, sha256)
    const now = await platformNow(tx)
    await tx.insert(inspectionPlans).values({
      id,
      title: form.title,
      population,
      sampleSize: form.sampleSize,
      riskWeighted: form.riskWeighted,
      inspectorIds: [...form.inspectorIds].sort(),
      commitment,
      secretSealed: sealSecret(id, secret),
      createdBy: actor.userId,
      createdAt: now,
    })
    await appendAuditEvent(tx, {
      actorUserId: actor.userId,
      action: 'inspection.plan_created',
      subjectType: 'inspection_plan',
      subjectId: id,
      data: {
        title: form.title,
        commitment,
        population,
        sampleSize: form.sampleSize,
        riskWeighted: form.riskWeighted,
        inspectorIds: form.inspectorIds,
      },
    })
    return { id, commitment }
  })
}

/**
 * Draws the agencies and pairs each with an inspector not linked to it, stores the tasks and
 * the whole record, and reveals the secret. Once per plan.
 */
export async function drawPlan(ctx: Ctx, planId: string) {
  const actor = requireRole(ctx, 'supervisor')
  if (!isUuid(planId)) throw new NotFoundError('抽查计划不存在')
  return inTransaction(ctx.db, async (tx) => {
    const [plan] = await tx
      .select()
      .from(inspectionPlans)
      .where(eq(inspectionPlans.id, planId))
      .for('update')
    if (!plan) throw new NotFoundError('抽查计划不存在')
    if (plan.drawnAt) throw ValidationError.field('planId', '该计划已抽取，结果已公开')
    const secret = unsealSecret(plan.id, plan.secretSealed)
    if (drawCommitment(secret, sha256) !== plan.commitment)
      throw new Error('inspection secret does not match its commitment')
    const population = await populationQuery(tx, plan.population)
    if (population.length === 0)
      throw ValidationError.field('planId', '抽查范围内目前没有中介机构，无法抽取')
    // A colleague whose supervisor role was withdrawn since the plan was made is not drawn.
    const inspectorIds = await activeSupervisors(tx, plan.inspectorIds)
    if (inspectorIds.length === 0)
      throw ValidationError.field('planId', '计划中的检查人员均已不在职，无法抽取')
    const record = runInspectionDraw({
      planId: plan.id,
      commitment: plan.commitment,
      secretHex: secret,
      populationIds: population.map((p) => p.id),
      grades: plan.riskWeighted ? Object.fromEntries(population.map((p) => [p.id, p.grade])) : null,
      inspectorIds,
      links: await linkedInspectors(tx, inspectorIds),
      sampleSize: plan.sampleSize,
      sha256,
    })
    const now = await platformNow(tx)
    if (record.pairs.length > 0)
      await tx.insert(inspectionTasks).values(
        record.pairs.map((p) => ({
          planId: plan.id,
          agencyId: p.agencyId,
          inspectorId: p.inspectorId,
          position: p.position,
        })),
      )
    await tx
      .update(inspectionPlans)
      .set({
        secret,
        seed: record.seed,
        drawRecord: record as unknown as Record<string, unknown>,
        drawnAt: now,
        publishedAt: now,
      })
      .where(eq(inspectionPlans.id, plan.id))
    await appendAuditEvent(tx, {
      actorUserId: actor.userId,
      action: 'inspection.drawn',
      subjectType: 'inspection_plan',
      subjectId: plan.id,
      data: {
        seed: record.seed,
        population: record.populationIds.length,
        pairs: record.pairs.length,
        skipped: record.skipped.map((s) => s.agencyId),
      },
    })
    return record
  })
}

/** The assigned inspector's finding; a problem found becomes a pending credit record. */
export async function recordInspectionResult(
  ctx: Ctx,
  taskId: string,
  input: Omit<InspectionResultInput, 'taskId' | 'intent'>,
) {
  const actor = requireRole(ctx, 'supervisor')
  const form = parseModelInput(inspectionResultSchema, { ...input, taskId })
  return inTransaction(ctx.db, async (tx) => {
    const [task] = await tx
      .select({
        id: inspectionTasks.id,
        planId: inspectionTasks.planId,
        agencyId: inspectionTasks.agencyId,
        inspectorId: inspectionTasks.inspectorId,
        result: inspectionTasks.result,
        title: inspectionPlans.title,
      })
      .from(inspectionTasks)
      .innerJoin(inspectionPlans, eq(inspectionPlans.id, inspectionTasks.planId))
      .where(eq(inspectionTasks.id, form.taskId))
      .for('update', { of: inspectionTasks })
    if (!task) throw new NotFoundError('抽查任务不存在')
    if (task.inspectorId !== actor.userId)
      throw new ForbiddenError('只有抽中的检查人员可以登记该机构的检查结果')
    if (task.result) throw ValidationError.field('result', '检查结果已登记，不能修改')
    const now = await platformNow(tx)
    const finding = form.finding?.length ? form.finding : null
    await tx
      .update(inspectionTasks)
      .set({ result: form.result, finding, recordedAt: now })
      .where(eq(inspectionTasks.id, task.id))
    const credit =
      form.result === 'compliant'
        ? null
        : await addCreditRecord(
            tx,
            {
              agencyId: task.agencyId,
              rule: form.result === 'minor' ? 'inspection_minor' : 'inspection_serious',
              sourceType: 'inspection',
              sourceId: task.id,
              summary: `双随机抽查「${task.title}」${inspectionResultNames[form.result]}：${finding}`,
              createdBy: actor.userId,
            },
            now,
          )
    await appendAuditEvent(tx, {
      actorUserId: actor.userId,
      action: 'inspection.result_recorded',
      subjectType: 'inspection_plan',
      subjectId: task.planId,
      data: {
        taskId: task.id,
        agencyId: task.agencyId,
        result: form.result,
        creditRecordId: credit?.id ?? null,
      },
    })
    return { result: form.result, creditRecordId: credit?.id ?? null }
  })
}
