import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { drawOrder, drawSeed, type Sha256 } from '../../models/rules/draw.ts'
import {
  agencyOrder,
  assignInspectors,
  NO_FREE_INSPECTOR,
  runInspectionDraw,
  weightedTokens,
} from '../../models/rules/inspection-draw.ts'
import { recomputeInspection, verifyInspection } from '../../scripts/verify-inspection-core.ts'

const sha256: Sha256 = (input) => createHash('sha256').update(input).digest('hex')
const pick = (label: string, i: number, m: number) =>
  Number.parseInt(sha256(`${label}:${i}`).slice(0, 8), 16) % m

const agencies = (n: number, tag = 'a') =>
  Array.from({ length: n }, (_, i) => `${tag}${String(i).padStart(3, '0')}-agency`)
const inspectorsOf = (n: number) => Array.from({ length: n }, (_, i) => `insp-${i}`)
const secretOf = (i: number) => sha256(`secret-${i}`)

function randomCase(i: number) {
  const populationIds = agencies(1 + pick('n', i, 30), `p${i}-`)
  const inspectorIds = inspectorsOf(1 + pick('k', i, 5))
  const grades = pick('w', i, 2)
    ? Object.fromEntries(populationIds.map((id, j) => [id, 'ABCD'[pick(`g${i}`, j, 4)]!]))
    : null
  const links: Record<string, string[]> = {}
  for (const [j, id] of populationIds.entries())
    if (pick(`l${i}`, j, 3) === 0)
      links[id] = inspectorIds.filter((_, k) => pick(`lk${i}:${j}`, k, 2) === 0)
  return {
    planId: `plan-${i}`,
    commitment: sha256(secretOf(i)),
    secretHex: secretOf(i),
    populationIds,
    grades,
    inspectorIds,
    links,
    sampleSize: 1 + pick('s', i, 12),
    sha256,
  }
}

describe('the worked example of docs/inspections.md', () => {
  const ids = [1, 2, 3, 4].map(
    (n) =>
      `${['a1b2c3d4', 'b2c3d4e5', 'c3d4e5f6', 'd4e5f6a7'][n - 1]}-0000-4000-8000-00000000000${n}`,
  )
  const [a, b] = ['11111111-0000-4000-8000-00000000000a', '22222222-0000-4000-8000-00000000000b']
  const input = {
    planId: '5f0c1a2b-3c4d-4e5f-8a6b-7c8d9e0f1a2b',
    commitment: '7b3d979ca8330a94fa7e9e1b466d8b99e0bcdea1ec90596c0dcc8d7ef6b4300c',
    secretHex: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    populationIds: ids,
    grades: { [ids[0]!]: 'A', [ids[1]!]: 'D', [ids[2]!]: 'B', [ids[3]!]: 'C' },
    inspectorIds: [a!, b!],
    links: { [ids[1]!]: [a!] },
    sampleSize: 3,
    sha256,
  }

  it('gives the published seed, orders and pairs, weighted and not', () => {
    const record = runInspectionDraw(input)
    expect(sha256(input.secretHex)).toBe(input.commitment)
    expect(record.seed).toBe('658b40c344ada89ed14f64d1a6b733ab6eb0927123073929068b6ead9ea4f6cc')
    expect(record.inspectorSeed).toBe(
      'd9a7e4ed27a40beb7bdb3083e92754ed988c84c51eeb93d2e286f4525b43ff9e',
    )
    expect(record.inspectorOrder).toEqual([b, a])
    expect(record.order).toEqual([ids[0], ids[1], ids[3]])
    expect(record.pairs.map((p) => [p.agencyId, p.inspectorId])).toEqual([
      [ids[0], b],
      [ids[1], b],
      [ids[3], a],
    ])
    const plain = runInspectionDraw({ ...input, grades: null })
    expect(plain.pairs.map((p) => [p.agencyId, p.inspectorId])).toEqual([
      [ids[3], b],
      [ids[2], a],
      [ids[1], b],
    ])
  })
})

