import type { EChartsOption } from 'echarts'
import type { StatsTable, StatsTableKey } from '#models/stats-tables.ts'

// What each chart draws from its table: columns by their key, so the chart and the table
// below it read the very same cells.

interface SeriesSpec {
  /** The table column's key. */
  column: string
  name: string
  type: 'bar' | 'line'
  /** 0: the first value axis; 1: the second, on the right. */
  axis: 0 | 1
  unit: 'fen' | 'rate' | 'plain'
}

export interface ChartSpec {
  id: string
  table: StatsTableKey
  title: string
  axes: [string] | [string, string]
  series: SeriesSpec[]
  /** Long category names (items, buyers) read better down the side. */
  horizontal?: boolean
  /** Only the first rows (the table is sorted by amount). */
  limit?: number
}

export const chartSpecs: ChartSpec[] = [
  {
    id: 'monthly-amount',
    table: 'monthly',
    title: '每月成交金额与成交项目数',
    axes: ['万元', '项目数'],
    series: [
      { column: 'amount', name: '成交金额（万元）', type: 'bar', axis: 0, unit: 'fen' },
      { column: 'awards', name: '成交项目数', type: 'line', axis: 1, unit: 'plain' },
    ],
  },
  {
    id: 'monthly-savings',
    table: 'monthly',
    title: '每月节约率',
    axes: ['%'],
    series: [
      { column: 'savingsWeighted', name: '金额加权', type: 'line', axis: 0, unit: 'rate' },
      { column: 'savingsMean', name: '项目平均', type: 'line', axis: 0, unit: 'rate' },
    ],
  },
  {
    id: 'steps',
    table: 'steps',
    title: '各环节用时（天）',
    axes: ['天'],
    horizontal: true,
    series: [
      { column: 'median', name: '中位数', type: 'bar', axis: 0, unit: 'plain' },
      { column: 'mean', name: '平均数', type: 'bar', axis: 0, unit: 'plain' },
    ],
  },
  {
    id: 'bid-distribution',
    table: 'bid-distribution',
    title: '收到不同报价数的项目数',
    axes: ['项目数'],
    series: [{ column: 'projects', name: '项目数', type: 'bar', axis: 0, unit: 'plain' }],
  },
  {
    id: 'items',
    table: 'items',
    title: '成交金额前十的服务事项：HHI',
    axes: ['HHI'],
    horizontal: true,
    limit: 10,
    series: [{ column: 'hhi', name: 'HHI', type: 'bar', axis: 0, unit: 'plain' }],
  },
  {
    id: 'regions',
    table: 'regions',
    title: '各城市成交金额与外地机构中选占比',
    axes: ['万元', '%'],
    series: [
      { column: 'amount', name: '成交金额（万元）', type: 'bar', axis: 0, unit: 'fen' },
      {
        column: 'outsideShare',
        name: '外地机构中选占比',
        type: 'line',
        axis: 1,
        unit: 'rate',
      },
    ],
  },
  {
    id: 'methods',
    table: 'methods',
    title: '各选取方式成交金额与节约率',
    axes: ['万元', '%'],
    series: [
      { column: 'amount', name: '成交金额（万元）', type: 'bar', axis: 0, unit: 'fen' },
      { column: 'savingsWeighted', name: '节约率', type: 'line', axis: 1, unit: 'rate' },
    ],
  },
  {
    id: 'buyers',
    table: 'buyers',
    title: '成交金额前十的采购人',
    axes: ['万元'],
    horizontal: true,
    limit: 10,
    series: [{ column: 'amount', name: '成交金额（万元）', type: 'bar', axis: 0, unit: 'fen' }],
  },
]

const scale = {
  fen: (v: number) => v / 1_000_000,
  rate: (v: number) => v * 100,
  plain: (v: number) => v,
}
const round2 = (v: number) => Math.round(v * 100) / 100

/** The ECharts option for one chart: categories from the first column, series from others. */
export function chartOption(spec: ChartSpec, table: StatsTable): EChartsOption {
  const rows = spec.limit ? table.rows.slice(0, spec.limit) : table.rows
  const categories = rows.map((row) => String(row[0]))
  const series = spec.series.map((s) => {
    const index = table.columns.findIndex((c) => c.key === s.column)
    return {
      name: s.name,
      type: s.type,
      [spec.horizontal ? 'xAxisIndex' : 'yAxisIndex']: s.axis,
      // An empty month has no rate: a gap in the line, not a fall to 0.
      data: rows.map((row) => {
        const value = row[index]
        return typeof value === 'number' ? round2(scale[s.unit](value)) : null
      }),
      connectNulls: false,
    }
  })
  const categoryAxis = {
    type: 'category' as const,
    data: categories,
    // Top of the list first when drawn down the side.
    inverse: spec.horizontal === true,
    axisLabel: spec.horizontal ? { width: 160, overflow: 'truncate' as const } : {},
  }
  const valueAxes = spec.axes.map((name) => ({ type: 'value' as const, name }))
  return {
    color: ['#b4232a', '#0b5cad', '#1a7f37'],
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 16, right: 16, top: 48, bottom: 8, containLabel: true },
    xAxis: spec.horizontal ? valueAxes : categoryAxis,
    yAxis: spec.horizontal ? categoryAxis : valueAxes,
    series,
  } as EChartsOption
}
