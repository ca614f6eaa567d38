/**
 * 双随机 inspection draw: which agencies are inspected, in what order, and by whom. It reuses
 * the procedures' verifiable draw (models/rules/draw.ts: the seed, the SHA-256 counter stream
 * and Fisher–Yates) and adds three published steps, stated in docs/inspections.md and
 * re-implemented apart in scripts/verify-inspection-core.ts. Change neither without the other.
 *
 * 1. seed = SHA-256(`${secret}|${sorted population ids}|${planId}`), as for a lottery project.
 * 2. Agencies: shuffle the sorted ids with the seed. Risk-weighted: shuffle the tokens
 *    `${id}#1` … `${id}#${weight}` instead, and keep each agency at its first token.
 * 3. Inspectors: inspectorSeed = SHA-256(`${seed}:inspectors`); shuffle the sorted pool with it.
 *    Down the agency order, each agency gets the next inspector of that order (round the
 *    circle) who is not linked to it; with none free it is skipped, and the walk goes on until
 *    `sampleSize` pairs are made or the order ends.
 */
import { type CreditGrade, creditGrades } from './credit-rules.ts'
import { drawOrder, drawSeed, drawSeedInput, type Sha256, sortSignUpIds } from './draw.ts'

/** Lower grades are drawn more often when a plan is risk-weighted. */
export const gradeWeights: Record<CreditGrade, number> = { A: 1, B: 2, C: 3, D: 4 }

export const weightOfGrade = (grade: string): number =>
  creditGrades.includes(grade as CreditGrade) ? gradeWeights[grade as CreditGrade] : 1

/** What separates an agency id from its copy number in a weighted draw. */
export const TOKEN_SEPARATOR = '#'

export const INSPECTOR_STREAM = ':inspectors'

/** The expanded list of a weighted draw: `${id}#${k}` for k = 1 … weight, ids sorted. */
export function weightedTokens(
  populationIds: readonly string[],
  weights: Readonly<Record<string, number>>,
): string[] {
  return sortSignUpIds(populationIds).flatMap((id) => {
    if (id.includes(TOKEN_SEPARATOR)) throw new RangeError(`机构编号不能包含“#”：${id}`)
    const weight = weights[id]
    if (!Number.isInteger(weight) || weight! < 1) throw new RangeError(`机构 ${id} 的权重无效`)
    return Array.from({ length: weight! }, (_, k) => `${id}${TOKEN_SEPARATOR}${k + 1}`)
  })
}

/** The agency order: every population id once, weighted or not. */
export function agencyOrder(
  seedHex: string,
  populationIds: readonly string[],
  weights: Readonly<Record<string, number>> | null,
  sha256: Sha256,
): string[] {
  if (!weights) return drawOrder(seedHex, populationIds, sha256)
  const seen = new Set<string>()
  const order: string[] = []
  for (const token of drawOrder(seedHex, weightedTokens(populationIds, weights), sha256)) {
    const id = token.slice(0, token.lastIndexOf(TOKEN_SEPARATOR))
    if (seen.has(id)) continue
    seen.add(id)
    order.push(id)
  }
  return order
}

export const inspectorSeed = (seedHex: string, sha256: Sha256) =>
  sha256(`${seedHex}${INSPECTOR_STREAM}`)

export interface InspectionPair {
  /** 1, 2, … in the order drawn. */
  position: number
  agencyId: string
  inspectorId: string
}

export interface SkippedAgency {
  agencyId: string
  reason: string
}

export const NO_FREE_INSPECTOR = '检查人员均与该机构存在关联，按规定回避，跳过'

/**
 * Walks the agency order and pairs each agency with the next inspector of `inspectorOrder`
 * (from just after the last one given work, round the circle) not linked to it.
 */
