import { describe, expect, it } from 'vitest'
import { coverBidding } from '../../models/rules/collusion/cover-bidding.ts'
import { identicalPrices, priceStep } from '../../models/rules/collusion/identical-prices.ts'
import { lowSpread, tenderSpread } from '../../models/rules/collusion/low-spread.ts'
import { rotation } from '../../models/rules/collusion/rotation.ts'
import { runScreens } from '../../models/rules/collusion/screens.ts'
import { sharedIdentity } from '../../models/rules/collusion/shared-identity.ts'
import { sharedSubmission } from '../../models/rules/collusion/shared-submission.ts'
import {
  binomialTail,
  poissonBinomialTail,
  standardDeviation,
} from '../../models/rules/collusion/statistics.ts'
import { rng } from '../../seed/collusion-market.ts'
import {
  about,
  agency,
  background,
  BG,
  type BidSpec,
  market,
  START,
  tender,
} from './collusion-fixture.ts'

// Each agency screen on hand-made markets: an honest background, a pattern planted on top.

describe('statistics', () => {
  it('computes binomial and Poisson-binomial tails that agree', () => {
    expect(binomialTail(0, 5, 0.3)).toBe(1)
    expect(binomialTail(5, 5, 0.5)).toBeCloseTo(1 / 32, 10)
    expect(poissonBinomialTail(3, [0.2, 0.2, 0.2, 0.2, 0.2])).toBeCloseTo(
      binomialTail(3, 5, 0.2),
      12,
    )
    expect(binomialTail(20, 20, 0.01)).toBeGreaterThan(0)
    expect(standardDeviation([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.138, 3)
  })
})

describe('identical prices', () => {
  it('flags one exact match at a finely written price, with the tender as evidence', () => {
    const planted = tender([
      ['a', 4_899_663],
      ['b', 4_899_663],
      ['bg-1', 5_210_000],
    ])
    const flags = identicalPrices(market([...background(60), planted]))
    const [flag] = about(flags, 'a', 'b')
    expect(flag?.kind).toBe('identical_prices')
    expect(flag?.evidence.projectIds).toEqual([planted.id])
    expect(flag?.evidence.tables[0]!.rows[0]).toContainEqual({ fen: 4_899_663 })
  })

  it('flags round prices only when they keep matching', () => {
    const rounds = [5_000_000, 6_100_000, 4_700_000, 5_500_000, 6_600_000].map((fen) =>
      tender([
        ['a', fen],
        ['b', fen + 1000_00 * 0],
        ['bg-2', Math.round(fen * 1.08)],
        ['bg-3', Math.round(fen * 0.96)],
      ]),
    )
    expect(about(identicalPrices(market([...background(60), ...rounds])), 'a', 'b')).toHaveLength(1)
    expect(about(identicalPrices(market([...background(60), rounds[0]!])), 'a', 'b')).toHaveLength(
      0,
    )
  })

  it('stays quiet on an honest market and on a government-set fee', () => {
    expect(identicalPrices(market(background(200)))).toEqual([])
    const fixed = [1, 2, 3].map(() =>
      tender(
        [
          ['a', 3_456_789],
          ['b', 3_456_789],
          ['c', 3_456_789],
        ],
        { priceRegulated: true },
      ),
    )
    expect(identicalPrices(market(fixed))).toEqual([])
  })

  it('reads the step a price was written in', () => {
    expect(priceStep(4_899_663, null, 5_000_000)).toBe(1)
    expect(priceStep(5_000_000, null, 5_000_000)).toBe(1_000_000)
    expect(priceStep(4_500_000, 1000, 5_000_000)).toBe(50_000)
  })
})

describe('shared submission', () => {
  it('flags one browser used for two agencies in a tender', () => {
    const t = tender([
      ['a', 5_000_000, { deviceHash: 'shared' }],
      ['b', 5_100_000, { deviceHash: 'shared' }],
      ['c', 5_200_000],
    ])
    const [flag] = sharedSubmission(market([t]))
    expect(flag?.organisationIds).toEqual(['a', 'b'])
    expect(flag?.strength).toBeGreaterThanOrEqual(85)
  })

  it('needs one sitting or two tenders before a shared address counts', () => {
    const at = (h: number) => new Date(START + h * 3600_000)
    const once = tender([
      ['a', 5_000_000, { ipHash: 'nat', submittedAt: at(0) }],
      ['b', 5_100_000, { ipHash: 'nat', submittedAt: at(50) }],
      ['c', 5_200_000],
    ])
    expect(sharedSubmission(market([once]))).toEqual([])
    const sitting = tender([
      ['a', 5_000_000, { ipHash: 'office', submittedAt: at(0) }],
      ['b', 5_100_000, { ipHash: 'office', submittedAt: at(1) }],
      ['c', 5_200_000],
    ])
    expect(about(sharedSubmission(market([sitting])), 'a', 'b')).toHaveLength(1)
    const again = tender([
      ['a', 5_000_000, { ipHash: 'nat', submittedAt: at(0) }],
      ['b', 5_100_000, { ipHash: 'nat', submittedAt: at(70) }],
      ['c', 5_200_000],
    ])
    expect(about(sharedSubmission(market([once, again])), 'a', 'b')).toHaveLength(1)
  })

  it('stays quiet when every agency sends from its own office', () => {
    expect(sharedSubmission(market(background(100)))).toEqual([])
  })
})

describe('shared identity', () => {
  const competing = [
    tender([
      ['a', 5_000_000],
      ['b', 5_100_000],
      ['c', 5_300_000],
    ]),
  ]

  it('flags competitors sharing a practitioner certificate or a phone', () => {
    const agencies = [
      agency('a', { practitionerCertificates: ['HP 0012 3456'] }),
      agency('b', { practitionerCertificates: ['hp00123456'] }),
      agency('c'),
    ]
    const [flag] = sharedIdentity({ projects: competing, agencies, contracts: [] })
    expect(flag?.organisationIds).toEqual(['a', 'b'])
    expect(flag?.evidence.facts[0]!.value).toContain('执业人员证书编号')
  })

  it('does not flag a common name alone, nor agencies that never compete', () => {
    const sameName = [
      agency('a', { legalRepresentative: '王伟' }),
      agency('b', { legalRepresentative: '王伟' }),
      agency('c'),
    ]
    expect(sharedIdentity({ projects: competing, agencies: sameName, contracts: [] })).toEqual([])
    const apart = [agency('a', { phone: '13912345678' }), agency('z', { phone: '139 1234 5678' })]
    expect(sharedIdentity({ projects: competing, agencies: apart, contracts: [] })).toEqual([])
  })
})

describe('rotation', () => {
  const ring = ['r1', 'r2', 'r3']
  /** The ring meets in `n` tenders with one outsider; the t-th turn goes to `turn(t)`. */
  const ringTenders = (n: number, turn: (t: number) => string) =>
    Array.from({ length: n }, (_, t) => {
      const winner = turn(t)
      return tender([
        ...ring.map((a): BidSpec => [a, a === winner ? 4_600_000 : 5_200_000 + t * 1000]),
        [BG[t % BG.length]!, 5_050_000],
      ])
    })

  it('flags a group taking turns to win', () => {
    const flags = rotation(market([...background(40), ...ringTenders(15, (t) => ring[t % 3]!)]))
    const [flag] = about(flags, ...ring)
    expect(flag?.organisationIds).toEqual(ring)
    expect(flag?.evidence.projectIds).toHaveLength(15)
  })

  it('does not flag the same group when one of them simply wins most', () => {
    const r = rng(3)
    const uneven = ringTenders(15, () => (r.chance(0.7) ? 'r1' : r.pick(ring)))
    expect(about(rotation(market([...background(40), ...uneven])), ...ring)).toEqual([])
    expect(rotation(market(background(150)))).toEqual([])
  })
})

describe('cover bidding', () => {
  it('flags an agency whose bid always sits just above another’s', () => {
    const r = rng(11)
    const covered = Array.from({ length: 8 }, () => {
      const low = r.int(40, 80) * 100_000
      return tender([
        ['w', low],
        ['c', Math.round(low * (1.005 + 0.015 * r.next()))],
        ['bg-4', Math.round(low * 1.09)],
        ['bg-5', Math.round(low * 1.14)],
      ])
    })
    const [flag] = about(coverBidding(market([...background(80), ...covered])), 'c', 'w')
    expect(flag?.kind).toBe('cover_bidding')
    expect(flag?.evidence.facts[0]!.agencyIds).toEqual(['c', 'w'])
  })

  it('stays quiet on an honest market', () => {
    expect(coverBidding(market(background(200)))).toEqual([])
  })
})

describe('low spread (Imhof)', () => {
  it('computes CV and RD as Imhof defines them', () => {
    const spread = tenderSpread(
      tender([
        ['a', 920],
        ['b', 1000],
        ['c', 1010],
        ['d', 990],
      ]),
    )!
    const losing = standardDeviation([990, 1000, 1010])
    expect(spread.rd).toBeCloseTo((990 - 920) / losing, 6)
    expect(spread.cv).toBeCloseTo(standardDeviation([920, 1000, 1010, 990]) / 980, 6)
    // CV 4.2 % and RD 7: bunched losers, a winner well below them.
    expect(spread.suspicious).toBe(true)
  })

  it('flags agencies that keep meeting in bunched tenders with a clear winner', () => {
    const ring = ['s1', 's2', 's3', 's4']
    const r = rng(5)
    const bunched = Array.from({ length: 8 }, (_, t) => {
      const cover = r.int(40, 80) * 100_000
      return tender(
        ring.map((a, i): BidSpec => [
          a,
          i === t % 4 ? Math.round(cover * 0.93) : Math.round(cover * (1 + 0.004 * (i - 1.5))),
        ]),
      )
    })
    const flags = lowSpread(market([...background(120), ...bunched]))
    expect(about(flags, 's1', 's2', 's3', 's4')).toHaveLength(1)
    expect(flags.flatMap((f) => f.organisationIds).every((id) => ring.includes(id))).toBe(true)
  })

  it('stays quiet on an honest market', () => {
    expect(lowSpread(market(background(200)))).toEqual([])
  })
})

describe('runScreens', () => {
  it('after one opening keeps only the flags involving that project', () => {
    const first = tender([
      ['a', 4_899_663],
      ['b', 4_899_663],
      ['c', 5_300_000],
    ])
    const second = tender([
      ['d', 5_000_000, { deviceHash: 'one-browser' }],
      ['e', 5_100_000, { deviceHash: 'one-browser' }],
      ['f', 5_300_000],
    ])
    const all = runScreens(market([first, second]))
    expect(all.map((f) => f.kind).sort()).toEqual(['identical_prices', 'shared_submission'])
    const focused = runScreens(market([first, second]), { focusProjectId: second.id })
    expect(focused.map((f) => f.kind)).toEqual(['shared_submission'])
  })
})
