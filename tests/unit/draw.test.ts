import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  drawCommitment,
  drawNumberStream,
  drawOrder,
  drawSeed,
  drawSeedInput,
  drawWinners,
  isDrawSecret,
  runDraw,
  sortSignUpIds,
  uniformBelow,
  type Sha256,
} from '../../models/rules/draw.ts'

const sha256: Sha256 = (input) => createHash('sha256').update(input).digest('hex')

// The worked example of docs/draw-algorithm.md, checked against a separate Python script.
const secret = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'
const projectId = '7c9e6679-7425-40de-944b-e07fc1f90ae7'
const signUps = [
  'c3d4e5f6-0000-4000-8000-000000000003',
  'a1b2c3d4-0000-4000-8000-000000000001',
  'e5f6a7b8-0000-4000-8000-000000000005',
  'b2c3d4e5-0000-4000-8000-000000000002',
  'd4e5f6a7-0000-4000-8000-000000000004',
]
const [id1, id2, id3, id4, id5] = [...signUps].sort()
const seed = 'e8e2a1c9c348fbc8c03458d25235911feb3a92a38d9bb9adaf28ef29e0526dff'

/** A different valid secret for every i. */
const secretNo = (i: number) => sha256(`secret ${i}`)

describe('the published example', () => {
  it('commits to the secret', () => {
    expect(drawCommitment(secret, sha256)).toBe(
      '7b3d979ca8330a94fa7e9e1b466d8b99e0bcdea1ec90596c0dcc8d7ef6b4300c',
    )
  })

  it('hashes secret | sorted sign-ups | project into the seed', () => {
    expect(drawSeedInput(secret, signUps, projectId)).toBe(
      `${secret}|${id1},${id2},${id3},${id4},${id5}|${projectId}`,
    )
    expect(drawSeed(secret, signUps, projectId, sha256)).toBe(seed)
  })

  it('reads the counter stream as big-endian 32-bit words', () => {
    const next = drawNumberStream(seed, sha256)
    expect([next(), next(), next(), next()]).toEqual([
      1650505468, 3148556733, 3451079476, 4071704439,
    ])
    // Words 9 and 10 are the first two of block 1.
    for (let i = 4; i < 8; i++) next()
    const block1 = sha256(`${seed}:1`)
    expect(next()).toBe(Number.parseInt(block1.slice(0, 8), 16))
    expect(next()).toBe(Number.parseInt(block1.slice(8, 16), 16))
  })

  it('shuffles into the published order', () => {
    expect(drawOrder(seed, signUps, sha256)).toEqual([id1, id3, id5, id2, id4])
    expect(runDraw({ secretHex: secret, signUpIds: signUps, projectId, sha256 })).toEqual({
      seedHex: seed,
      order: [id1, id3, id5, id2, id4],
      winner: id1,
      backups: [id3, id5],
    })
  })
})

describe('determinism and sensitivity', () => {
  it('does not depend on the order sign-ups are listed in', () => {
    const shuffled = [signUps[3]!, signUps[0]!, signUps[4]!, signUps[2]!, signUps[1]!]
    expect(drawSeed(secret, shuffled, projectId, sha256)).toBe(seed)
    expect(drawOrder(seed, shuffled, sha256)).toEqual(drawOrder(seed, signUps, sha256))
  })

  it('changes the seed with the secret, the project and every sign-up', () => {
    const seeds = new Set([
      seed,
      drawSeed(secretNo(1), signUps, projectId, sha256),
      drawSeed(secret, signUps, 'another-project', sha256),
      drawSeed(secret, signUps.slice(1), projectId, sha256),
      drawSeed(secret, [...signUps, 'f0000000-0000-4000-8000-000000000006'], projectId, sha256),
      drawSeed(
        secret,
        [...signUps.slice(1), 'a1b2c3d4-0000-4000-8000-00000000000f'],
        projectId,
        sha256,
      ),
    ])
    expect(seeds.size).toBe(6)
  })

  it('gives a different order for a different seed', () => {
    const orders = new Set(
      Array.from({ length: 20 }, (_, i) =>
        drawOrder(drawSeed(secretNo(i), signUps, projectId, sha256), signUps, sha256).join(),
      ),
    )
    // 20 draws over 120 possible orders: repeats happen, a constant order would not.
    expect(orders.size).toBeGreaterThan(10)
  })

  it('returns a permutation of the sign-ups', () => {
    for (let n = 0; n <= 12; n++) {
      const ids = Array.from({ length: n }, (_, i) => `s${i}`)
      const order = drawOrder(sha256(`n${n}`), ids, sha256)
      expect([...order].sort()).toEqual([...ids].sort())
    }
  })

  it('makes every order about equally likely', () => {
    const counts = new Map<string, number>()
    for (let i = 0; i < 6000; i++) {
      const key = drawOrder(sha256(`seed ${i}`), ['x', 'y', 'z'], sha256).join('')
      counts.set(key, (counts.get(key) ?? 0) + 1)
    }
    expect(counts.size).toBe(6)
    // Each expected 1000; a binomial standard deviation is about 29.
    for (const count of counts.values()) expect(Math.abs(count - 1000)).toBeLessThan(150)
  })
})

