/**
 * Recomputes a published 双随机 inspection draw from its public record. Written apart from
 * models/rules/inspection-draw.ts on purpose: only node:crypto and the independent shuffle of
 * scripts/verify-draw-core.ts, no project code, so a mistake in one shows up as a disagreement
 * with the other. The steps: docs/inspections.md.
 */
import { createHash } from 'node:crypto'
import { shuffleWithSeed } from './verify-draw-core.ts'

const hex = (text: string) => createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex')
const byCodeUnits = (x: string, y: string) => (x === y ? 0 : x < y ? -1 : 1)

/** The published weights by credit grade (docs/inspections.md). */
const GRADE_WEIGHT: Record<string, number> = { A: 1, B: 2, C: 3, D: 4 }

export interface InspectionInputs {
  planId: string
  secret: string
  populationIds: readonly string[]
  /** Grades by agency id for a risk-weighted plan; null otherwise. */
  grades: Readonly<Record<string, string>> | null
  inspectorIds: readonly string[]
  links: Readonly<Record<string, readonly string[]>>
  sampleSize: number
}

export interface RecomputedInspection {
  seedInput: string
  seed: string
  weights: Record<string, number> | null
  walked: string[]
  inspectorSeed: string
  inspectorOrder: string[]
  pairs: { position: number; agencyId: string; inspectorId: string }[]
  skipped: string[]
}

function agencySequence(seed: string, sorted: string[], weights: Record<string, number> | null) {
  if (!weights) return shuffleWithSeed(seed, sorted)
  const tickets: string[] = []
  for (const id of sorted)
    for (let copy = 1; copy <= weights[id]!; copy++) tickets.push(`${id}#${copy}`)
  const firstSeen: string[] = []
  const drawn = new Set<string>()
  for (const ticket of shuffleWithSeed(seed, tickets)) {
    const id = ticket.slice(0, ticket.lastIndexOf('#'))
    if (!drawn.has(id)) firstSeen.push(id)
    drawn.add(id)
  }
  return firstSeen
}

export function recomputeInspection(inputs: InspectionInputs): RecomputedInspection {
  const sorted = [...inputs.populationIds].sort(byCodeUnits)
  const seedInput = `${inputs.secret}|${sorted.join(',')}|${inputs.planId}`
  const seed = hex(seedInput)
  const weights = inputs.grades
    ? Object.fromEntries(sorted.map((id) => [id, GRADE_WEIGHT[inputs.grades![id] ?? ''] ?? NaN]))
    : null
  const sequence = agencySequence(seed, sorted, weights)
  const inspectorSeed = hex(`${seed}:inspectors`)
  const inspectorOrder = shuffleWithSeed(inspectorSeed, inputs.inspectorIds)

  const pairs: RecomputedInspection['pairs'] = []
  const skipped: string[] = []
  const walked: string[] = []
  let cursor = 0
  for (const agencyId of sequence) {
    if (pairs.length === inputs.sampleSize) break
    walked.push(agencyId)
    const blocked = new Set(inputs.links[agencyId] ?? [])
    let chosen = -1
    for (let tries = 0; tries < inspectorOrder.length && chosen < 0; tries++) {
      const at = (cursor + tries) % inspectorOrder.length
      if (!blocked.has(inspectorOrder[at]!)) chosen = at
    }
    if (chosen < 0) {
      skipped.push(agencyId)
      continue
    }
    pairs.push({ position: pairs.length + 1, agencyId, inspectorId: inspectorOrder[chosen]! })
    cursor = (chosen + 1) % inspectorOrder.length
  }
  return { seedInput, seed, weights, walked, inspectorSeed, inspectorOrder, pairs, skipped }
}

export interface PublishedTask {
  position: number
  agencyId: string
  agencyName?: string
  inspectorId: string
}

export interface PublishedInspection {
  planId: string
  /** Published when the plan was made, before anyone could know the population. */
  commitment: string
  draw: {
    commitment: string
    secret: string
    seedInput?: string
    seed: string
    populationIds: string[]
    riskWeighted: boolean
    grades: Record<string, string> | null
    weights: Record<string, number> | null
    sampleSize: number
    order: string[]
    inspectorIds: string[]
    inspectorSeed: string
    inspectorOrder: string[]
    links: Record<string, string[]>
    pairs: { position: number; agencyId: string; inspectorId: string }[]
    skipped: { agencyId: string; reason?: string }[]
  }
  tasks: PublishedTask[]
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)
// Field by field: a JSON store (PostgreSQL jsonb) may give an object's keys back in another order.
const pairKeys = (pairs: readonly { position: number; agencyId: string; inspectorId: string }[]) =>
  pairs.map((p) => `${p.position}|${p.agencyId}|${p.inspectorId}`)

