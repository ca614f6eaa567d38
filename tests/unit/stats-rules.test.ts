import { describe, expect, it } from 'vitest'
import {
  addMonths,
  concentrationOf,
  daysBetween,
  defaultPeriod,
  frequencySummary,
  herfindahl,
  isMonth,
  isOutsideCity,
  largestShare,
  mean,
  median,
  monthStart,
  monthsBetween,
  periodBounds,
  savingsRate,
  shanghaiMonthOf,
  shareOf,
  weightedSavingsRate,
} from '../../models/rules/stats.ts'

describe('savings rate (节约率)', () => {
  it('is what was not spent of the cap', () => {
    expect(savingsRate(5_000_000, 4_000_000)).toBe(0.2)
    expect(savingsRate(2_000_000, 2_000_000)).toBe(0)
  })

  it('weights by amount, unlike the mean of the rates', () => {
    // Caps 100 and 900 元, awards 50 and 810: rates 50 % and 10 %.
    const awards = [
      { cap: 10_000, award: 5_000 },
      { cap: 90_000, award: 81_000 },
    ]
    const capSum = awards.reduce((s, a) => s + a.cap, 0)
    const awardSum = awards.reduce((s, a) => s + a.award, 0)
    // (100 000 − 86 000) / 100 000 = 14 %
    expect(weightedSavingsRate(capSum, awardSum)).toBeCloseTo(0.14, 10)
    expect(mean(awards.map((a) => savingsRate(a.cap, a.award)))).toBeCloseTo(0.3, 10)
    expect(weightedSavingsRate(0, 0)).toBeNull()
  })
})

describe('median and mean', () => {
  it('takes the middle value, or the two middle ones for an even count', () => {
    expect(median([7, 1, 3])).toBe(3)
    expect(median([4, 1, 3, 10])).toBe(3.5)
    expect(median([2])).toBe(2)
    expect(median([])).toBeNull()
    expect(mean([1, 2, 6])).toBe(3)
    expect(mean([])).toBeNull()
  })

  it('reads the same from a frequency table', () => {
    // 1,3,3,3,4,4 → median 3, mean 18/6 = 3
    expect(
      frequencySummary([
        { value: 4, count: 2 },
        { value: 1, count: 1 },
        { value: 3, count: 3 },
      ]),
    ).toEqual({ n: 6, total: 18, mean: 3, median: 3 })
    // 1,1,3,5 → median (1 + 3) / 2 = 2, mean 2.5
    expect(
      frequencySummary([
        { value: 1, count: 2 },
        { value: 2, count: 0 },
        { value: 3, count: 1 },
        { value: 5, count: 1 },
      ]),
    ).toEqual({ n: 4, total: 10, mean: 2.5, median: 2 })
    expect(frequencySummary([])).toEqual({ n: 0, total: 0, mean: null, median: null })
  })

  it('counts days, never negative', () => {
    expect(daysBetween(0, 36 * 3600_000)).toBe(1.5)
    expect(daysBetween(5000, 1000)).toBe(0)
  })
})

describe('market concentration (HHI)', () => {
  it('adds up squared percentage shares', () => {
    // Shares 40, 30, 20, 10 %: 1600 + 900 + 400 + 100
    expect(herfindahl([4_000_000, 3_000_000, 2_000_000, 1_000_000])).toBeCloseTo(3000, 8)
    expect(herfindahl([7])).toBe(10_000)
    // Ten equal firms: 10 × 10² = 1000
    expect(herfindahl(Array.from({ length: 10 }, () => 5))).toBeCloseTo(1000, 8)
    expect(herfindahl([])).toBeNull()
    expect(largestShare([4, 3, 2, 1])).toBe(0.4)
  })

  it('bands the index as the 2023 merger guidelines do', () => {
    expect(concentrationOf(999)).toBe('low')
    expect(concentrationOf(1000)).toBe('moderate')
    expect(concentrationOf(1800)).toBe('moderate')
    expect(concentrationOf(1801)).toBe('high')
  })
})

describe('outside-city winners (零限制)', () => {
  it('counts an agency from another city or outside Henan as outside', () => {
    expect(isOutsideCity('4101', '4101')).toBe(false)
    expect(isOutsideCity('4102', '4101')).toBe(true)
    expect(isOutsideCity(null, '4101')).toBe(true)
    expect(isOutsideCity(null, null)).toBe(true)
    expect(isOutsideCity('4101', null)).toBe(true)
  })

  it('shares 1 of 4 awards and 3 of 10 million fen', () => {
    expect(shareOf(1, 4)).toBe(0.25)
    expect(shareOf(3_000_000, 10_000_000)).toBe(0.3)
    expect(shareOf(0, 0)).toBeNull()
  })
})

describe('Beijing months', () => {
  it('puts the Shanghai midnight boundary on the right side', () => {
    // 2026-03-31T16:00:00Z is 00:00 on 1 April in Beijing.
    expect(shanghaiMonthOf(new Date('2026-03-31T15:59:59.999Z'))).toBe('2026-03')
    expect(shanghaiMonthOf(new Date('2026-03-31T16:00:00.000Z'))).toBe('2026-04')
    expect(shanghaiMonthOf(new Date('2025-12-31T16:00:00Z'))).toBe('2026-01')
    expect(monthStart('2026-04').toISOString()).toBe('2026-03-31T16:00:00.000Z')
    expect(monthStart('2026-01').toISOString()).toBe('2025-12-31T16:00:00.000Z')
  })

  it('spans whole months, the last one included', () => {
    expect(periodBounds('2026-03', '2026-04')).toEqual({
      start: new Date('2026-02-28T16:00:00Z'),
      end: new Date('2026-04-30T16:00:00Z'),
    })
    expect(monthsBetween('2025-11', '2026-02')).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
    ])
    expect(monthsBetween('2026-02', '2026-01')).toEqual([])
  })

  it('counts months across years', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12')
    expect(addMonths('2025-12', 1)).toBe('2026-01')
    expect(addMonths('2026-03', -14)).toBe('2025-01')
    expect(addMonths('2026-03', 0)).toBe('2026-03')
  })

  it('defaults to the twelve months up to now in Beijing', () => {
    expect(defaultPeriod(new Date('2026-11-30T16:30:00Z'))).toEqual({
      from: '2026-01',
      to: '2026-12',
    })
    expect(defaultPeriod(new Date('2026-11-30T15:30:00Z'))).toEqual({
      from: '2025-12',
      to: '2026-11',
    })
  })

  it('accepts only real months', () => {
    expect(isMonth('2026-01')).toBe(true)
    expect(isMonth('2026-13')).toBe(false)
    expect(isMonth('2026-1')).toBe(false)
    expect(isMonth('2026-00')).toBe(false)
    expect(() => monthStart('26-01')).toThrow(RangeError)
  })
})
