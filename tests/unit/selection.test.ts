import { describe, expect, it } from 'vitest'
import {
  decideLowestPrice,
  decideScoring,
  findAbnormallyLow,
  MIN_COMPETITIVE_BIDS,
  rankByLowestPrice,
  scoreBids,
  validateWeights,
  type ScoredBid,
  type ValidBid,
} from '../../models/rules/selection.ts'

function bid(bidId: string, priceFen: number, more: Partial<ValidBid> = {}): ValidBid {
  return {
    bidId,
    agencyId: `agency-${bidId}`,
    priceFen,
    creditScore: 80,
    submittedAt: new Date('2026-10-08T01:00:00Z'),
    ...more,
  }
}
const ids = (bids: readonly { bidId: string }[]) => bids.map((b) => b.bidId)
const at = (minute: number) => new Date(Date.UTC(2026, 9, 8, 1, minute))

describe('rankByLowestPrice', () => {
  it('orders by price, then higher credit, then earlier submission, then bid id', () => {
    const bids = [
      bid('e', 50_000),
      bid('d', 40_000, { creditScore: 80, submittedAt: at(5) }),
      bid('c', 40_000, { creditScore: 80, submittedAt: at(3) }),
      bid('b', 40_000, { creditScore: 90, submittedAt: at(9) }),
      bid('a', 30_000, { creditScore: 10 }),
      bid('g', 40_000, { creditScore: 80, submittedAt: at(3) }),
      bid('f', 40_000, { creditScore: 80, submittedAt: at(3) }),
    ]
    expect(ids(rankByLowestPrice(bids))).toEqual(['a', 'b', 'c', 'f', 'g', 'd', 'e'])
  })

  it('does not reorder its input', () => {
    const bids = [bid('x', 2), bid('y', 1)]
    rankByLowestPrice(bids)
    expect(ids(bids)).toEqual(['x', 'y'])
  })
})

describe('findAbnormallyLow', () => {
  it('flags a price below 70 % of the mean of the others, not one exactly at it', () => {
    expect(findAbnormallyLow([bid('a', 7_000), bid('b', 10_000), bid('c', 10_000)])).toEqual([])
    expect(findAbnormallyLow([bid('a', 6_999), bid('b', 10_000), bid('c', 10_000)])).toEqual(['a'])
  })

  it('compares exactly when the mean is not a whole number of fen', () => {
    // Others average 10,000.5 fen; 70 % of that is 7,000.35.
    expect(findAbnormallyLow([bid('a', 7_000), bid('b', 10_000), bid('c', 10_001)])).toEqual(['a'])
    // 70 % of (10,000 + 10,001) / 2 … and 7,001 is above it.
    expect(findAbnormallyLow([bid('a', 7_001), bid('b', 10_000), bid('c', 10_001)])).toEqual([])
  })

  it('uses the configured share', () => {
    const bids = (low: number) => [bid('a', low), bid('b', 10_000), bid('c', 10_000)]
    expect(findAbnormallyLow(bids(8_000), 80)).toEqual([])
    expect(findAbnormallyLow(bids(7_999), 80)).toEqual(['a'])
    expect(findAbnormallyLow(bids(6_000), 50)).toEqual([])
    expect(() => findAbnormallyLow(bids(1), 0)).toThrow(RangeError)
    expect(() => findAbnormallyLow(bids(1), 101)).toThrow(RangeError)
    expect(() => findAbnormallyLow(bids(1), 70.5)).toThrow(RangeError)
  })

  it('measures each bid against the others only, and lists them in ranking order', () => {
    // 55 vs mean(50, 100, 100, 100) = 87.5 → 61.25: abnormal too.
    const bids = [bid('b', 55), bid('x', 100), bid('a', 50), bid('y', 100), bid('z', 100)]
    expect(findAbnormallyLow(bids)).toEqual(['a', 'b'])
    expect(findAbnormallyLow([bid('a', 6_999), bid('b', 10_000)])).toEqual(['a'])
  })

  it('needs two bids', () => {
    expect(findAbnormallyLow([])).toEqual([])
    expect(findAbnormallyLow([bid('a', 1)])).toEqual([])
  })

  it('stays exact with the largest prices and many bids', () => {
    const many = Array.from({ length: 5_000 }, (_, i) => bid(`b${i}`, 2_000_000_000))
    // 70 % of 2,000,000,000 is 1,400,000,000 exactly.
    expect(findAbnormallyLow([...many, bid('low', 1_400_000_000)])).toEqual([])
    expect(findAbnormallyLow([...many, bid('low', 1_399_999_999)])).toEqual(['low'])
  })
})

