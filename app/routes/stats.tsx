import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import type { ReactNode } from 'react'
import { platformNow } from '#models/clock.ts'
import { cityFilterOptions } from '#models/directory.ts'
import { formatFen } from '#models/rules/money.ts'
import { getStatsReport } from '#models/stats.ts'
import { periodLabel, readStatsFilter, statsFilterQuery } from '#models/stats-filters.ts'
import { statsTables, type StatsTableKey } from '#models/stats-tables.ts'
import { chartSpecs } from '../components/stats/chart-options.ts'
import { formatRate } from '../components/stats/format.ts'
import { StatsChart } from '../components/stats/stats-chart.tsx'
import { StatsDefinitions } from '../components/stats/stats-definitions.tsx'
import { StatsFilterForm } from '../components/stats/stats-filters.tsx'
import { StatsTable } from '../components/stats/stats-table.tsx'
import { getCtx } from '../session.server.ts'
import statsStyles from '../styles/stats.css?url'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: statsStyles }]

export const meta: MetaFunction = () => [
  { title: '统计数据 · 中介超市' },
  {
    name: 'description',
    content:
      '成交项目与金额、节约率、报价数、各环节用时、外地机构中选占比和市场集中度，按月、事项、地区公开。',
  },
]

/** Long tables (items, buyers) show this many rows; the CSV has them all. */
const PAGE_ROWS = 20

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await getCtx(request)
  const url = new URL(request.url)
  const { filter, problems } = readStatsFilter(url.searchParams, await platformNow(ctx.db))
  const report = await getStatsReport(ctx, filter)
  return {
    filter,
    problems,
    period: periodLabel(filter),
    query: statsFilterQuery(filter),
    overall: report.overall,
    bidsAll: report.bids.byMethod.at(-1)!,
    firstStep: report.steps[0]!,
    tables: statsTables(report, { limit: PAGE_ROWS }),
    cities: cityFilterOptions,
  }
}

export default function StatsPage() {
  const data = useLoaderData<typeof loader>()
  const { overall, bidsAll, firstStep } = data
  const tables = new Map(data.tables.map((t) => [t.key, t]))
  const chartsAndTable = (key: StatsTableKey) => {
    const table = tables.get(key)!
    return (
      <>
        {chartSpecs
          .filter((spec) => spec.table === key)
          .map((spec) => (
            <StatsChart key={spec.id} spec={spec} table={table} />
          ))}
        <StatsTable table={table} csvHref={`/stats.csv?table=${key}&${data.query}`} />
      </>
    )
  }
  return (
    <section className="stats">
      <h1>统计数据</h1>
      <p className="lead">
        平台上的成交规模、节约率、竞争程度、办理效率、外地机构中选情况和市场集中度，全部由公开的项目和合同数据计算，口径见页末。
      </p>
      <StatsFilterForm filter={data.filter} cities={data.cities} />
      {data.problems.length > 0 ? (
        <div className="form-errors" role="alert">
          {data.problems.map((p) => (
            <p key={p}>{p}</p>
          ))}
        </div>
      ) : null}

      <h2 className="visually-hidden">概览（{data.period}）</h2>
      <ul className="figures stats-figures">
        <Figure value={overall.awards.toLocaleString('zh-CN')} label="成交项目" />
        <Figure value={formatFen(overall.amountFen)} label="成交金额" />
        <Figure value={formatRate(overall.savingsWeighted)} label="节约率（金额加权）" />
        <Figure value={formatRate(overall.outsideShare)} label="外地机构中选占比" />
        <Figure
          value={bidsAll.mean == null ? '—' : bidsAll.mean.toFixed(1)}
          label="平均每个项目的报价数"
        />
        <Figure
          value={firstStep.medianDays == null ? '—' : `${firstStep.medianDays.toFixed(1)} 天`}
          label="发布到公布中选结果（中位数）"
        />
      </ul>

      <Section id="stats-monthly" title="成交规模与节约率">
        <p>
          每月成交的项目数、金额和节约率。节约率的两种算法：金额加权反映财政资金总体节约了多少，项目平均反映一个典型项目的节约幅度。
        </p>
        {chartsAndTable('monthly')}
      </Section>

      <Section id="stats-bids" title="竞争程度：每个项目收到的报价数">
        {chartsAndTable('bid-distribution')}
        {chartsAndTable('bids')}
      </Section>

      <Section id="stats-steps" title="办理效率：各环节用时">
        {chartsAndTable('steps')}
      </Section>

      <Section id="stats-regions" title="零限制是否落到实处：外地机构中选情况">
        <p>
          本期间 {overall.awards} 个成交项目中，{overall.outsideAwards}{' '}
          个由采购人所在城市以外注册的机构中选，占 {formatRate(overall.outsideShare)}
          ；按金额占 {formatRate(overall.outsideAmountShare)}。下表按采购人所在城市列出。
        </p>
        {chartsAndTable('regions')}
      </Section>

      <Section id="stats-items" title="按服务事项：成交与市场集中度（HHI）">
        {chartsAndTable('items')}
      </Section>

      <Section id="stats-methods" title="按选取方式">
        {chartsAndTable('methods')}
      </Section>

      <Section id="stats-buyers" title="按采购人">
        {chartsAndTable('buyers')}
      </Section>

      <StatsDefinitions />
    </section>
  )
}

function Figure({ value, label }: { value: string; label: string }) {
  return (
    <li>
      <strong>{value}</strong>
      <span>{label}</span>
    </li>
  )
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="stats-section">
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  )
}
