import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  bidCommitment,
  bidCommitmentInput,
  checkBidPrice,
  checkTimeLimit,
  parseDiscountPercent,
  priceFromDiscount,
} from '../../models/rules/bid-price.ts'

const sha256 = (input: string | Uint8Array) => createHash('sha256').update(input).digest('hex')

describe('priceFromDiscount', () => {
  it('takes the discount off the cap and rounds down to whole fen', () => {
    expect(priceFromDiscount(5_000_000, 0)).toBe(5_000_000)
    expect(priceFromDiscount(5_000_000, 850)).toBe(4_575_000)
    expect(priceFromDiscount(5_000_000, 10_000)).toBe(0)
    // 12,345 × 0.8766 = 10,821.627 → 10,821.
    expect(priceFromDiscount(12_345, 1_234)).toBe(10_821)
    // 999 × 0.9999 = 998.9001 → 998.
    expect(priceFromDiscount(999, 1)).toBe(998)
  })

  it('is exact at the largest cap', () => {
    // 2,000,000,000 × 0.0001 = 200,000 exactly; × 0.9999 = 1,999,800,000.
    expect(priceFromDiscount(2_000_000_000, 9_999)).toBe(200_000)
    expect(priceFromDiscount(2_000_000_000, 1)).toBe(1_999_800_000)
    // 1,999,999,999 × 0.3333 = 666,599,999.6667 → 666,599,999.
    expect(priceFromDiscount(1_999_999_999, 6_667)).toBe(666_599_999)
  })

  it('refuses out-of-range inputs', () => {
    expect(() => priceFromDiscount(100, -1)).toThrow(RangeError)
    expect(() => priceFromDiscount(100, 10_001)).toThrow(RangeError)
    expect(() => priceFromDiscount(100, 12.5)).toThrow(RangeError)
    expect(() => priceFromDiscount(-1, 0)).toThrow(RangeError)
    expect(() => priceFromDiscount(2_000_000_001, 0)).toThrow(RangeError)
  })
})

describe('parseDiscountPercent', () => {
  it('reads per cent with up to two decimals as basis points', () => {
    expect(parseDiscountPercent('8.5')).toEqual({ ok: true, basisPoints: 850 })
    expect(parseDiscountPercent(' 12.34% ')).toEqual({ ok: true, basisPoints: 1234 })
    expect(parseDiscountPercent('0')).toEqual({ ok: true, basisPoints: 0 })
    expect(parseDiscountPercent('100')).toEqual({ ok: true, basisPoints: 10_000 })
    expect(parseDiscountPercent('5.05％')).toEqual({ ok: true, basisPoints: 505 })
  })

  it('says what is wrong', () => {
    expect(parseDiscountPercent('100.01')).toEqual({ ok: false, reason: '下浮率不能超过 100%' })
    expect(parseDiscountPercent('1.234')).toMatchObject({ ok: false })
    expect(parseDiscountPercent('-5')).toMatchObject({ ok: false })
    expect(parseDiscountPercent('')).toMatchObject({ ok: false })
  })
})

