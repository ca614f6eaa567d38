import { asc, desc, eq, inArray, sql } from 'drizzle-orm'
import { sha256 } from './audit.ts'
import type { Database } from './db/client.ts'
import { inspectionPlans, inspectionTasks } from './db/schema-credit.ts'
import { organisations, serviceItems, users } from './db/schema.ts'
import { NotFoundError } from './errors.ts'
import { cityNameOfCityCode } from './regions.ts'
import { drawCommitment } from './rules/draw.ts'
import {
  type InspectionDrawRecord,
  type InspectionPair,
  runInspectionDraw,
} from './rules/inspection-draw.ts'
import { type InspectionPlanStatus, type InspectionResult } from './validation/inspections.ts'
import { isUuid } from './validation/registry.ts'

/** Plans and their results as the public sees them (never the sealed secret before the draw). */

const counts = {
  tasks: sql<number>`count(${inspectionTasks.id})::int`,
  recorded: sql<number>`count(${inspectionTasks.result})::int`,
  compliant: sql<number>`(count(*) filter (where ${inspectionTasks.result} = 'compliant'))::int`,
  minor: sql<number>`(count(*) filter (where ${inspectionTasks.result} = 'minor'))::int`,
  serious: sql<number>`(count(*) filter (where ${inspectionTasks.result} = 'serious'))::int`,
}

export function planStatus(
  plan: { drawnAt: Date | null },
  tally: { tasks: number; recorded: number },
): InspectionPlanStatus {
  if (!plan.drawnAt) return 'committed'
  return tally.recorded < tally.tasks ? 'drawn' : 'completed'
}

export async function listPublicPlans(db: Database) {
  const rows = await db
    .select({
      id: inspectionPlans.id,
      title: inspectionPlans.title,
      population: inspectionPlans.population,
      sampleSize: inspectionPlans.sampleSize,
      riskWeighted: inspectionPlans.riskWeighted,
      createdAt: inspectionPlans.createdAt,
      drawnAt: inspectionPlans.drawnAt,
      ...counts,
    })
    .from(inspectionPlans)
    .leftJoin(inspectionTasks, eq(inspectionTasks.planId, inspectionPlans.id))
    .groupBy(inspectionPlans.id)
    .orderBy(desc(inspectionPlans.createdAt), asc(inspectionPlans.id))
  return rows.map((row) => ({ ...row, status: planStatus(row, row) }))
}

export type PublicPlanRow = Awaited<ReturnType<typeof listPublicPlans>>[number]

/** The population rule in words: item names, categories, city names. */
async function describePopulation(db: Database, population: InspectionDrawRecordPopulation) {
  const items = population.itemCodes.length
    ? await db
        .select({ code: serviceItems.code, name: serviceItems.name })
        .from(serviceItems)
        .where(inArray(serviceItems.code, population.itemCodes))
        .orderBy(asc(serviceItems.code))
    : []
  return {
    items,
    categories: population.categories,
    cities: population.cityCodes.map((code) => ({ code, name: cityNameOfCityCode(code) ?? code })),
  }
}

type InspectionDrawRecordPopulation = (typeof inspectionPlans.$inferSelect)['population']

// jsonb gives an object's keys back in its own order: compare pairs field by field.
const pairKey = (p: InspectionPair) => `${p.position}|${p.agencyId}|${p.inspectorId}`

/** The platform's own recomputation of a stored record with models/rules/inspection-draw.ts. */
export function checkInspectionRecord(
  planId: string,
  commitment: string,
  record: InspectionDrawRecord,
) {
  const attempt = <T>(work: () => T): T | null => {
    try {
      return work()
    } catch {
      return null
    }
  }
  const again = attempt(() =>
    runInspectionDraw({
      planId,
      commitment,
      secretHex: record.secret,
      populationIds: record.populationIds,
      grades: record.riskWeighted ? record.grades : null,
      inspectorIds: record.inspectorIds,
      links: record.links,
      sampleSize: record.sampleSize,
      sha256,
    }),
  )
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)
  const commitmentOk = attempt(() => drawCommitment(record.secret, sha256)) === commitment
  const seedOk = again?.seed === record.seed
  const orderOk = again != null && same(again.order, record.order)
  const pairsOk =
    again != null &&
    same(again.inspectorOrder, record.inspectorOrder) &&
    same(again.pairs.map(pairKey), record.pairs.map(pairKey)) &&
    same(
      again.skipped.map((s) => s.agencyId),
      record.skipped.map((s) => s.agencyId),
    )
  return {
    commitmentOk,
    seedOk,
    orderOk,
    pairsOk,
    ok: commitmentOk && seedOk && orderOk && pairsOk,
  }
}

async function namesOf(db: Database, table: 'organisations' | 'users', ids: readonly string[]) {
  if (ids.length === 0) return new Map<string, string>()
  const source = table === 'organisations' ? organisations : users
  const rows = await db
    .select({ id: source.id, name: source.name })
    .from(source)
    .where(inArray(source.id, [...new Set(ids)]))
  return new Map(rows.map((r) => [r.id, r.name]))
}

