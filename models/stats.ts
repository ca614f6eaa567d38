import type { Ctx } from './context.ts'
import { selectionMethodNames, type SelectionMethod } from './rules/project-states.ts'
import {
  concentrationOf,
  daysBetween,
  frequencySummary,
  herfindahl,
  largestShare,
  mean,
  median,
  monthsBetween,
  shareOf,
  weightedSavingsRate,
  type Concentration,
  type Month,
} from './rules/stats.ts'
import { cityName, type StatsFilter } from './stats-filters.ts'
import {
  awardGroups,
  type AwardGroupRow,
  type AwardSums,
  bidCounts,
  itemNames,
  organisationNames,
  publishedPerMonth,
  stepSpans,
} from './stats-queries.ts'

/** What a group of final awards comes to. Fractions are 0–1; null where nothing was awarded. */
export interface AwardMeasures {
  awards: number
  amountFen: number
  capFen: number
  savedFen: number
  /** Amount-weighted: Σ(cap − award) / Σcap. */
  savingsWeighted: number | null
  /** The mean of each award's own rate. */
  savingsMean: number | null
  outsideAwards: number
  outsideShare: number | null
  outsideAmountShare: number | null
}

export interface GroupRow extends AwardMeasures {
  key: string
  label: string
}

export interface ItemRow extends GroupRow {
  agencies: number
  largestShare: number | null
  hhi: number | null
  concentration: Concentration | null
}

export interface MonthRow extends AwardMeasures {
  month: Month
  published: number
}

export const stepNames = {
  publishToAward: '发布公告 → 公布中选结果',
  awardToSigning: '公布中选结果 → 双方签约',
  signingToAcceptance: '双方签约 → 验收通过',
  acceptanceToPayment: '验收通过 → 价款付清',
} as const
export type Step = keyof typeof stepNames

export interface StepRow {
  step: Step
  label: string
  projects: number
  medianDays: number | null
  meanDays: number | null
}

export interface BidRow {
  key: SelectionMethod | 'all'
  label: string
  projects: number
  bids: number
  failed: number
  mean: number | null
  median: number | null
}

export interface StatsReport {
  filter: StatsFilter
  overall: AwardMeasures
  months: MonthRow[]
  steps: StepRow[]
  bids: { byMethod: BidRow[]; distribution: { bids: number; projects: number }[] }
  items: ItemRow[]
  regions: GroupRow[]
  methods: GroupRow[]
  buyers: GroupRow[]
}

const emptySums: AwardSums = { n: 0, amount: 0, cap: 0, rateSum: 0, outsideN: 0, outsideAmount: 0 }

export function measuresOf(sums: AwardSums): AwardMeasures {
  return {
    awards: sums.n,
    amountFen: sums.amount,
    capFen: sums.cap,
    savedFen: sums.cap - sums.amount,
    savingsWeighted: weightedSavingsRate(sums.cap, sums.amount),
    savingsMean: sums.n > 0 ? sums.rateSum / sums.n : null,
    outsideAwards: sums.outsideN,
    outsideShare: shareOf(sums.outsideN, sums.n),
    outsideAmountShare: shareOf(sums.outsideAmount, sums.amount),
  }
}

const byAmount = (a: AwardMeasures & { key: string }, b: AwardMeasures & { key: string }) =>
  b.amountFen - a.amountFen || b.awards - a.awards || a.key.localeCompare(b.key)