describe('checkBidPrice', () => {
  const cap = 5_000_000

  it('accepts a price up to the cap and the agency’s own upper fee', () => {
    expect(checkBidPrice({ priceFen: cap, capFen: cap, offeringFeeMaxFen: null })).toEqual({
      ok: true,
    })
    expect(checkBidPrice({ priceFen: 1, capFen: cap, offeringFeeMaxFen: 1 })).toEqual({ ok: true })
  })

  it('refuses zero, negative or fractional fen', () => {
    for (const priceFen of [0, -100, 10.5])
      expect(checkBidPrice({ priceFen, capFen: cap, offeringFeeMaxFen: null })).toEqual({
        ok: false,
        field: 'price',
        reason: '报价须大于 0，最多精确到分',
      })
  })

  it('refuses a price above the cap', () => {
    expect(checkBidPrice({ priceFen: cap + 1, capFen: cap, offeringFeeMaxFen: null })).toEqual({
      ok: false,
      field: 'price',
      reason: '报价不得高于最高限价（¥50,000.00）',
    })
    // Exact, not rounded to ¥10 万: that would read as if 100,000 元 were allowed.
    expect(
      checkBidPrice({ priceFen: 10_000_000, capFen: 9_999_999, offeringFeeMaxFen: null }),
    ).toEqual({ ok: false, field: 'price', reason: '报价不得高于最高限价（¥99,999.99）' })
  })

  it('refuses a price above the agency’s published upper fee', () => {
    expect(
      checkBidPrice({ priceFen: 3_000_001, capFen: cap, offeringFeeMaxFen: 3_000_000 }),
    ).toEqual({ ok: false, field: 'price', reason: '报价高于贵机构公布的收费上限（¥30,000.00）' })
    expect(checkBidPrice({ priceFen: 50_001, capFen: cap, offeringFeeMaxFen: 50_000 })).toEqual({
      ok: false,
      field: 'price',
      reason: '报价高于贵机构公布的收费上限（¥500.00）',
    })
  })
})

describe('checkTimeLimit', () => {
  it('wants whole working days within the item’s limit', () => {
    expect(checkTimeLimit(20, 20)).toEqual({ ok: true })
    expect(checkTimeLimit(5, null)).toEqual({ ok: true })
    expect(checkTimeLimit(21, 20)).toEqual({
      ok: false,
      field: 'timeLimitDays',
      reason: '承诺时限不能超过该事项规定的 20 个工作日',
    })
    expect(checkTimeLimit(0, 20)).toMatchObject({ ok: false, field: 'timeLimitDays' })
    expect(checkTimeLimit(2.5)).toMatchObject({ ok: false, field: 'timeLimitDays' })
  })

  it('holds the agency to the time limit it published for the item', () => {
    expect(checkTimeLimit(12, 20, 12)).toEqual({ ok: true })
    expect(checkTimeLimit(13, 20, 12)).toEqual({
      ok: false,
      field: 'timeLimitDays',
      reason: '承诺时限长于贵机构公布的服务时限（12 个工作日）',
    })
    // The item's own limit is reported first: it is the rule, the offering only a promise.
    expect(checkTimeLimit(21, 20, 12)).toMatchObject({
      reason: '承诺时限不能超过该事项规定的 20 个工作日',
    })
  })
})

describe('bid commitment', () => {
  const salt = '5f2c1e0a9b8d7c6e5f4a3b2c1d0e9f8a'

  it('hashes project | agency | price in fen | salt', () => {
    expect(bidCommitmentInput('p-1', 'a-1', 4_575_000, salt)).toBe(`p-1|a-1|4575000|${salt}`)
    expect(bidCommitment('p-1', 'a-1', 4_575_000, salt, sha256)).toBe(
      sha256(`p-1|a-1|4575000|${salt}`),
    )
  })

  it('changes with every part', () => {
    const base = bidCommitment('p-1', 'a-1', 100, salt, sha256)
    expect(bidCommitment('p-2', 'a-1', 100, salt, sha256)).not.toBe(base)
    expect(bidCommitment('p-1', 'a-2', 100, salt, sha256)).not.toBe(base)
    expect(bidCommitment('p-1', 'a-1', 101, salt, sha256)).not.toBe(base)
    expect(bidCommitment('p-1', 'a-1', 100, `${salt}0`, sha256)).not.toBe(base)
  })

  it('refuses parts that would make the text ambiguous', () => {
    expect(() => bidCommitmentInput('p|1', 'a', 1, salt)).toThrow(RangeError)
    expect(() => bidCommitmentInput('p', 'a', 1, '')).toThrow(RangeError)
    expect(() => bidCommitmentInput('p', 'a', 1.5, salt)).toThrow(RangeError)
  })
})