describe('runInspectionDraw', () => {
  it('gives the same record for the same inputs, and an unweighted order is the procedures’ draw', () => {
    const input = randomCase(1)
    const plain = { ...input, grades: null }
    expect(runInspectionDraw(plain)).toEqual(runInspectionDraw(plain))
    const record = runInspectionDraw(plain)
    expect(record.seed).toBe(drawSeed(input.secretHex, input.populationIds, input.planId, sha256))
    const full = drawOrder(record.seed, input.populationIds, sha256)
    expect(full.slice(0, record.order.length)).toEqual(record.order)
  })

  it('agrees with the independent verifier on 300 random plans, weighted or not, with links', () => {
    for (let i = 0; i < 300; i++) {
      const input = randomCase(i)
      const record = runInspectionDraw(input)
      const again = recomputeInspection({ ...input, secret: input.secretHex })
      expect(again.seed).toBe(record.seed)
      expect(again.walked).toEqual(record.order)
      expect(again.inspectorOrder).toEqual(record.inspectorOrder)
      expect(again.pairs).toEqual(record.pairs)
      expect(again.skipped).toEqual(record.skipped.map((s) => s.agencyId))
      const check = verifyInspection({
        planId: input.planId,
        commitment: input.commitment,
        draw: JSON.parse(JSON.stringify(record)) as never,
        tasks: record.pairs,
      })
      expect(check.problems).toEqual([])
    }
  })

  it('the verifier finds a swapped inspector, a changed grade and a wrong secret', () => {
    const input = { ...randomCase(7), grades: null, links: {}, sampleSize: 3 }
    input.inspectorIds = inspectorsOf(3)
    const record = runInspectionDraw(input)
    const check = (draw: object, commitment = input.commitment) =>
      verifyInspection({
        planId: input.planId,
        commitment,
        draw: draw as never,
        tasks: record.pairs,
      }).problems
    const swapped = record.pairs.map((p, i) =>
      i === 0 ? { ...p, inspectorId: record.pairs[1]!.inspectorId } : p,
    )
    expect(check({ ...record, pairs: swapped })).toContain(
      '公布的“机构—检查人员”配对与重新计算的不一致',
    )
    expect(check(record, sha256('another secret')).join()).toMatch(/承诺值不符/)
    const weighted = runInspectionDraw({
      ...input,
      grades: Object.fromEntries(input.populationIds.map((id) => [id, 'B'])),
    })
    const lied = { ...weighted, grades: { ...weighted.grades, [input.populationIds[0]!]: 'D' } }
    expect(check(lied).join()).toMatch(/权重公布为 2，按等级应为 4/)
  })

  it('never pairs a linked inspector; an agency every inspector is linked to is skipped', () => {
    const populationIds = agencies(12)
    const inspectorIds = inspectorsOf(3)
    const links = Object.fromEntries(
      populationIds.map((id, i) => [id, inspectorIds.slice(0, i % 4)]),
    )
    const record = runInspectionDraw({
      ...randomCase(3),
      populationIds,
      inspectorIds,
      links,
      grades: null,
      sampleSize: 6,
    })
    expect(record.pairs).toHaveLength(6)
    for (const pair of record.pairs) expect(links[pair.agencyId]).not.toContain(pair.inspectorId)
    for (const skip of record.skipped) {
      expect(links[skip.agencyId]).toHaveLength(3)
      expect(skip.reason).toBe(NO_FREE_INSPECTOR)
    }
    // The walk goes on past skipped agencies until the sample is full.
    expect(record.order).toHaveLength(6 + record.skipped.length)
    expect(record.links).toEqual(
      Object.fromEntries(
        record.order.filter((id) => links[id]!.length).map((id) => [id, links[id]]),
      ),
    )
  })

  it('shares the work round the inspector order', () => {
    const { pairs } = assignInspectors({
      agencyOrder: agencies(7),
      inspectorOrder: ['x', 'y', 'z'],
      links: { [agencies(7)[1]!]: ['y'] },
      sampleSize: 7,
    })
    expect(pairs.map((p) => p.inspectorId)).toEqual(['x', 'z', 'x', 'y', 'z', 'x', 'y'])
  })
})

describe('risk weighting', () => {
  it('expands each agency by its weight and keeps each agency once, at its first copy', () => {
    expect(weightedTokens(['b', 'a'], { a: 2, b: 1 })).toEqual(['a#1', 'a#2', 'b#1'])
    const ids = agencies(10)
    const weights = Object.fromEntries(ids.map((id, i) => [id, 1 + (i % 4)]))
    const order = agencyOrder(sha256('seed'), ids, weights, sha256)
    expect([...order].sort()).toEqual(ids)
    expect(agencyOrder(sha256('seed'), ids, weights, sha256)).toEqual(order)
    expect(order).not.toEqual(agencyOrder(sha256('seed'), ids, null, sha256))
  })

  it('draws D-grade agencies about four times as often as A-grade ones over many seeds', () => {
    const ids = [...agencies(5, 'A'), ...agencies(5, 'D')]
    const weights = Object.fromEntries(ids.map((id) => [id, id.startsWith('D') ? 4 : 1]))
    let gradeD = 0
    let gradeA = 0
    let unweightedD = 0
    for (let i = 0; i < 2000; i++) {
      const first = agencyOrder(sha256(`seed-${i}`), ids, weights, sha256)[0]!
      if (first.startsWith('D')) gradeD++
      else gradeA++
      if (agencyOrder(sha256(`seed-${i}`), ids, null, sha256)[0]!.startsWith('D')) unweightedD++
    }
    // First drawn: P(D) = 20 / 25 = 0.8 weighted, 0.5 unweighted (binomial sd ≈ 0.009, 0.011).
    expect(gradeD / 2000).toBeGreaterThan(0.76)
    expect(gradeD / 2000).toBeLessThan(0.84)
    expect(gradeD).toBeGreaterThan(3 * gradeA)
    expect(unweightedD / 2000).toBeGreaterThan(0.45)
    expect(unweightedD / 2000).toBeLessThan(0.55)
  })
})
