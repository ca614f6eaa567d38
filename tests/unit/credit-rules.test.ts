import { describe, expect, it } from 'vitest'
import {
  addMonths,
  blacklistTrigger,
  computeCreditScore,
  type CreditRuleCode,
  creditRuleCodes,
  creditRules,
  displayedGrade,
  evaluationPoints,
  gradeOf,
  type ScoredRecord,
} from '../../models/rules/credit-rules.ts'

const now = new Date('2026-11-26T04:00:00Z')
let n = 0
const record = (
  rule: CreditRuleCode,
  monthsAgo = 1,
  extra: Partial<ScoredRecord> = {},
): ScoredRecord => {
  const at = addMonths(now, -monthsAgo)
  return {
    id: `r${String(++n).padStart(4, '0')}`,
    rule,
    points: creditRules[rule].points,
    status: 'final',
    effectiveAt: at,
    expiresAt: addMonths(at, creditRules[rule].expiryMonths),
    ...extra,
  }
}

describe('credit rule table', () => {
  it('grades at the edges: 90 A, 89 B, 75 B, 74 C, 60 C, 59 D', () => {
    expect([100, 90, 89, 75, 74, 60, 59, 0].map(gradeOf)).toEqual([
      'A',
      'A',
      'B',
      'B',
      'C',
      'C',
      'D',
      'D',
    ])
  })

  it('every rule moves the score by its points from the base of 100', () => {
    for (const code of creditRuleCodes) {
      if (code === 'evaluation') continue
      const { score } = computeCreditScore([record(code)], now)
      expect(score, code).toBe(Math.min(100, 100 + creditRules[code].points))
    }
  })

  it('never goes above 100 or below 0', () => {
    expect(computeCreditScore([record('completed_on_time')], now).score).toBe(100)
    const many = Array.from({ length: 5 }, () => record('collusion'))
    expect(computeCreditScore(many, now)).toMatchObject({ score: 0, grade: 'D' })
  })

  it('caps what a rule adds within its window, and says so', () => {
    const deductions = [
      record('overdue_delivery', 3),
      record('overdue_delivery', 3),
      record('overdue_delivery', 3),
    ]
    const onTime = Array.from({ length: 8 }, () => record('completed_on_time', 2))
    const { score, effects } = computeCreditScore([...deductions, ...onTime], now)
    // −9 then at most +6 from on-time completions in 12 months.
    expect(score).toBe(97)
    expect(effects.filter((e) => e.why === 'capped')).toHaveLength(2)
  })

  it('expired, pending, reversed and withdrawn records count nothing', () => {
    const old = record('overdue_delivery', 30)
    const pending = record('false_materials', 0, { status: 'pending', effectiveAt: null })
    const reversed = record('complaint_substantiated', 1, { status: 'reversed' })
    const withdrawn = record('inspection_serious', 1, { status: 'withdrawn' })
    const { score, effects } = computeCreditScore([old, pending, reversed, withdrawn], now)
    expect(score).toBe(100)
    expect(effects.map((e) => e.why).sort()).toEqual([
      'expired',
      'pending',
      'reversed',
      'withdrawn',
    ])
  })

  it('weighs an evaluation by its average and the contract size', () => {
    expect(evaluationPoints(5, 5_000_000)).toBe(2)
    expect(evaluationPoints(4.2, 5_000_000)).toBe(1)
    expect(evaluationPoints(3.4, 50_000_000)).toBe(0)
    expect(evaluationPoints(2.5, 50_000_000)).toBe(-3)
    expect(evaluationPoints(1.2, 200_000_000)).toBe(-8)
    expect(evaluationPoints(5, 200_000_000)).toBe(4)
  })

  it('blacklists at the second refusal or lapse within 12 months, at once for false materials', () => {
    expect(blacklistTrigger('refused_to_sign', [], now)).toBeNull()
    const lapse = { rule: 'sign_lapsed' as const, effectiveAt: addMonths(now, -5) }
    expect(blacklistTrigger('refused_to_sign', [lapse], now)).toEqual({ months: 6, count: 2 })
    const longAgo = { rule: 'refused_to_sign' as const, effectiveAt: addMonths(now, -13) }
    expect(blacklistTrigger('refused_to_sign', [longAgo], now)).toBeNull()
    expect(blacklistTrigger('false_materials', [], now)).toEqual({ months: 12, count: 1 })
    expect(blacklistTrigger('collusion', [], now)).toEqual({ months: 24, count: 1 })
    expect(blacklistTrigger('overdue_delivery', [], now)).toBeNull()
  })
})

describe('addMonths', () => {
  const sh = (local: string) => new Date(`${local}+08:00`)
  it('keeps the Beijing wall-clock time and stops at a shorter month’s last day', () => {
    expect(addMonths(sh('2026-11-30T10:15:00'), 3)).toEqual(sh('2027-02-28T10:15:00'))
    expect(addMonths(sh('2027-11-30T10:15:00'), 3)).toEqual(sh('2028-02-29T10:15:00'))
    expect(addMonths(sh('2026-08-31T09:00:00'), -6)).toEqual(sh('2026-02-28T09:00:00'))
    expect(addMonths(sh('2026-01-15T00:30:00'), 36)).toEqual(sh('2029-01-15T00:30:00'))
    // Just after midnight in Beijing is the previous day in UTC: the Beijing date counts.
    expect(addMonths(sh('2026-03-31T00:30:00'), 1)).toEqual(sh('2026-04-30T00:30:00'))
    expect(addMonths(sh('2026-12-31T23:00:00'), -12)).toEqual(sh('2025-12-31T23:00:00'))
  })
})

describe('displayedGrade', () => {
  it('is the score’s grade, but D while the agency is barred', () => {
    expect(displayedGrade('A', false)).toBe('A')
    expect(displayedGrade('A', true)).toBe('D')
    expect(displayedGrade('C', true)).toBe('D')
  })
})
