/**
 * The verifiable random draw (随机抽取), commit–reveal. docs/draw-algorithm.md states every
 * step in words; scripts/verify-draw-core.ts re-implements it independently. Change neither
 * without the other: published draws must stay recomputable.
 *
 * 1. At publication the platform picks a secret (hex) and publishes drawCommitment(secret).
 * 2. After the deadline: seed = SHA-256(`${secret}|${sorted sign-up ids joined by ','}|${projectId}`).
 * 3. The order is a Fisher–Yates shuffle of the sorted ids driven by a SHA-256 counter stream
 *    over the seed; the first is the winner, the next ones the backups.
 * 4. The secret is revealed with the result, so anyone can redo steps 1–3.
 */

/** SHA-256 of a string (as UTF-8) or bytes, as 64 lowercase hex digits. */
export type Sha256 = (input: string | Uint8Array) => string

const SECRET = /^[0-9a-f]{32,}$/
const HASH = /^[0-9a-f]{64}$/

/** At least 128 bits, lowercase hex, so the string hashed is unambiguous. */
export function isDrawSecret(secretHex: string): boolean {
  return SECRET.test(secretHex) && secretHex.length % 2 === 0
}

function hash(sha256: Sha256, input: string): string {
  const out = sha256(input)
  if (!HASH.test(out)) throw new TypeError('sha256 must return 64 lowercase hex digits')
  return out
}

/** Published with the project: SHA-256 of the secret's hex text. */
export function drawCommitment(secretHex: string, sha256: Sha256): string {
  if (!isDrawSecret(secretHex)) throw new RangeError('抽取秘密值须为至少 32 位的小写十六进制')
  return hash(sha256, secretHex)
}

/** Plain UTF-16 code-unit order (JavaScript's `a < b`), independent of locale. */
export function sortSignUpIds(signUpIds: readonly string[]): string[] {
  for (const id of signUpIds)
    if (id.length === 0 || id.includes(',') || id.includes('|'))
      throw new RangeError(`报名编号不能为空或包含“,”“|”：${id}`)
  if (new Set(signUpIds).size !== signUpIds.length) throw new RangeError('报名编号重复')
  return [...signUpIds].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
}

/** The text hashed into the seed: `${secretHex}|${sortedIds.join(',')}|${projectId}`. */
export function drawSeedInput(
  secretHex: string,
  signUpIds: readonly string[],
  projectId: string,
): string {
  if (!isDrawSecret(secretHex)) throw new RangeError('抽取秘密值须为至少 32 位的小写十六进制')
  if (projectId.length === 0) throw new RangeError('项目编号不能为空')
  return `${secretHex}|${sortSignUpIds(signUpIds).join(',')}|${projectId}`
}

export function drawSeed(
  secretHex: string,
  signUpIds: readonly string[],
  projectId: string,
  sha256: Sha256,
): string {
  return hash(sha256, drawSeedInput(secretHex, signUpIds, projectId))
}

/**
 * Unsigned 32-bit numbers from the seed: block k = SHA-256(`${seedHex}:${k}`) for k = 0, 1, …
 * (k in decimal), each block read as eight big-endian uint32s, first to last.
 */
export function drawNumberStream(seedHex: string, sha256: Sha256): () => number {
  if (!HASH.test(seedHex)) throw new RangeError('种子须为 64 位小写十六进制')
  let block = ''
  let counter = 0
  let offset = 64
  return () => {
    if (offset === 64) {
      block = hash(sha256, `${seedHex}:${counter++}`)
      offset = 0
    }
    const value = Number.parseInt(block.slice(offset, offset + 8), 16)
    offset += 8
    return value
  }
}

const TWO_32 = 2 ** 32

/**
 * A uniform integer in [0, m): draw x; reject it while x >= floor(2^32 / m)·m (the incomplete
 * last run of residues that would favour small results); return x mod m.
 */
export function uniformBelow(next: () => number, m: number): number {
  if (!Number.isInteger(m) || m < 1 || m > TWO_32) throw new RangeError('m out of range')
  const limit = Math.floor(TWO_32 / m) * m
  for (;;) {
    const x = next()
    if (x < limit) return x % m
  }
}

/**
 * The draw order: the ids sorted (sortSignUpIds), then for i = n−1 down to 1: j = uniform in
 * [0, i], swap positions i and j (Durstenfeld's Fisher–Yates). Position 0 is the winner.
 */
export function drawOrder(seedHex: string, signUpIds: readonly string[], sha256: Sha256): string[] {
  const order = sortSignUpIds(signUpIds)
  const next = drawNumberStream(seedHex, sha256)
  for (let i = order.length - 1; i >= 1; i--) {
    const j = uniformBelow(next, i + 1)
    ;[order[i], order[j]] = [order[j]!, order[i]!]
  }
  return order
}

export const DEFAULT_DRAW_BACKUPS = 2

/** The first of the order wins; the next `backups` stand in, in order, if it cannot sign. */
export function drawWinners(
  order: readonly string[],
  backups = DEFAULT_DRAW_BACKUPS,
): { winner: string; backups: string[] } {
  if (order.length === 0) throw new RangeError('没有可抽取的报名')
  if (!Number.isInteger(backups) || backups < 0) throw new RangeError('候补数须为非负整数')
  return { winner: order[0]!, backups: order.slice(1, 1 + backups) }
}

export interface DrawResult {
  seedHex: string
  order: string[]
  winner: string
  backups: string[]
}

/**
 * The whole draw after the deadline. The caller has already checked the secret against the
 * commitment published with the project and passes only eligible sign-ups.
 */
export function runDraw(input: {
  secretHex: string
  signUpIds: readonly string[]
  projectId: string
  sha256: Sha256
  backups?: number
}): DrawResult {
  const seedHex = drawSeed(input.secretHex, input.signUpIds, input.projectId, input.sha256)
  const order = drawOrder(seedHex, input.signUpIds, input.sha256)
  return { seedHex, order, ...drawWinners(order, input.backups) }
}