describe('decideLowestPrice', () => {
  const three = [bid('a', 30_000), bid('b', 32_000), bid('c', 35_000)]

  it('fails with fewer than three valid bids', () => {
    expect(MIN_COMPETITIVE_BIDS).toBe(3)
    expect(decideLowestPrice({ bids: three.slice(0, 2), explanations: {} })).toEqual({
      kind: 'failed',
      reason: '有效报价不足 3 家',
      rejectedBidIds: [],
    })
    expect(decideLowestPrice({ bids: [], explanations: {} })).toMatchObject({ kind: 'failed' })
  })

  it('awards the lowest price and returns the full ranking', () => {
    const result = decideLowestPrice({ bids: [...three].reverse(), explanations: {} })
    expect(result).toMatchObject({ kind: 'awarded', winnerBidId: 'a', abnormalBidIds: [] })
    if (result.kind === 'awarded') expect(ids(result.ranking)).toEqual(['a', 'b', 'c'])
  })

  it('breaks a price tie by credit, then by submission time', () => {
    const tied = [
      bid('early', 30_000, { creditScore: 70, submittedAt: at(1) }),
      bid('credit', 30_000, { creditScore: 95, submittedAt: at(9) }),
      bid('late', 30_000, { creditScore: 70, submittedAt: at(2) }),
    ]
    const result = decideLowestPrice({ bids: tied, explanations: {} })
    expect(result).toMatchObject({ kind: 'awarded', winnerBidId: 'credit' })
    if (result.kind === 'awarded') expect(ids(result.ranking)).toEqual(['credit', 'early', 'late'])
  })

  const withLow = [bid('low', 6_000), bid('b', 10_000), bid('c', 10_500), bid('d', 11_000)]

  it('waits for an explanation the abnormally low top bid has not given or had accepted', () => {
    const waiting = { kind: 'awaiting_explanation', bidId: 'low', abnormalBidIds: ['low'] }
    expect(decideLowestPrice({ bids: withLow, explanations: {} })).toEqual(waiting)
    expect(decideLowestPrice({ bids: withLow, explanations: { low: 'pending' } })).toEqual(waiting)
  })

  it('awards an abnormally low bid whose explanation was accepted', () => {
    const result = decideLowestPrice({ bids: withLow, explanations: { low: 'accepted' } })
    expect(result).toMatchObject({ kind: 'awarded', winnerBidId: 'low', rejectedBidIds: [] })
    if (result.kind === 'awarded') expect(ids(result.ranking)).toEqual(['low', 'b', 'c', 'd'])
  })

  it('drops a bid whose explanation was rejected and awards the next', () => {
    const result = decideLowestPrice({ bids: withLow, explanations: { low: 'rejected' } })
    expect(result).toMatchObject({
      kind: 'awarded',
      winnerBidId: 'b',
      abnormalBidIds: [],
      rejectedBidIds: ['low'],
    })
    if (result.kind === 'awarded') expect(ids(result.ranking)).toEqual(['b', 'c', 'd'])
  })

  it('fails when a rejection leaves fewer than three valid bids', () => {
    expect(
      decideLowestPrice({ bids: withLow.slice(0, 3), explanations: { low: 'rejected' } }),
    ).toEqual({ kind: 'failed', reason: '有效报价不足 3 家', rejectedBidIds: ['low'] })
  })

  it('measures the next bid against the remaining valid bids after a rejection', () => {
    // With 40 in, 69 is above 70 % of mean(40, 100, 100, 100) = 59.5; without it, below 70.
    const bids = [bid('a', 40), bid('b', 69), bid('c', 100), bid('d', 100), bid('e', 100)]
    expect(findAbnormallyLow(bids)).toEqual(['a'])
    expect(decideLowestPrice({ bids, explanations: { a: 'rejected' } })).toEqual({
      kind: 'awaiting_explanation',
      bidId: 'b',
      abnormalBidIds: ['b'],
    })
    expect(
      decideLowestPrice({ bids, explanations: { a: 'rejected', b: 'accepted' } }),
    ).toMatchObject({ kind: 'awarded', winnerBidId: 'b', rejectedBidIds: ['a'] })
  })

  it('holds up only the bid that would win', () => {
    const bids = [bid('a', 50), bid('b', 55), bid('x', 100), bid('y', 100), bid('z', 100)]
    expect(decideLowestPrice({ bids, explanations: { a: 'accepted' } })).toMatchObject({
      kind: 'awarded',
      winnerBidId: 'a',
      abnormalBidIds: ['a', 'b'],
    })
  })

  it('honours a configured share', () => {
    expect(decideLowestPrice({ bids: withLow, sharePercent: 50, explanations: {} })).toMatchObject({
      kind: 'awarded',
      winnerBidId: 'low',
      abnormalBidIds: [],
    })
  })

  it('refuses two bids with one id or from one agency', () => {
    expect(() => decideLowestPrice({ bids: [...three, bid('a', 1)], explanations: {} })).toThrow(
      RangeError,
    )
    expect(() =>
      decideLowestPrice({
        bids: [...three, bid('d', 1, { agencyId: 'agency-a' })],
        explanations: {},
      }),
    ).toThrow('同一机构')
  })
})

