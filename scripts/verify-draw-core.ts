/**
 * Recomputes a published random draw from its public inputs, written apart from
 * models/rules/draw.ts on purpose (only node:crypto, no project code) so that a mistake in one
 * shows up as a disagreement with the other. The algorithm, step by step: docs/draw-algorithm.md.
 */
import { createHash } from 'node:crypto'

export interface PublishedDraw {
  /** The secret revealed with the result (lowercase hex). */
  secretHex: string
  /** The commitment published with the project announcement. */
  commitment: string
  /** The eligible sign-ups that took part, in any order. */
  signUpIds: readonly string[]
  projectId: string
  /** The order the platform published, winner first. */
  publishedOrder: readonly string[]
}

export interface DrawVerification {
  ok: boolean
  /** What does not add up, in Chinese; empty when the draw checks out. */
  problems: string[]
  recomputedCommitment: string
  seedHex: string
  recomputedOrder: string[]
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex')
}

/** Reads SHA-256(`${seed}:0`), SHA-256(`${seed}:1`), … as big-endian 32-bit words. */
class CounterStream {
  private words: number[] = []
  private block = 0

  constructor(private readonly seedHex: string) {}

  nextWord(): number {
    if (this.words.length === 0) {
      const digest = createHash('sha256').update(`${this.seedHex}:${this.block}`).digest()
      this.block += 1
      for (let at = 0; at < digest.length; at += 4) this.words.push(digest.readUInt32BE(at))
    }
    return this.words.shift()!
  }

  /** Uniform in [0, bound): rejection of the top partial run keeps every value equally likely. */
  below(bound: number): number {
    const span = 0x1_0000_0000
    const accepted = span - (span % bound)
    let word = this.nextWord()
    while (word >= accepted) word = this.nextWord()
    return word % bound
  }
}

/** The ids in UTF-16 order, shuffled by the counter stream of `seedHex` (also used for inspections). */
export function shuffleWithSeed(seedHex: string, ids: readonly string[]): string[] {
  const order = Array.from(ids).sort((x, y) => (x === y ? 0 : x < y ? -1 : 1))
  const stream = new CounterStream(seedHex)
  for (let last = order.length - 1; last > 0; last -= 1) {
    const pick = stream.below(last + 1)
    const held = order[last]!
    order[last] = order[pick]!
    order[pick] = held
  }
  return order
}

export function recomputeDraw(secretHex: string, signUpIds: readonly string[], projectId: string) {
  const sorted = Array.from(signUpIds).sort((x, y) => (x === y ? 0 : x < y ? -1 : 1))
  const seedHex = sha256Hex([secretHex, sorted.join(','), projectId].join('|'))
  return { seedHex, order: shuffleWithSeed(seedHex, sorted) }
}

export function verifyDraw(draw: PublishedDraw): DrawVerification {
  const problems: string[] = []
  if (!/^[0-9a-f]+$/.test(draw.secretHex) || draw.secretHex.length < 32)
    problems.push('公开的秘密值格式不对：应为至少 32 位的小写十六进制')
  const recomputedCommitment = sha256Hex(draw.secretHex)
  if (recomputedCommitment !== draw.commitment.trim().toLowerCase())
    problems.push(
      `秘密值与发布时公布的承诺值不符：SHA-256(秘密值) = ${recomputedCommitment}，公布的承诺值 = ${draw.commitment}`,
    )
  const seen = new Set<string>()
  for (const id of draw.signUpIds) {
    if (seen.has(id)) problems.push(`报名编号重复：${id}`)
    seen.add(id)
    if (id === '' || /[,|]/.test(id)) problems.push(`报名编号不能为空或包含“,”“|”：${id}`)
  }

  const { seedHex, order } = recomputeDraw(draw.secretHex, draw.signUpIds, draw.projectId)
  if (draw.publishedOrder.length !== order.length)
    problems.push(`公布的顺序有 ${draw.publishedOrder.length} 家，重新计算得到 ${order.length} 家`)
  const firstDifference = order.findIndex((id, at) => draw.publishedOrder[at] !== id)
  if (firstDifference >= 0)
    problems.push(
      `公布的顺序与重新计算的不一致：第 ${firstDifference + 1} 位公布为 ${draw.publishedOrder[firstDifference] ?? '（无）'}，重新计算为 ${order[firstDifference]}`,
    )
  return {
    ok: problems.length === 0,
    problems,
    recomputedCommitment,
    seedHex,
    recomputedOrder: order,
  }
}