/** The whole page's figures for one filter. */
export async function getStatsReport(ctx: Ctx, filter: StatsFilter): Promise<StatsReport> {
  const [groups, spans, bidRows, published] = await Promise.all([
    awardGroups(ctx.db, filter),
    stepSpans(ctx.db, filter),
    bidCounts(ctx.db, filter),
    publishedPerMonth(ctx.db, filter),
  ])
  const pick = (f: (r: AwardGroupRow) => boolean) => groups.filter(f)
  const overallRow = pick((r) => !r.byMonth && !r.byItem && !r.byCity && !r.byMethod && !r.byBuyer)
  const itemRows = pick((r) => r.byItem && !r.byAgency)
  const buyerRows = pick((r) => r.byBuyer)
  const [items, buyers] = await Promise.all([
    itemNames(
      ctx.db,
      itemRows.map((r) => r.item!),
    ),
    organisationNames(
      ctx.db,
      buyerRows.map((r) => r.buyer!),
    ),
  ])

  const monthSums = new Map(pick((r) => r.byMonth).map((r) => [r.month!, r]))
  const months = monthsBetween(filter.from, filter.to).map((month) => ({
    month,
    published: published.get(month) ?? 0,
    ...measuresOf(monthSums.get(month) ?? emptySums),
  }))

  const agencyAmounts = new Map<string, number[]>()
  for (const r of pick((r) => r.byItem && r.byAgency))
    agencyAmounts.set(r.item!, [...(agencyAmounts.get(r.item!) ?? []), r.amount])
  const itemTable = itemRows
    .map((r): ItemRow => {
      const amounts = agencyAmounts.get(r.item!) ?? []
      const hhi = herfindahl(amounts)
      return {
        key: r.item!,
        label: items.get(r.item!) ?? r.item!,
        ...measuresOf(r),
        agencies: amounts.length,
        largestShare: largestShare(amounts),
        hhi,
        concentration: hhi == null ? null : concentrationOf(hhi),
      }
    })
    .sort(byAmount)

  const group = (
    rows: AwardGroupRow[],
    keyOf: (r: AwardGroupRow) => string,
    label: (key: string) => string,
  ) =>
    rows
      .map((r): GroupRow => ({ key: keyOf(r), label: label(keyOf(r)), ...measuresOf(r) }))
      .sort(byAmount)

  return {
    filter,
    overall: measuresOf(overallRow[0] ?? emptySums),
    months,
    steps: stepRows(spans),
    bids: bidSummary(bidRows),
    items: itemTable,
    regions: group(
      pick((r) => r.byCity),
      (r) => r.buyerCity ?? '',
      (key) => cityName(key || null),
    ),
    methods: group(
      pick((r) => r.byMethod),
      (r) => r.method!,
      (key) => selectionMethodNames[key as SelectionMethod] ?? key,
    ),
    buyers: group(
      buyerRows,
      (r) => r.buyer!,
      (key) => buyers.get(key) ?? key,
    ),
  }
}

function stepRows(spans: Awaited<ReturnType<typeof stepSpans>>): StepRow[] {
  return (Object.keys(stepNames) as Step[]).map((step) => {
    const days = spans[step].map(([from, to]) => daysBetween(from, to))
    return {
      step,
      label: stepNames[step],
      projects: days.length,
      medianDays: median(days),
      meanDays: mean(days),
    }
  })
}

function bidSummary(rows: Awaited<ReturnType<typeof bidCounts>>): StatsReport['bids'] {
  const summarise = (key: BidRow['key'], label: string, subset: typeof rows): BidRow => {
    const summary = frequencySummary(subset.map((r) => ({ value: r.bids, count: r.projects })))
    return {
      key,
      label,
      projects: summary.n,
      bids: summary.total,
      failed: subset.reduce((sum, r) => sum + r.failed, 0),
      mean: summary.mean,
      median: summary.median,
    }
  }
  const methods = [...new Set(rows.map((r) => r.method))].filter(
    (m): m is SelectionMethod => m in selectionMethodNames,
  )
  const byMethod = methods.sort().map((m) =>
    summarise(
      m,
      selectionMethodNames[m],
      rows.filter((r) => r.method === m),
    ),
  )
  const counts = new Map<number, number>()
  for (const r of rows) counts.set(r.bids, (counts.get(r.bids) ?? 0) + r.projects)
  return {
    byMethod: [...byMethod, summarise('all', '全部竞争性方式', rows)],
    // Every count from 0 up, so a missing bar reads as none rather than being skipped.
    distribution: Array.from({ length: Math.max(-1, ...counts.keys()) + 1 }, (_, bids) => ({
      bids,
      projects: counts.get(bids) ?? 0,
    })),
  }
}