async function planTasks(db: Database, planId: string) {
  return db
    .select({
      id: inspectionTasks.id,
      position: inspectionTasks.position,
      agencyId: inspectionTasks.agencyId,
      agencyName: organisations.name,
      inspectorId: inspectionTasks.inspectorId,
      result: inspectionTasks.result,
      finding: inspectionTasks.finding,
      recordedAt: inspectionTasks.recordedAt,
    })
    .from(inspectionTasks)
    .innerJoin(organisations, eq(organisations.id, inspectionTasks.agencyId))
    .where(eq(inspectionTasks.planId, planId))
    .orderBy(asc(inspectionTasks.position))
}

async function findPlan(db: Database, id: string) {
  if (!isUuid(id)) throw new NotFoundError('抽查计划不存在')
  const [plan] = await db
    .select({
      id: inspectionPlans.id,
      title: inspectionPlans.title,
      population: inspectionPlans.population,
      sampleSize: inspectionPlans.sampleSize,
      riskWeighted: inspectionPlans.riskWeighted,
      inspectorIds: inspectionPlans.inspectorIds,
      commitment: inspectionPlans.commitment,
      secret: inspectionPlans.secret,
      seed: inspectionPlans.seed,
      drawRecord: inspectionPlans.drawRecord,
      createdAt: inspectionPlans.createdAt,
      drawnAt: inspectionPlans.drawnAt,
      publishedAt: inspectionPlans.publishedAt,
    })
    .from(inspectionPlans)
    .where(eq(inspectionPlans.id, id))
  if (!plan) throw new NotFoundError('抽查计划不存在')
  return { ...plan, drawRecord: plan.drawRecord as unknown as InspectionDrawRecord | null }
}

function tally(tasks: { result: InspectionResult | null }[]) {
  const of = (r: InspectionResult) => tasks.filter((t) => t.result === r).length
  return {
    tasks: tasks.length,
    recorded: tasks.filter((t) => t.result != null).length,
    compliant: of('compliant'),
    minor: of('minor'),
    serious: of('serious'),
  }
}

/**
 * The public record of one plan for the API and the verifier: the commitment always; once
 * drawn, the whole draw record and each task with its result. Inspectors appear by id only.
 */
export async function getPublicPlanRecord(db: Database, id: string) {
  const plan = await findPlan(db, id)
  const tasks = await planTasks(db, plan.id)
  const results = tally(tasks)
  return {
    id: plan.id,
    title: plan.title,
    status: planStatus(plan, results),
    population: plan.population,
    sampleSize: plan.sampleSize,
    riskWeighted: plan.riskWeighted,
    commitment: plan.commitment,
    committedAt: plan.createdAt,
    drawnAt: plan.drawnAt,
    draw: plan.drawRecord,
    results,
    tasks: tasks.map((t) => ({
      position: t.position,
      agencyId: t.agencyId,
      agencyName: t.agencyName,
      inspectorId: t.inspectorId,
      result: t.result,
      finding: t.finding,
      recordedAt: t.recordedAt,
    })),
  }
}

/** Everything /inspections/:id shows, with names and the platform's own check. */
export async function getPublicPlan(db: Database, id: string) {
  const plan = await findPlan(db, id)
  const record = plan.drawRecord
  const tasks = await planTasks(db, plan.id)
  const skippedIds = record?.skipped.map((s) => s.agencyId) ?? []
  const [inspectors, skippedNames, population] = await Promise.all([
    namesOf(db, 'users', [...plan.inspectorIds, ...(record?.inspectorIds ?? [])]),
    namesOf(db, 'organisations', skippedIds),
    describePopulation(db, plan.population),
  ])
  const inspectorName = (userId: string) => inspectors.get(userId) ?? '（未知）'
  const results = tally(tasks)
  return {
    id: plan.id,
    title: plan.title,
    status: planStatus(plan, results),
    population,
    sampleSize: plan.sampleSize,
    riskWeighted: plan.riskWeighted,
    inspectors: plan.inspectorIds.map((userId) => ({ id: userId, name: inspectorName(userId) })),
    commitment: plan.commitment,
    createdAt: plan.createdAt,
    drawnAt: plan.drawnAt,
    results,
    tasks: tasks.map((t) => ({ ...t, inspectorName: inspectorName(t.inspectorId) })),
    draw: record
      ? {
          record,
          inspectorOrder: record.inspectorOrder.map((userId) => ({
            id: userId,
            name: inspectorName(userId),
          })),
          skipped: record.skipped.map((s) => ({
            ...s,
            agencyName: skippedNames.get(s.agencyId) ?? '（未知）',
          })),
          check: checkInspectionRecord(plan.id, plan.commitment, record),
        }
      : null,
  }
}

export type PublicPlan = Awaited<ReturnType<typeof getPublicPlan>>
