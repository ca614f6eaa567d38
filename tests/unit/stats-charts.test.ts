import { describe, expect, it } from 'vitest'
import { chartOption, chartSpecs } from '../../app/components/stats/chart-options.ts'
import { measuresOf, type StatsReport } from '../../models/stats.ts'
import { statsTables } from '../../models/stats-tables.ts'

const sums = {
  n: 2,
  amount: 7_000_000,
  cap: 9_000_000,
  rateSum: 0.45,
  outsideN: 1,
  outsideAmount: 4_000_000,
}
const report: StatsReport = {
  filter: { from: '2026-03', to: '2026-04', city: null },
  overall: measuresOf(sums),
  months: [
    { month: '2026-03', published: 4, ...measuresOf(sums) },
    {
      month: '2026-04',
      published: 0,
      ...measuresOf({
        ...sums,
        n: 0,
        amount: 0,
        cap: 0,
        rateSum: 0,
        outsideN: 0,
        outsideAmount: 0,
      }),
    },
  ],
  steps: [],
  bids: { byMethod: [], distribution: [{ bids: 0, projects: 1 }] },
  items: [],
  regions: [],
  methods: [],
  buyers: [],
}

describe('the charts of /stats', () => {
  it('draw from columns their tables have', () => {
    const tables = new Map(statsTables(report).map((t) => [t.key, t]))
    for (const spec of chartSpecs) {
      const table = tables.get(spec.table)!
      const keys = table.columns.map((c) => c.key)
      for (const series of spec.series) expect(keys, spec.id).toContain(series.column)
    }
  })

  it('scales fen to 万元 and fractions to percent, leaving empty months as gaps', () => {
    const monthly = statsTables(report).find((t) => t.key === 'monthly')!
    const amount = chartOption(
      chartSpecs.find((s) => s.id === 'monthly-amount')!,
      monthly,
    )
    expect(amount.xAxis).toMatchObject({ data: ['2026-03', '2026-04'] })
    expect((amount.series as { data: unknown[] }[]).map((s) => s.data)).toEqual([
      [7, 0],
      [2, 0],
    ])
    const savings = chartOption(
      chartSpecs.find((s) => s.id === 'monthly-savings')!,
      monthly,
    )
    // 2,000,000 / 9,000,000 = 22.22 %; mean 0.45 / 2 = 22.5 %; April has no awards.
    expect((savings.series as { data: unknown[] }[]).map((s) => s.data)).toEqual([
      [22.22, null],
      [22.5, null],
    ])
  })
})
