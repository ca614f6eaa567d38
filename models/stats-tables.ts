import { type CsvCell } from './rules/csv.ts'
import { fenToYuanText } from './rules/money.ts'
import { concentrationNames } from './rules/stats.ts'
import { periodLabel } from './stats-filters.ts'
import type { AwardMeasures, GroupRow, StatsReport } from './stats.ts'

// The report as tables: the same rows feed the page's HTML tables, its charts and the CSV
// downloads, so the three cannot disagree.

/** How a cell is written: fen as money, fractions as percentages, days and means to decimals. */
export type CellKind = 'text' | 'count' | 'fen' | 'rate' | 'days' | 'decimal' | 'hhi'
export type Cell = string | number | null

export interface StatsColumn {
  /** Stable name for code (the charts pick columns by it); the label is for people. */
  key: string
  label: string
  kind: CellKind
}

export const statsTableKeys = [
  'monthly',
  'steps',
  'bids',
  'bid-distribution',
  'items',
  'regions',
  'methods',
  'buyers',
] as const
export type StatsTableKey = (typeof statsTableKeys)[number]

export const isStatsTableKey = (value: string): value is StatsTableKey =>
  (statsTableKeys as readonly string[]).includes(value)

export interface StatsTable {
  key: StatsTableKey
  title: string
  caption: string
  /** columns[0] heads each row. */
  columns: StatsColumn[]
  rows: Cell[][]
  /** 合计 row, when the rows add up to the whole. */
  total: Cell[] | null
  /** Rows left off the page (all are in the CSV). */
  omitted: number
}

const column = (key: string, label: string, kind: CellKind): StatsColumn => ({ key, label, kind })

const awards = column('awards', '成交项目数', 'count')
const amount = column('amount', '成交金额', 'fen')
const savingsWeighted = column('savingsWeighted', '节约率（加权）', 'rate')
const savingsMean = column('savingsMean', '节约率（平均）', 'rate')
const outsideShare = column('outsideShare', '外地中选占比（项目）', 'rate')

const awardColumns: StatsColumn[] = [
  awards,
  amount,
  column('cap', '预算上限合计', 'fen'),
  column('saved', '节约金额', 'fen'),
  savingsWeighted,
  savingsMean,
  column('outsideAwards', '外地中选项目数', 'count'),
  outsideShare,
  column('outsideAmountShare', '外地中选占比（金额）', 'rate'),
]

const awardCells = (m: AwardMeasures): Cell[] => [
  m.awards,
  m.amountFen,
  m.capFen,
  m.savedFen,
  m.savingsWeighted,
  m.savingsMean,
  m.outsideAwards,
  m.outsideShare,
  m.outsideAmountShare,
]

/** Every table of the report; `limit` cuts the long ones (items, buyers) for the page. */
export function statsTables(report: StatsReport, options: { limit?: number } = {}): StatsTable[] {
  const period = periodLabel(report.filter)
  const table = (
    key: StatsTableKey,
    title: string,
    columns: StatsColumn[],
    rows: Cell[][],
    total: Cell[] | null,
    cut = false,
  ): StatsTable => {
    const shown = cut && options.limit != null ? rows.slice(0, options.limit) : rows
    return {
      key,
      title,
      caption: `${title}（${period}）`,
      columns,
      rows: shown,
      total,
      omitted: rows.length - shown.length,
    }
  }
  const grouped = (
    key: StatsTableKey,
    title: string,
    head: string,
    rows: GroupRow[],
    cut = false,
  ) =>
    table(
      key,
      title,
      [column('name', head, 'text'), ...awardColumns],
      rows.map((r) => [r.label, ...awardCells(r)]),
      cut ? null : ['合计', ...awardCells(report.overall)],
      cut,
    )
  const { overall, bids } = report
  return [
    table(
      'monthly',
      '按月成交情况',
      [
        column('month', '月份', 'text'),
        column('published', '发布项目数', 'count'),
        ...awardColumns,
      ],
      report.months.map((m) => [m.month, m.published, ...awardCells(m)]),
      ['合计', report.months.reduce((sum, m) => sum + m.published, 0), ...awardCells(overall)],
    ),
    table(
      'steps',
      '各环节用时',
      [
        column('step', '环节', 'text'),
        column('projects', '项目数', 'count'),
        column('median', '中位数（天）', 'days'),
        column('mean', '平均数（天）', 'days'),
      ],
      report.steps.map((s) => [s.label, s.projects, s.medianDays, s.meanDays]),
      null,
    ),
    table(
      'bids',
      '每个项目收到的报价数',
      [
        column('method', '选取方式', 'text'),
        column('projects', '开标项目数', 'count'),
        column('bids', '报价（报名）总数', 'count'),
        column('mean', '平均每个项目', 'decimal'),
        column('median', '中位数', 'decimal'),
        column('failed', '其中流标项目数', 'count'),
      ],
      bids.byMethod.map((b) => [b.label, b.projects, b.bids, b.mean, b.median, b.failed]),
      null,
    ),
    table(
      'bid-distribution',
      '报价数分布',
      [column('bids', '收到的报价（报名）数', 'text'), column('projects', '项目数', 'count')],
      bids.distribution.map((d) => [`${d.bids} 份`, d.projects]),
      null,
    ),
    // Concentration first: the savings and outside-city columns are in the other tables.
    table(
      'items',
      '按服务事项：成交与市场集中度',
      [
        column('item', '服务事项', 'text'),
        awards,
        amount,
        column('agencies', '中选机构数', 'count'),
        column('largestShare', '最大机构份额', 'rate'),
        column('hhi', 'HHI', 'hhi'),
        column('concentration', '集中程度', 'text'),
        savingsWeighted,
        outsideShare,
      ],
      report.items.map((r) => [
        r.label,
        r.awards,
        r.amountFen,
        r.agencies,
        r.largestShare,
        r.hhi,
        r.concentration ? concentrationNames[r.concentration] : null,
        r.savingsWeighted,
        r.outsideShare,
      ]),
      null,
      true,
    ),
    grouped('regions', '按采购人所在城市', '城市', report.regions),
    grouped('methods', '按选取方式', '选取方式', report.methods),
    grouped('buyers', '按采购人', '采购人', report.buyers, true),
  ]
}

const round = (value: number, digits: number) => Number(value.toFixed(digits))

/** A cell as CSV writes it: plain numbers (元, %, 天) that a spreadsheet can add up. */
export function csvValue(kind: CellKind, value: Cell): CsvCell {
  if (value == null) return ''
  if (typeof value === 'string') return value
  switch (kind) {
    case 'fen':
      return fenToYuanText(value).replace(/,/g, '')
    case 'rate':
      return round(value * 100, 2)
    case 'days':
    case 'decimal':
      return round(value, 2)
    case 'hhi':
      return round(value, 0)
    default:
      return value
  }
}

const csvUnit: Partial<Record<CellKind, string>> = { fen: '（元）', rate: '（%）' }

/** Header row, rows and total, ready for csvDocument(). */
export function statsTableCsv(table: StatsTable): CsvCell[][] {
  const line = (cells: Cell[]) => cells.map((cell, i) => csvValue(table.columns[i]!.kind, cell))
  return [
    table.columns.map((c) => `${c.label}${csvUnit[c.kind] ?? ''}`),
    ...table.rows.map(line),
    ...(table.total ? [line(table.total)] : []),
  ]
}