describe('validateWeights', () => {
  it('wants whole numbers totalling 100 with some weight on price', () => {
    expect(validateWeights({ price: 30, quality: 60, credit: 10 })).toEqual({ ok: true })
    expect(validateWeights({ price: 100, quality: 0, credit: 0 })).toEqual({ ok: true })
    expect(validateWeights({ price: 30, quality: 60, credit: 9 })).toEqual({
      ok: false,
      reason: '各项权重之和须为 100（现为 99）',
    })
    expect(validateWeights({ price: 30.5, quality: 59.5, credit: 10 })).toMatchObject({ ok: false })
    expect(validateWeights({ price: 110, quality: -10, credit: 0 })).toMatchObject({ ok: false })
    expect(validateWeights({ price: 0, quality: 90, credit: 10 })).toEqual({
      ok: false,
      reason: '价格分权重须大于 0',
    })
  })
})

function scored(
  bidId: string,
  priceFen: number,
  qualityScore: number,
  more: Partial<ValidBid> = {},
) {
  return { ...bid(bidId, priceFen, more), qualityScore } satisfies ScoredBid
}
const weights = { price: 30, quality: 60, credit: 10 }

describe('scoreBids', () => {
  it('scores price against the lowest and weighs the three parts', () => {
    const rows = scoreBids(
      [
        scored('c', 120_000, 85, { creditScore: 70 }),
        scored('b', 100_000, 95, { creditScore: 90 }),
        scored('a', 80_000, 90, { creditScore: 80 }),
      ],
      weights,
    )
    expect(rows).toEqual([
      {
        bidId: 'a',
        agencyId: 'agency-a',
        priceFen: 80_000,
        priceScore: 100,
        qualityScore: 90,
        creditScore: 80,
        total: 92,
      },
      {
        bidId: 'b',
        agencyId: 'agency-b',
        priceFen: 100_000,
        priceScore: 80,
        qualityScore: 95,
        creditScore: 90,
        total: 90,
      },
      {
        bidId: 'c',
        agencyId: 'agency-c',
        priceFen: 120_000,
        priceScore: 66.67,
        qualityScore: 85,
        creditScore: 70,
        total: 78,
      },
    ])
  })

  it('ranks an exact tie by credit, then by earlier submission', () => {
    // x: 30·100 + 60·60.13 + 10·75 = 7357.8; y: 30·60 + 60·80.13 + 10·75 = 7357.8.
    // Computed in floating point, x comes out ahead by 1e-14.
    const x = scored('x', 30_000, 60.13, { creditScore: 75, submittedAt: at(5) })
    const y = scored('y', 50_000, 80.13, { creditScore: 75, submittedAt: at(1) })
    const rows = scoreBids([x, y], weights)
    expect(ids(rows)).toEqual(['y', 'x'])
    expect(rows.map((r) => r.total)).toEqual([73.58, 73.58])
    const z = scored('z', 50_000, 80.13, { creditScore: 76, submittedAt: at(9) })
    // z has one more credit point, worth 0.1 of total: it wins outright.
    expect(ids(scoreBids([x, y, z], weights))).toEqual(['z', 'y', 'x'])
  })

  it('ranks on exact totals, not on the rounded ones shown', () => {
    // y's price score is 99.9967, so its total is 84.999 (shown 85.00) against x's 85.
    const x = scored('x', 30_000, 80, { creditScore: 70, submittedAt: at(5) })
    const y = scored('y', 30_001, 80, { creditScore: 70, submittedAt: at(1) })
    const rows = scoreBids([y, x], weights)
    expect(ids(rows)).toEqual(['x', 'y'])
    expect(rows.map((r) => [r.priceScore, r.total])).toEqual([
      [100, 85],
      [100, 85],
    ])
  })

  it('rounds shown scores half up to two decimals', () => {
    // price score 100·2/3 = 66.666… → 66.67; 30·66.666…/100 + 60·0.5/100 = 20.3 exactly.
    const rows = scoreBids(
      [scored('a', 2, 0.5, { creditScore: 0 }), scored('b', 3, 0.5, { creditScore: 0 })],
      weights,
    )
    expect(rows.map((r) => [r.bidId, r.priceScore, r.total])).toEqual([
      ['a', 100, 30.3],
      ['b', 66.67, 20.3],
    ])
    // 100·8/9 = 88.888… → 88.89; 100·1/32 = 3.125 → 3.13 (half up, not to even).
    expect(
      scoreBids([scored('a', 8, 0), scored('b', 9, 0)], { price: 100, quality: 0, credit: 0 }).map(
        (r) => r.priceScore,
      ),
    ).toEqual([100, 88.89])
    expect(
      scoreBids([scored('a', 1, 0), scored('b', 32, 0)], { price: 100, quality: 0, credit: 0 }).map(
        (r) => r.priceScore,
      ),
    ).toEqual([100, 3.13])
  })

  it('refuses bad scores, prices and weights', () => {
    expect(() => scoreBids([scored('a', 100, 100.01)], weights)).toThrow('质量分')
    expect(() => scoreBids([scored('a', 100, 85.555)], weights)).toThrow(RangeError)
    expect(() => scoreBids([scored('a', 100, 80, { creditScore: -1 })], weights)).toThrow('信用分')
    expect(() => scoreBids([scored('a', 0, 80)], weights)).toThrow(RangeError)
    expect(() => scoreBids([scored('a', 100, 80)], { price: 50, quality: 50, credit: 1 })).toThrow(
      RangeError,
    )
  })
})

describe('decideScoring', () => {
  it('fails below three bids and awards the top total otherwise', () => {
    const bids = [scored('a', 80_000, 60), scored('b', 100_000, 95), scored('c', 90_000, 70)]
    expect(decideScoring({ bids: bids.slice(0, 2), weights })).toEqual({
      kind: 'failed',
      reason: '有效报价不足 3 家',
    })
    const result = decideScoring({ bids, weights })
    // a: 30 + 36 + 8 = 74; b: 24 + 57 + 8 = 89; c: 26.67 + 42 + 8 = 76.67.
    expect(result).toMatchObject({ kind: 'awarded', winnerBidId: 'b' })
    if (result.kind === 'awarded') {
      expect(ids(result.ranking)).toEqual(['b', 'c', 'a'])
      expect(result.ranking.map((r) => r.total)).toEqual([89, 76.67, 74])
    }
  })
})