describe('rejection sampling', () => {
  const sequence = (values: number[]) => () => {
    const value = values.shift()
    if (value === undefined) throw new Error('ran out')
    return value
  }

  it('rejects the incomplete last run of values', () => {
    // floor(2^32 / 3)·3 = 4294967295: only that one value is rejected.
    expect(uniformBelow(sequence([4294967295, 7]), 3)).toBe(1)
    expect(uniformBelow(sequence([4294967294]), 3)).toBe(4294967294 % 3)
    // For m = 2^31 + 1 almost half the values are rejected.
    const m = 2 ** 31 + 1
    expect(uniformBelow(sequence([2 ** 31 + 1, 2 ** 32 - 1, 2 ** 31]), m)).toBe(2 ** 31)
    // A power of two rejects nothing.
    expect(uniformBelow(sequence([2 ** 32 - 1]), 4)).toBe(3)
  })

  it('moves on to the next block once eight words are used', () => {
    // A hash stand-in whose block 0 holds only rejected words (0xffffffff for m = 3).
    const seedHex = 'a'.repeat(64)
    const blocks: Record<string, string> = {
      [`${seedHex}:0`]: 'f'.repeat(64),
      [`${seedHex}:1`]: '00000002' + '00000000' + '0'.repeat(48),
    }
    const fake: Sha256 = (input) => {
      const out = blocks[input as string]
      if (!out) throw new Error(`unexpected ${String(input)}`)
      return out
    }
    // i = 2: eight rejections, then 2 → j = 2 (stay); i = 1: 0 → j = 0 (swap).
    expect(drawOrder(seedHex, ['c', 'a', 'b'], fake)).toEqual(['b', 'a', 'c'])
  })
})

describe('input checks', () => {
  it('sorts ids by UTF-16 code units, not by locale', () => {
    expect(sortSignUpIds(['b', 'B', 'a', 'Z', 'é', '_', '10', '9'])).toEqual([
      '10',
      '9',
      'B',
      'Z',
      '_',
      'a',
      'b',
      'é',
    ])
  })

  it('refuses ids that would make the seed text ambiguous, and duplicates', () => {
    expect(() => drawSeed(secret, ['a,b', 'c'], projectId, sha256)).toThrow(RangeError)
    expect(() => drawSeed(secret, ['a|b', 'c'], projectId, sha256)).toThrow(RangeError)
    expect(() => drawSeed(secret, ['', 'c'], projectId, sha256)).toThrow(RangeError)
    expect(() => drawOrder(seed, ['a', 'a', 'b'], sha256)).toThrow('重复')
  })

  it('wants a lowercase hex secret of at least 128 bits and a project id', () => {
    expect(isDrawSecret(secret)).toBe(true)
    expect(isDrawSecret(secret.toUpperCase())).toBe(false)
    expect(isDrawSecret('ab'.repeat(15))).toBe(false)
    expect(isDrawSecret('ab'.repeat(16))).toBe(true)
    expect(isDrawSecret('a'.repeat(33))).toBe(false)
    expect(() => drawCommitment(secret.toUpperCase(), sha256)).toThrow(RangeError)
    expect(() => drawSeed(secret, signUps, '', sha256)).toThrow(RangeError)
    expect(() => drawOrder('xyz', signUps, sha256)).toThrow(RangeError)
  })

  it('insists the hash function returns lowercase hex', () => {
    const upper: Sha256 = (input) => sha256(input).toUpperCase()
    expect(() => drawCommitment(secret, upper)).toThrow(TypeError)
  })
})

describe('drawWinners', () => {
  const order = ['w', 'b1', 'b2', 'b3']

  it('takes the first as winner and the next two as backups', () => {
    expect(drawWinners(order)).toEqual({ winner: 'w', backups: ['b1', 'b2'] })
    expect(drawWinners(order, 0)).toEqual({ winner: 'w', backups: [] })
    expect(drawWinners(order, 5)).toEqual({ winner: 'w', backups: ['b1', 'b2', 'b3'] })
    expect(drawWinners(['only'])).toEqual({ winner: 'only', backups: [] })
  })

  it('refuses an empty draw or a negative number of backups', () => {
    expect(() => drawWinners([])).toThrow(RangeError)
    expect(() => drawWinners(order, -1)).toThrow(RangeError)
  })
})
