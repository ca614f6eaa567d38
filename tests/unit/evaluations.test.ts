import { describe, expect, it } from 'vitest'
import {
  checkEvaluationWindow,
  contractScore,
  formatScore,
  isScore,
  type RatedContractRow,
  starsFor,
  summariseEvaluations,
} from '../../models/rules/evaluations.ts'

const buyer = (
  contractId: string,
  amountFen: number,
  [quality, timeliness, attitude, fees, conduct]: number[],
): RatedContractRow => ({
  contractId,
  amountFen,
  raterKind: 'buyer',
  quality: quality!,
  timeliness: timeliness!,
  attitude: attitude!,
  fees: fees!,
  conduct: conduct!,
})

const department = (contractId: string, amountFen: number, quality: number): RatedContractRow => ({
  contractId,
  amountFen,
  raterKind: 'approval_department',
  quality,
  timeliness: null,
  attitude: null,
  fees: null,
  conduct: null,
})

describe('evaluation rules', () => {
  it('takes ratings only for an accepted contract, up to and including its deadline', () => {
    const due = new Date('2026-06-01T08:00:00Z')
    expect(checkEvaluationWindow({ status: 'delivered', evaluationDueAt: null }, due)).toEqual({
      ok: false,
      reason: '合同验收通过后才能评价',
    })
    expect(checkEvaluationWindow({ status: 'accepted', evaluationDueAt: due }, due).ok).toBe(true)
    const late = checkEvaluationWindow(
      { status: 'accepted', evaluationDueAt: due },
      new Date(due.getTime() + 1),
    )
    expect(late.ok).toBe(false)
    expect(!late.ok && late.reason).toContain('2026/06/01 16:00')
  })

  it('accepts only whole scores from 1 to 5', () => {
    expect([1, 5].every(isScore)).toBe(true)
    expect([0, 6, 2.5, Number.NaN, '3', null].some(isScore)).toBe(false)
  })

  it('averages a contract over its dimensions, the twice-rated quality as the mean of two', () => {
    const rows = [buyer('a', 1, [5, 4, 3, 4, 4]), department('a', 1, 2)]
    // quality (5 + 2) / 2 = 3.5; (3.5 + 4 + 3 + 4 + 4) / 5 = 3.7
    expect(contractScore(rows)).toBeCloseTo(3.7, 10)
    expect(contractScore([department('b', 1, 4)])).toBe(4)
  })

  it('weights the overall score by contract amount and averages dimensions plainly', () => {
    const summary = summariseEvaluations([
      buyer('a', 1_000_000, [5, 4, 3, 4, 4]),
      department('a', 1_000_000, 2),
      buyer('b', 2_000_000, [2, 2, 3, 3, 5]),
      buyer('c', 4_000_000, [5, 5, 5, 5, 5]),
    ])
    // (1 × 3.7 + 2 × 3.0 + 4 × 5.0) / 7
    expect(summary.weightedOverall).toBeCloseTo(29.7 / 7, 10)
    expect(summary.averages.quality).toBeCloseTo(14 / 4, 10)
    expect(summary.averages.timeliness).toBeCloseTo(11 / 3, 10)
    expect(summary.averages.conduct).toBeCloseTo(14 / 3, 10)
    expect(summary.count).toBe(4)
    expect(summary.contractCount).toBe(3)
  })

  it('has nothing to say about an agency nobody rated', () => {
    const summary = summariseEvaluations([])
    expect(summary.weightedOverall).toBeNull()
    expect(summary.averages.quality).toBeNull()
    expect(summary.count).toBe(0)
  })

  it('shows scores as one decimal and whole stars', () => {
    expect(formatScore(4.242857)).toBe('4.2')
    expect(formatScore(4)).toBe('4.0')
    expect(starsFor(4.24)).toBe('★★★★☆')
    expect(starsFor(4.5)).toBe('★★★★★')
  })
})
