import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  drawCommitment,
  drawOrder,
  drawSeed,
  runDraw,
  type Sha256,
} from '../../models/rules/draw.ts'
import { recomputeDraw, verifyDraw } from '../../scripts/verify-draw-core.ts'

const sha256: Sha256 = (input) => createHash('sha256').update(input).digest('hex')

/** Reproducible pseudo-random inputs: the i-th value of a hash counter. */
const pick = (label: string, i: number, m: number) =>
  Number.parseInt(sha256(`${label}:${i}`).slice(0, 8), 16) % m

// BMP letters, CJK, a full-width mark and an astral emoji: UTF-16 code-unit order and code-point
// order differ between '！' (U+FF01) and '😀' (U+1F600, surrogates D83D DE00).
const alphabet = ['a', 'B', 'z', '0', '-', '中', '介', '！', '😀', 'é']

function randomId(i: number, k: number): string {
  const length = 1 + pick(`len${i}`, k, 12)
  return Array.from({ length }, (_, c) => alphabet[pick(`ch${i}:${k}`, c, alphabet.length)]).join(
    '',
  )
}

function randomDraw(i: number) {
  const secretHex = sha256(`secret${i}`).slice(0, 32 + 2 * pick('slen', i, 17))
  const ids = new Set<string>()
  const count = pick('count', i, 40)
  for (let k = 0; ids.size < count; k++) ids.add(randomId(i, k))
  return { secretHex, signUpIds: [...ids], projectId: `project-${i}-${randomId(i, 999)}` }
}

describe('verifyDraw (independent implementation)', () => {
  it('agrees with models/rules/draw.ts on 400 random draws of 0–39 sign-ups', () => {
    for (let i = 0; i < 400; i++) {
      const input = randomDraw(i)
      const seedHex = drawSeed(input.secretHex, input.signUpIds, input.projectId, sha256)
      const order = drawOrder(seedHex, input.signUpIds, sha256)
      const commitment = drawCommitment(input.secretHex, sha256)
      const result = verifyDraw({ ...input, commitment, publishedOrder: order })
      expect(result, `draw ${i}`).toEqual({
        ok: true,
        problems: [],
        recomputedCommitment: commitment,
        seedHex,
        recomputedOrder: order,
      })
    }
  })

  it('sorts by code units as the rules do', () => {
    const { order } = recomputeDraw('ab'.repeat(16), ['！', '😀'], 'p')
    const rules = runDraw({
      secretHex: 'ab'.repeat(16),
      signUpIds: ['😀', '！'],
      projectId: 'p',
      sha256,
    })
    expect(order).toEqual(rules.order)
  })

  const input = randomDraw(7)
  const genuine = runDraw({ ...input, sha256 })
  const commitment = drawCommitment(input.secretHex, sha256)
  const published = { ...input, commitment, publishedOrder: genuine.order }

  it('uses a draw with enough sign-ups to tamper with', () => {
    expect(genuine.order.length).toBeGreaterThanOrEqual(3)
    expect(verifyDraw(published).ok).toBe(true)
  })

  it('detects a tampered order', () => {
    const swapped = [...genuine.order]
    ;[swapped[0], swapped[2]] = [swapped[2]!, swapped[0]!]
    const result = verifyDraw({ ...published, publishedOrder: swapped })
    expect(result.ok).toBe(false)
    expect(result.problems).toEqual([
      `公布的顺序与重新计算的不一致：第 1 位公布为 ${swapped[0]}，重新计算为 ${genuine.order[0]}`,
    ])
    expect(result.recomputedOrder).toEqual(genuine.order)
  })

  it('detects a dropped or extra entry in the order', () => {
    expect(
      verifyDraw({ ...published, publishedOrder: genuine.order.slice(0, -1) }).problems,
    ).toEqual([
      `公布的顺序有 ${genuine.order.length - 1} 家，重新计算得到 ${genuine.order.length} 家`,
      `公布的顺序与重新计算的不一致：第 ${genuine.order.length} 位公布为 （无），重新计算为 ${genuine.order.at(-1)}`,
    ])
    expect(verifyDraw({ ...published, publishedOrder: [...genuine.order, 'x'] }).ok).toBe(false)
  })

  it('detects a revealed secret that does not match the commitment', () => {
    const otherSecret = sha256('not the secret')
    const result = verifyDraw({ ...published, secretHex: otherSecret })
    expect(result.ok).toBe(false)
    expect(result.problems[0]).toMatch(/^秘密值与发布时公布的承诺值不符/)
    // The order from another secret differs too (with overwhelming probability, and here).
    expect(result.problems.some((p) => p.startsWith('公布的顺序与重新计算的不一致'))).toBe(true)
  })

  it('detects a changed commitment even when the order is right', () => {
    const result = verifyDraw({ ...published, commitment: sha256('something else') })
    expect(result.ok).toBe(false)
    expect(result.problems).toHaveLength(1)
    expect(result.problems[0]).toContain(commitment)
  })

  it('detects a sign-up list that differs from the one drawn', () => {
    const result = verifyDraw({ ...published, signUpIds: input.signUpIds.slice(1) })
    expect(result.ok).toBe(false)
    expect(verifyDraw({ ...published, projectId: 'another' }).ok).toBe(false)
  })

  it('reports a malformed secret and duplicate sign-ups', () => {
    const upper = input.secretHex.toUpperCase()
    const result = verifyDraw({ ...published, secretHex: upper, commitment: sha256(upper) })
    expect(result.problems[0]).toBe('公开的秘密值格式不对：应为至少 32 位的小写十六进制')
    const twice = verifyDraw({ ...published, signUpIds: [...input.signUpIds, input.signUpIds[0]!] })
    expect(twice.problems).toContain(`报名编号重复：${input.signUpIds[0]}`)
  })
})
