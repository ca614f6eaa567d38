/**
 * Turns a project's public JSON (GET /api/v1/projects/:id) into a draw check with
 * scripts/verify-draw-core.ts, and the lines `npm run verify-draw` prints. Uses no project code
 * besides the independent core, so it checks the platform rather than repeating it.
 */
import { type DrawVerification, verifyDraw } from './verify-draw-core.ts'

export interface DrawReport {
  /** true: recomputed and agrees; false: recomputed and disagrees; null: nothing to check. */
  ok: boolean | null
  lines: string[]
  verification?: DrawVerification
}

interface PublicDrawJson {
  commitment: string | null
  secret: string | null
  signUpIds: string[] | null
  seed: string | null
  order: string[] | null
  winner: string | null
}

const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((v) => typeof v === 'string')

function readDraw(value: unknown): PublicDrawJson | null {
  if (typeof value !== 'object' || value == null) return null
  const draw = value as Record<string, unknown>
  const text = (key: string) => (typeof draw[key] === 'string' ? (draw[key] as string) : null)
  return {
    commitment: text('commitment'),
    secret: text('secret'),
    seed: text('seed'),
    signUpIds: isStringArray(draw.signUpIds) ? draw.signUpIds : null,
    order: isStringArray(draw.order) ? draw.order : null,
    winner: text('winner'),
  }
}

/** Agency names by bid id, from the opened bids in the same JSON, to make the order readable. */
function namesByBid(project: Record<string, unknown>): Map<string, string> {
  const bids = Array.isArray(project.bids) ? (project.bids as Record<string, unknown>[]) : []
  return new Map(
    bids
      .filter((b) => typeof b.id === 'string' && typeof b.agencyName === 'string')
      .map((b) => [b.id as string, b.agencyName as string]),
  )
}

/** Sign-ups struck out after the draw (an upheld objection): the next names move up. */
function excludedIds(project: Record<string, unknown>): Map<string, string> {
  const result = project.result as { excluded?: { bidId?: unknown; reason?: unknown }[] } | null
  return new Map(
    (result?.excluded ?? [])
      .filter((e) => typeof e.bidId === 'string')
      .map((e) => [e.bidId as string, String(e.reason ?? '')]),
  )
}

/** 中选, 候补 1, 候补 2 down the order, skipping the names struck out. */
function rolesOf(order: readonly string[], excluded: ReadonlyMap<string, string>) {
  const roles = new Map<string, string>()
  let place = 0
  for (const id of order) {
    if (excluded.has(id)) {
      roles.set(id, `已排除（${excluded.get(id)}）`)
      continue
    }
    roles.set(id, place === 0 ? '中选' : place <= 2 ? `候补 ${place}` : '')
    place++
  }
  return roles
}

export function reportDraw(projectId: string, json: unknown): DrawReport {
  if (typeof json !== 'object' || json == null) return { ok: null, lines: ['公开数据格式不对'] }
  const project = json as Record<string, unknown>
  const lines = [`项目：${String(project.title ?? '')}（${projectId}）`]
  if (project.id !== projectId) return { ok: null, lines: [...lines, '公开数据的项目编号不符'] }
  if (project.method !== 'lottery')
    return { ok: null, lines: [...lines, '该项目不采用随机抽取方式，无需核对抽取'] }
  const draw = readDraw(project.draw)
  if (!draw?.commitment) return { ok: null, lines: [...lines, '公开数据中没有抽取承诺值'] }
  lines.push(`承诺值（发布时公布）：${draw.commitment}`)
  if (!draw.secret || !draw.signUpIds || !draw.order)
    return {
      ok: null,
      lines: [...lines, `尚未抽取（项目状态：${String(project.status)}），秘密值还未公开`],
    }

  const names = namesByBid(project)
  const label = (id: string) => `${id}${names.has(id) ? `  ${names.get(id)}` : ''}`
  const sorted = [...draw.signUpIds].sort((x, y) => (x === y ? 0 : x < y ? -1 : 1))
  const verification = verifyDraw({
    secretHex: draw.secret,
    commitment: draw.commitment,
    signUpIds: draw.signUpIds,
    projectId,
    publishedOrder: draw.order,
  })
  const problems = [...verification.problems]
  const excluded = excludedIds(project)
  const roles = rolesOf(verification.recomputedOrder, excluded)
  const expectedWinner = verification.recomputedOrder.find((id) => !excluded.has(id)) ?? null
  if (draw.winner !== expectedWinner)
    problems.push(
      `公布的中选 ${draw.winner ?? '（无）'} 不是重新计算的顺序中第一个未被排除的 ${expectedWinner ?? '（无）'}`,
    )
  if (draw.seed !== verification.seedHex)
    problems.push(`公布的种子 ${draw.seed ?? '（无）'} 与重新计算的 ${verification.seedHex} 不符`)
  lines.push(
    `秘密值（结果公布时揭示）：${draw.secret}`,
    `重新计算 SHA-256(秘密值)：${verification.recomputedCommitment}`,
    `有效报名（${sorted.length} 家，按编号排序）：`,
    ...sorted.map((id, i) => `  ${i + 1}. ${label(id)}`),
    `项目编号：${projectId}`,
    `种子输入：${[draw.secret, sorted.join(','), projectId].join('|')}`,
    `公布的种子：${draw.seed ?? '（无）'}`,
    `重新计算的种子：${verification.seedHex}`,
    '重新计算的顺序：',
    ...verification.recomputedOrder.map((id, i) =>
      `  ${i + 1}. ${label(id)}  ${roles.get(id) ?? ''}`.trimEnd(),
    ),
    '公布的顺序：',
    ...draw.order.map((id, i) => `  ${i + 1}. ${id}`),
    `公布的中选：${draw.winner ? label(draw.winner) : '（无）'}`,
  )
  if (problems.length === 0) {
    lines.push('结论：OK，抽取结果与公开输入一致')
    return { ok: true, lines, verification }
  }
  lines.push('结论：不一致', ...problems.map((p) => `  - ${p}`))
  return { ok: false, lines, verification }
}
