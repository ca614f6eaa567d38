import { describe, expect, it } from 'vitest'
import {
  buyerCancelAfterOpening,
  buyerLatePayment,
  buyerRejectsAllButOne,
} from '../../models/rules/collusion/buyer-conduct.ts'
import { buyerConcentration } from '../../models/rules/collusion/buyer-concentration.ts'
import type { ScreenContract } from '../../models/rules/collusion/types.ts'
import { about, background, DAY, market, START, tender } from './collusion-fixture.ts'

// The buyer screens on hand-made markets: each flags its pattern and stays quiet without it.

describe('buyer screens', () => {
  it('flags a buyer awarding one agency far beyond its record elsewhere', () => {
    const favoured = Array.from({ length: 6 }, () =>
      tender(
        [
          ['fav', 5_400_000, { qualityScore: 98 }],
          ['bg-6', 5_000_000, { qualityScore: 60 }],
          ['bg-7', 5_100_000, { qualityScore: 62 }],
        ],
        { buyerId: 'buyer-d', method: 'scoring', winnerAgencyId: 'fav' },
      ),
    )
    const elsewhere = Array.from({ length: 12 }, (_, i) =>
      tender([
        ['fav', 5_400_000],
        ['bg-8', 5_000_000 + i],
        ['bg-9', 5_100_000],
      ]),
    )
    const flags = buyerConcentration(market([...background(60), ...favoured, ...elsewhere]))
    expect(about(flags, 'buyer-d', 'fav')).toHaveLength(1)
    expect(buyerConcentration(market([...background(60), ...elsewhere]))).toEqual([])
  })

  it('flags repeated cancellations after opening, not one', () => {
    const own = (status: string) =>
      tender(
        [
          ['bg-1', 5_000_000],
          ['bg-2', 5_100_000],
          ['bg-3', 5_200_000],
        ],
        { buyerId: 'buyer-c', status, endReason: status === 'cancelled' ? '需求变更' : null },
      )
    const others = background(80)
    const three = [own('cancelled'), own('cancelled'), own('cancelled'), own('paid'), own('paid')]
    expect(about(buyerCancelAfterOpening(market([...others, ...three])), 'buyer-c')).toHaveLength(1)
    expect(buyerCancelAfterOpening(market([...others, own('cancelled'), own('paid')]))).toEqual([])
  })

  it('flags a buyer rejecting every bid but one', () => {
    const rejected = tender(
      [
        ['bg-1', 3_000_000, { explanationRejected: true }],
        ['bg-2', 3_100_000, { explanationRejected: true }],
        ['bg-3', 3_200_000, { explanationRejected: true }],
        ['fav', 5_000_000],
      ],
      { buyerId: 'buyer-r', status: 'failed', winnerAgencyId: null },
    )
    const [flag] = buyerRejectsAllButOne(market([rejected]))
    expect(flag?.organisationIds).toEqual(['buyer-r'])
    expect(flag?.evidence.tables[0]!.rows[0]).toContainEqual({ agency: 'fav' })
    const one = tender(
      [
        ['bg-1', 3_000_000, { explanationRejected: true }],
        ['bg-2', 5_100_000],
        ['bg-3', 5_200_000],
      ],
      { buyerId: 'buyer-r' },
    )
    expect(buyerRejectsAllButOne(market([one]))).toEqual([])
  })

  it('flags a buyer paying late far more often than the rest', () => {
    const projects = background(60)
    const contract = (i: number, buyerId: string, late: boolean): ScreenContract => ({
      id: `c-${buyerId}-${i}`,
      projectId: projects[i % projects.length]!.id,
      buyerId,
      agencyId: 'bg-1',
      paymentDueAt: new Date(START + i * DAY),
      paymentLateAt: late ? new Date(START + (i + 20) * DAY) : null,
    })
    const contracts = [
      ...Array.from({ length: 40 }, (_, i) => contract(i, `buyer-${i % 8}`, i === 5)),
      ...[true, true, true, false].map((late, i) => contract(i, 'buyer-l', late)),
    ]
    const flags = buyerLatePayment(market(projects, { contracts }))
    expect(flags.map((f) => f.organisationIds)).toEqual([['buyer-l']])
  })
})
