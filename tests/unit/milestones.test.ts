import { describe, expect, it } from 'vitest'
import { splitIntoMilestones } from '../../models/rules/milestones.ts'

describe('payment milestones', () => {
  it('splits the amount exactly, leftover fen going to the largest remainders', () => {
    const split = splitIntoMilestones(100_00, [
      { name: '签订', percent: 33.33 },
      { name: '中期', percent: 33.33 },
      { name: '验收', percent: 33.34 },
    ])
    expect(split.ok).toBe(true)
    if (!split.ok) return
    expect(split.milestones.map((m) => m.amountFen)).toEqual([3333, 3333, 3334])
    const odd = splitIntoMilestones(10_001, [
      { name: '甲', percent: 50 },
      { name: '乙', percent: 50 },
    ])
    expect(odd.ok && odd.milestones.map((m) => m.amountFen)).toEqual([5001, 5000])
  })

  it('refuses shares that do not total 100 %, zero shares and blank names', () => {
    expect(splitIntoMilestones(1000, [{ name: '甲', percent: 60 }])).toMatchObject({
      ok: false,
      reason: expect.stringContaining('100%'),
    })
    expect(
      splitIntoMilestones(1000, [
        { name: '甲', percent: 0 },
        { name: '乙', percent: 100 },
      ]).ok,
    ).toBe(false)
    expect(splitIntoMilestones(1000, [{ name: ' ', percent: 100 }]).ok).toBe(false)
    expect(
      splitIntoMilestones(1000, [
        { name: '甲', percent: 12.345 },
        { name: '乙', percent: 87.655 },
      ]).ok,
    ).toBe(false)
  })

  it('no milestones means one payment', () => {
    expect(splitIntoMilestones(1000, [])).toEqual({ ok: true, milestones: [] })
  })
})