/** Every check, in Chinese; an empty list means the draw checks out. */
export function verifyInspection(published: PublishedInspection) {
  const { draw } = published
  const problems: string[] = []
  if (!/^[0-9a-f]{32,}$/.test(draw.secret))
    problems.push('公开的秘密值格式不对：应为至少 32 位的小写十六进制')
  const recomputedCommitment = hex(draw.secret)
  if (recomputedCommitment !== published.commitment)
    problems.push(
      `秘密值与创建计划时公布的承诺值不符：SHA-256(秘密值) = ${recomputedCommitment}，承诺值 = ${published.commitment}`,
    )
  if (draw.commitment !== published.commitment) problems.push('抽取记录中的承诺值与计划公布的不同')
  const ids = new Set<string>()
  for (const id of draw.populationIds) {
    if (ids.has(id)) problems.push(`抽查范围中机构编号重复：${id}`)
    if (id === '' || /[,|#]/.test(id)) problems.push(`机构编号不能为空或包含“,”“|”“#”：${id}`)
    ids.add(id)
  }
  if (draw.riskWeighted && !draw.grades) problems.push('按信用风险加权，但没有公布各机构的信用等级')

  const again = recomputeInspection({
    planId: published.planId,
    secret: draw.secret,
    populationIds: draw.populationIds,
    grades: draw.riskWeighted ? draw.grades : null,
    inspectorIds: draw.inspectorIds,
    links: draw.links,
    sampleSize: draw.sampleSize,
  })
  if (again.weights) {
    for (const [id, weight] of Object.entries(again.weights))
      if (!Number.isInteger(weight))
        problems.push(`机构 ${id} 的信用等级无效：${draw.grades?.[id]}`)
      else if (draw.weights?.[id] !== weight)
        problems.push(`机构 ${id} 的权重公布为 ${draw.weights?.[id]}，按等级应为 ${weight}`)
  }
  if (draw.seedInput != null && draw.seedInput !== again.seedInput)
    problems.push('公布的种子输入与按公开数据拼出的不同')
  if (draw.seed !== again.seed)
    problems.push(`公布的种子 ${draw.seed} 与重新计算的 ${again.seed} 不符`)
  if (!same(draw.order, again.walked)) problems.push('公布的机构抽取顺序与重新计算的不一致')
  if (draw.inspectorSeed !== again.inspectorSeed)
    problems.push('公布的检查人员种子与重新计算的不符')
  if (!same(draw.inspectorOrder, again.inspectorOrder))
    problems.push('公布的检查人员顺序与重新计算的不一致')
  if (!same(pairKeys(draw.pairs), pairKeys(again.pairs)))
    problems.push('公布的“机构—检查人员”配对与重新计算的不一致')
  if (
    !same(
      draw.skipped.map((s) => s.agencyId),
      again.skipped,
    )
  )
    problems.push('公布的跳过机构与重新计算的不一致')
  const tasks = [...published.tasks]
    .sort((a, b) => a.position - b.position)
    .map((t) => ({ position: t.position, agencyId: t.agencyId, inspectorId: t.inspectorId }))
  if (!same(pairKeys(tasks), pairKeys(again.pairs)))
    problems.push('公布的检查任务与重新计算的配对不一致')
  for (const pair of again.pairs)
    if ((draw.links[pair.agencyId] ?? []).includes(pair.inspectorId))
      problems.push(`检查人员 ${pair.inspectorId} 与机构 ${pair.agencyId} 有关联却被配对`)
  return { ok: problems.length === 0, problems, recomputedCommitment, recomputed: again }
}

/** The lines the command prints, and whether the draw checks out (null: nothing to check). */
export function reportInspection(
  planId: string,
  json: unknown,
): { ok: boolean | null; lines: string[] } {
  if (typeof json !== 'object' || json == null) return { ok: null, lines: ['公开数据格式不对'] }
  const plan = json as Record<string, unknown> & { tasks?: PublishedInspection['tasks'] }
  const lines = [`抽查计划：${String(plan.title ?? '')}（${planId}）`]
  if (plan.id !== planId) return { ok: null, lines: [...lines, '公开数据的计划编号不符'] }
  if (typeof plan.commitment !== 'string') return { ok: null, lines: [...lines, '没有承诺值'] }
  lines.push(`承诺值（创建计划时公布）：${plan.commitment}`)
  if (plan.draw == null) return { ok: null, lines: [...lines, '尚未抽取，秘密值还未公开'] }
  const draw = plan.draw as PublishedInspection['draw']
  const tasks = Array.isArray(plan.tasks) ? plan.tasks : []
  const names = new Map(tasks.map((t) => [t.agencyId, t.agencyName ?? '']))
  const { ok, problems, recomputedCommitment, recomputed } = verifyInspection({
    planId,
    commitment: plan.commitment,
    draw,
    tasks,
  })
  lines.push(
    `秘密值（抽取时揭示）：${draw.secret}`,
    `重新计算 SHA-256(秘密值)：${recomputedCommitment}`,
    `抽查范围：${draw.populationIds.length} 家${draw.riskWeighted ? '（按信用等级加权：A 1、B 2、C 3、D 4）' : ''}`,
    `重新计算的种子：${recomputed.seed}`,
    `公布的种子：${draw.seed}`,
    `重新计算的检查人员种子：${recomputed.inspectorSeed}`,
    '重新计算的配对：',
    ...recomputed.pairs.map(
      (p) =>
        `  ${p.position}. ${p.agencyId} ${names.get(p.agencyId) ?? ''} ← 检查人员 ${p.inspectorId}`,
    ),
    ...(recomputed.skipped.length
      ? ['因回避跳过：', ...recomputed.skipped.map((id) => `  - ${id}`)]
      : []),
  )
  if (ok) return { ok, lines: [...lines, '结论：OK，抽取结果与公开输入一致'] }
  return { ok, lines: [...lines, '结论：不一致', ...problems.map((p) => `  - ${p}`)] }
}
