import { describe, expect, it } from 'vitest'
import {
  checkTimeLimit,
  describeFee,
  feeCeilingFen,
  offeringFeeBounds,
} from '../../models/rules/fees.ts'
import {
  newOfferingSchemaFor,
  offeringTermsSchema,
} from '../../models/validation/registry-offerings.ts'

const wan = (n: number) => n * 1_000_000

describe('offering fee bounds', () => {
  it('a fixed fee stores the same lower and upper bound', () => {
    expect(offeringFeeBounds({ feeKind: 'fixed', feeFixedFen: wan(8), feeMinFen: 1 })).toEqual({
      ok: true,
      fee: { feeKind: 'fixed', feeMinFen: wan(8), feeMaxFen: wan(8), feeRule: '', feeExample: '' },
    })
  })

  it('a fixed fee must be above zero', () => {
    expect(offeringFeeBounds({ feeKind: 'fixed', feeFixedFen: 0 })).toMatchObject({
      ok: false,
      field: 'feeFixed',
      reason: '固定价格须大于 0',
    })
    expect(offeringFeeBounds({ feeKind: 'fixed' })).toMatchObject({ ok: false, field: 'feeFixed' })
  })

  it('a range needs its lower bound at or below its upper bound', () => {
    expect(offeringFeeBounds({ feeKind: 'range', feeMinFen: wan(5), feeMaxFen: wan(2) })).toEqual({
      ok: false,
      field: 'feeMax',
      reason: '收费上限不能低于下限',
    })
    expect(offeringFeeBounds({ feeKind: 'range', feeMinFen: wan(2), feeMaxFen: wan(2) }).ok).toBe(
      true,
    )
    expect(offeringFeeBounds({ feeKind: 'range', feeMaxFen: wan(2) })).toMatchObject({
      field: 'feeMin',
    })
  })

  it('a rule needs its text, a worked example and both bounds', () => {
    const rule = {
      feeKind: 'rule' as const,
      feeMinFen: wan(1),
      feeMaxFen: wan(20),
      feeRule: '按投资额的 0.13% 计取',
      feeExample: '投资额 5000 万元 → 收费 6.5 万元',
    }
    expect(offeringFeeBounds(rule)).toMatchObject({ ok: true, fee: { feeMaxFen: wan(20) } })
    expect(offeringFeeBounds({ ...rule, feeRule: ' ' })).toMatchObject({ field: 'feeRule' })
    expect(offeringFeeBounds({ ...rule, feeExample: '' })).toMatchObject({ field: 'feeExample' })
    expect(offeringFeeBounds({ ...rule, feeMinFen: null })).toMatchObject({ field: 'feeMin' })
  })
})

describe('committed time limit', () => {
  it('may not exceed the item’s limit, and the message names that limit', () => {
    expect(checkTimeLimit(31, 30)).toEqual({
      ok: false,
      field: 'timeLimitDays',
      reason: '承诺时限不能超过该事项规定的 30 个工作日',
    })
    expect(checkTimeLimit(30, 30)).toBeNull()
  })

  it('must be a positive whole number of working days', () => {
    expect(checkTimeLimit(0, 30)).toMatchObject({ field: 'timeLimitDays' })
    expect(checkTimeLimit(2.5, 30)).toMatchObject({ field: 'timeLimitDays' })
  })

  it('is said beside a wrong fee, in one round, in the browser and by the model', () => {
    const parsed = newOfferingSchemaFor({ 'SI-001': 30 }).safeParse({
      serviceItemCode: 'SI-001',
      feeKind: 'range',
      feeMin: '5000',
      feeMax: '3000',
      timeLimitDays: '45',
    })
    expect(parsed.success ? [] : parsed.error.issues.map((i) => i.path[0])).toEqual([
      'timeLimitDays',
      'feeMax',
    ])
  })
})

describe('describing a fee', () => {
  it('says the amount, the range, or the rule with its bounds', () => {
    const base = { feeRule: '', feeMinFen: wan(8), feeMaxFen: wan(8) }
    expect(describeFee({ ...base, feeKind: 'fixed' })).toBe('¥8 万')
    expect(describeFee({ ...base, feeKind: 'range', feeMinFen: wan(2), feeMaxFen: wan(5) })).toBe(
      '¥2–5 万',
    )
    expect(
      describeFee({
        feeKind: 'rule',
        feeRule: '按投资额的 0.13% 计取',
        feeMinFen: 500_000,
        feeMaxFen: wan(20),
      }),
    ).toBe('按投资额的 0.13% 计取（¥0.5–20 万）')
  })

  it('the bid ceiling is the offering’s upper bound', () => {
    expect(feeCeilingFen({ feeMaxFen: wan(5) })).toBe(wan(5))
  })
})

describe('the offering form', () => {
  it('reads 元 into fen for the chosen kind and ignores the other kinds’ fields', () => {
    const parsed = offeringTermsSchema.safeParse({
      feeKind: 'range',
      feeFixed: 'not a number',
      feeMin: '2万',
      feeMax: '50,000',
      timeLimitDays: '20',
    })
    expect(parsed.success && parsed.data).toMatchObject({
      feeKind: 'range',
      feeMinFen: wan(2),
      feeMaxFen: wan(5),
      timeLimitDays: 20,
    })
  })

  it('puts a bad amount or a missing rule beside its own field', () => {
    const issues = (input: Record<string, string>) => {
      const parsed = offeringTermsSchema.safeParse({ timeLimitDays: '10', ...input })
      return parsed.success ? [] : parsed.error.issues.map((i) => [i.path.join('.'), i.message])
    }
    expect(issues({ feeKind: 'fixed', feeFixed: '12.345' })).toEqual([
      ['feeFixed', '金额最多精确到分'],
    ])
    expect(
      issues({ feeKind: 'rule', feeMin: '1000', feeMax: '9000', feeRule: '按面积计' }),
    ).toEqual([['feeExample', expect.stringContaining('计算示例')]])
  })
})