export function assignInspectors(input: {
  agencyOrder: readonly string[]
  inspectorOrder: readonly string[]
  /** Inspector ids linked to each agency; missing = none. */
  links: Readonly<Record<string, readonly string[]>>
  sampleSize: number
}): { pairs: InspectionPair[]; skipped: SkippedAgency[]; walked: string[] } {
  const { inspectorOrder } = input
  const pairs: InspectionPair[] = []
  const skipped: SkippedAgency[] = []
  const walked: string[] = []
  let next = 0
  for (const agencyId of input.agencyOrder) {
    if (pairs.length >= input.sampleSize) break
    walked.push(agencyId)
    const linked = new Set(input.links[agencyId] ?? [])
    const step = Array.from({ length: inspectorOrder.length }, (_, k) => k).find(
      (k) => !linked.has(inspectorOrder[(next + k) % inspectorOrder.length]!),
    )
    if (step === undefined) {
      skipped.push({ agencyId, reason: NO_FREE_INSPECTOR })
      continue
    }
    const at = (next + step) % inspectorOrder.length
    pairs.push({ position: pairs.length + 1, agencyId, inspectorId: inspectorOrder[at]! })
    next = (at + 1) % inspectorOrder.length
  }
  return { pairs, skipped, walked }
}

/** Everything a plan's draw publishes: enough for anyone to redo it. */
export interface InspectionDrawRecord {
  version: 1
  planId: string
  commitment: string
  secret: string
  seedInput: string
  seed: string
  /** Sorted; the agencies that could be drawn when the draw was made. */
  populationIds: string[]
  riskWeighted: boolean
  /** Grade and weight of each agency in the population (risk-weighted plans only). */
  grades: Record<string, string> | null
  weights: Record<string, number> | null
  sampleSize: number
  /** The part of the agency order walked: every agency paired or skipped, in order. */
  order: string[]
  inspectorIds: string[]
  inspectorSeed: string
  inspectorOrder: string[]
  /** For the agencies walked: the pool inspectors linked to each (conflict or shared contact). */
  links: Record<string, string[]>
  pairs: InspectionPair[]
  skipped: SkippedAgency[]
}

export function runInspectionDraw(input: {
  planId: string
  commitment: string
  secretHex: string
  populationIds: readonly string[]
  /** Credit grades by agency id; given only for a risk-weighted plan. */
  grades: Readonly<Record<string, string>> | null
  inspectorIds: readonly string[]
  links: Readonly<Record<string, readonly string[]>>
  sampleSize: number
  sha256: Sha256
}): InspectionDrawRecord {
  const { secretHex, planId, sha256 } = input
  if (input.populationIds.length === 0) throw new RangeError('抽查范围内没有机构')
  if (input.inspectorIds.length === 0) throw new RangeError('没有检查人员')
  if (!Number.isInteger(input.sampleSize) || input.sampleSize < 1)
    throw new RangeError('抽查数量须为正整数')
  const populationIds = sortSignUpIds(input.populationIds)
  const seed = drawSeed(secretHex, populationIds, planId, sha256)
  const grades = input.grades
    ? Object.fromEntries(populationIds.map((id) => [id, input.grades![id] ?? 'A']))
    : null
  const weights = grades
    ? Object.fromEntries(populationIds.map((id) => [id, weightOfGrade(grades[id]!)]))
    : null
  const inspectorIds = sortSignUpIds(input.inspectorIds)
  const inspectorSeedHex = inspectorSeed(seed, sha256)
  const inspectorOrder = drawOrder(inspectorSeedHex, inspectorIds, sha256)
  const { pairs, skipped, walked } = assignInspectors({
    agencyOrder: agencyOrder(seed, populationIds, weights, sha256),
    inspectorOrder,
    links: input.links,
    sampleSize: input.sampleSize,
  })
  const pool = new Set(inspectorIds)
  const links = Object.fromEntries(
    walked
      .map((id) => [id, [...new Set(input.links[id] ?? [])].filter((u) => pool.has(u)).sort()])
      .filter(([, linked]) => linked!.length > 0),
  ) as Record<string, string[]>
  return {
    version: 1,
    planId,
    commitment: input.commitment,
    secret: secretHex,
    seedInput: drawSeedInput(secretHex, populationIds, planId),
    seed,
    populationIds,
    riskWeighted: grades != null,
    grades,
    weights,
    sampleSize: input.sampleSize,
    order: walked,
    inspectorIds,
    inspectorSeed: inspectorSeedHex,
    inspectorOrder,
    links,
    pairs,
    skipped,
  }
}
