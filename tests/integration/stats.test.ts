import type { LoaderFunctionArgs } from '@remix-run/node'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import type * as DbClient from '../../models/db/client.ts'
import type { Database } from '../../models/db/client.ts'
import type { Cell, StatsTable } from '../../models/stats-tables.ts'
import { loader as csvLoader } from '../../app/routes/stats[.]csv.ts'
import { loader as pageLoader } from '../../app/routes/stats.tsx'
import { routeContext } from './payment-fixture.ts'
import { setUpProcedures } from './procedure-fixture.ts'
import { buildStatsWorld } from './stats-world.ts'

// The routes read the process-wide database: here, this file's own.
const route = vi.hoisted(() => ({ db: null as Database | null }))
vi.mock('../../models/db/client.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof DbClient>()),
  getDatabase: async () => route.db!,
}))

const world = setUpProcedures(5)

beforeAll(async () => {
  route.db = world.handle.db
  await buildStatsWorld(world)
}, 120_000)

const args = (path: string) =>
  ({
    request: new Request(`http://127.0.0.1:3000${path}`),
    params: {},
    context: routeContext,
  }) as unknown as LoaderFunctionArgs

const page = (query: string) => pageLoader(args(`/stats?${query}`))

/** One table row as { column label: cell }, found by its first cell. */
function row(tables: StatsTable[], key: string, head: string): Record<string, Cell> {
  const table = tables.find((t) => t.key === key)!
  const cells = head === '合计' ? table.total : table.rows.find((r) => r[0] === head)
  if (!cells) throw new Error(`no row ${head} in ${key}: ${JSON.stringify(table.rows)}`)
  return Object.fromEntries(table.columns.map((c, i) => [c.label, cells[i]!]))
}

const day = 86_400_000
const days = (ms: number) => ms / day
// Step lengths by hand from the world's clock (stats-world.ts); passTime adds one second.
const second = 1000
const p1PublishToAward = days(4 * day + 3600_000 + second) // 3-02 09:00 → 3-06 10:00:01
const p2PublishToAward = days(15 * day + 14 * 3600_000 + 59 * 60_000 + 30 * second) // → 3-31 23:59:30
const p3PublishToAward = days(6 * day + 15 * 3600_000 + 30 * second) // 3-25 09:00 → 4-01 00:00:30
const p6PublishToAward = p1PublishToAward // 4-13 09:00 → 4-17 10:00:01

describe('/stats on a known market', () => {
  it('counts final awards per Beijing month, with savings and outside-city winners', async () => {
    const data = await page('from=2026-03&to=2026-04')
    expect(data.problems).toEqual([])
    const march = row(data.tables, 'monthly', '2026-03')
    // P1 (A0 from 开封 for a 郑州 buyer: outside) 40,000 of 50,000; P2 30,000 of 40,000 at
    // 23:59:30 on 31 March. Published: P1, P4 (failed), P2, P3; not P5 (cancelled) or P7.
    expect(march).toMatchObject({
      发布项目数: 4,
      成交项目数: 2,
      成交金额: 7_000_000,
      预算上限合计: 9_000_000,
      节约金额: 2_000_000,
      外地中选项目数: 1,
    })
    expect(march['节约率（加权）']).toBeCloseTo(2 / 9, 10)
    expect(march['节约率（平均）']).toBeCloseTo((0.2 + 0.25) / 2, 10)
    expect(march['外地中选占比（项目）']).toBe(0.5)
    expect(march['外地中选占比（金额）']).toBeCloseTo(4 / 7, 10)
    // P3 at 00:00:30 on 1 April (A2, outside Henan) 10,000 of 20,000; P6 went to A0 (开封) at
    // its own 20,000 of 25,000 after A3 refused — not A3's 18,000.
    const april = row(data.tables, 'monthly', '2026-04')
    expect(april).toMatchObject({
      发布项目数: 1,
      成交项目数: 2,
      成交金额: 3_000_000,
      预算上限合计: 4_500_000,
      外地中选项目数: 2,
      '外地中选占比（项目）': 1,
    })
    expect(april['节约率（加权）']).toBeCloseTo(1 / 3, 10)
    expect(april['节约率（平均）']).toBeCloseTo((0.5 + 0.2) / 2, 10)

    expect(data.overall).toMatchObject({
      awards: 4,
      amountFen: 10_000_000,
      capFen: 13_500_000,
      savedFen: 3_500_000,
      outsideAwards: 3,
      outsideShare: 0.75,
    })
    expect(data.overall.savingsWeighted).toBeCloseTo(3.5 / 13.5, 10)
    expect(data.overall.savingsMean).toBeCloseTo((0.2 + 0.25 + 0.5 + 0.2) / 4, 10)
    expect(data.overall.outsideAmountShare).toBeCloseTo(0.7, 10)
    expect(row(data.tables, 'monthly', '合计')).toMatchObject({ 发布项目数: 5, 成交项目数: 4 })
  })

  it('breaks the awards down by city, method, buyer and item, with the HHI', async () => {
    const { tables } = await page('from=2026-03&to=2026-04')
    const zhengzhou = row(tables, 'regions', '郑州市')
    expect(zhengzhou).toMatchObject({
      成交项目数: 2,
      成交金额: 6_000_000,
      '外地中选占比（项目）': 1,
    })
    expect(zhengzhou['节约率（加权）']).toBeCloseTo(0.2, 10)
    const puyang = row(tables, 'regions', '濮阳市')
    expect(puyang).toMatchObject({
      成交项目数: 2,
      成交金额: 4_000_000,
      '外地中选占比（项目）': 0.5,
    })
    expect(puyang['节约率（加权）']).toBeCloseTo(2 / 6, 10)
    expect(puyang['节约率（平均）']).toBeCloseTo((0.25 + 0.5) / 2, 10)
    expect(puyang['外地中选占比（金额）']).toBeCloseTo(0.25, 10)

    expect(row(tables, 'methods', '竞价选取')).toMatchObject({ 成交项目数: 2, 成交金额: 6_000_000 })
    expect(row(tables, 'methods', '直接选取')).toMatchObject({ 成交项目数: 2, 成交金额: 4_000_000 })
    const buyers = tables.find((t) => t.key === 'buyers')!
    expect(buyers.rows.map((r) => [r[0], r[1], r[2]])).toEqual([
      [world.department.organisationName, 2, 6_000_000],
      [world.enterprise.organisationName, 2, 4_000_000],
    ])

    // A0 6,000,000 (P1 + P6), A1 3,000,000, A2 1,000,000: 60² + 30² + 10² = 4,600.
    const item = row(tables, 'items', '环境影响报告表编制')
    expect(item).toMatchObject({ 成交项目数: 4, 中选机构数: 3, 集中程度: '高度集中' })
    expect(item.HHI).toBeCloseTo(4600, 6)
    expect(item['最大机构份额']).toBeCloseTo(0.6, 10)
  })

  it('counts bids per opened project, failed ones included, and never direct ones', async () => {
    const { tables } = await page('from=2026-03&to=2026-04')
    // P1 3 bids, P4 1 (failed), P6 3: mean 7/3, median 3.
    const lowest = row(tables, 'bids', '竞价选取')
    expect(lowest).toMatchObject({
      开标项目数: 3,
      '报价（报名）总数': 7,
      中位数: 3,
      其中流标项目数: 1,
    })
    expect(lowest['平均每个项目']).toBeCloseTo(7 / 3, 10)
    expect(tables.find((t) => t.key === 'bids')!.rows.map((r) => r[0])).toEqual([
      '竞价选取',
      '全部竞争性方式',
    ])
    expect(tables.find((t) => t.key === 'bid-distribution')!.rows).toEqual([
      ['0 份', 0],
      ['1 份', 1],
      ['2 份', 0],
      ['3 份', 2],
    ])
  })

  it('takes medians and means of each step over the awards that made it', async () => {
    const { tables } = await page('from=2026-03&to=2026-04')
    const step = (label: string) => row(tables, 'steps', label)
    const first = [p1PublishToAward, p2PublishToAward, p3PublishToAward, p6PublishToAward]
    const publishToAward = step('发布公告 → 公布中选结果')
    expect(publishToAward['项目数']).toBe(4)
    // Sorted: P1 = P6 ≈ 4.04, P3 ≈ 6.63, P2 ≈ 15.62.
    expect(publishToAward['中位数（天）']).toBeCloseTo((p1PublishToAward + p3PublishToAward) / 2, 3)
    expect(publishToAward['平均数（天）']).toBeCloseTo(first.reduce((s, d) => s + d) / 4, 3)
    // P1 7 days less a second, P2 2, P3 1.5, P6 7 (the second contract, with A0).
    const awardToSigning = step('公布中选结果 → 双方签约')
    expect(awardToSigning['项目数']).toBe(4)
    expect(awardToSigning['中位数（天）']).toBeCloseTo((2 + 7) / 2, 3)
    expect(awardToSigning['平均数（天）']).toBeCloseTo((7 + 2 + 1.5 + 7) / 4, 3)
    expect(step('双方签约 → 验收通过')).toMatchObject({ 项目数: 1 })
    expect(step('双方签约 → 验收通过')['中位数（天）']).toBeCloseTo(10, 3)
    expect(step('验收通过 → 价款付清')['平均数（天）']).toBeCloseTo(2, 3)
  })

  it('filters by period and by the buyer’s city', async () => {
    const april = await page('from=2026-04&to=2026-04')
    expect(april.overall).toMatchObject({ awards: 2, amountFen: 3_000_000 })
    expect(april.tables.find((t) => t.key === 'monthly')!.rows.map((r) => r[0])).toEqual([
      '2026-04',
    ])
    expect(row(april.tables, 'bids', '竞价选取')).toMatchObject({ 开标项目数: 1, 中位数: 3 })

    const zhengzhou = await page('from=2026-03&to=2026-04&city=4101')
    expect(zhengzhou.overall).toMatchObject({ awards: 2, amountFen: 6_000_000, outsideAwards: 2 })
    expect(row(zhengzhou.tables, 'monthly', '2026-03')).toMatchObject({ 发布项目数: 2 })
    expect(zhengzhou.tables.find((t) => t.key === 'regions')!.rows.map((r) => r[0])).toEqual([
      '郑州市',
    ])

    const outside = await page('from=2026-03&to=2026-04&city=outside')
    expect(outside.overall.awards).toBe(0)
    expect(outside.overall.savingsWeighted).toBeNull()

    const before = await page('from=2025-01&to=2026-02')
    expect(before.overall.awards).toBe(0)
    expect(before.tables.find((t) => t.key === 'monthly')!.rows).toHaveLength(14)
  })

  it('reports bad filters and falls back to the default period', async () => {
    const data = await page('from=2026-13&to=2026-04&city=9999')
    expect(data.problems).toHaveLength(2)
    expect(data.filter).toEqual({ from: '2025-05', to: '2026-04', city: null })
    const reversed = await page('from=2026-04&to=2026-03')
    expect(reversed.problems).toEqual(['起始月份晚于截止月份，已按默认期间统计'])
  })
})

describe('/stats.csv', () => {
  it('downloads a table as UTF-8 CSV with a BOM, the header row and the same numbers', async () => {
    const response = await csvLoader(args('/stats.csv?table=monthly&from=2026-03&to=2026-04'))
    expect(response.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
    expect(response.headers.get('Content-Disposition')).toMatch(
      /^attachment; filename="stats-monthly-2026-03_2026-04\.csv"; filename\*=UTF-8''%E4%B8%AD/,
    )
    const bytes = new Uint8Array(await response.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1)
    const lines = text.split('\r\n')
    expect(lines.at(-1)).toBe('')
    const [header, march, april, total] = lines.map((l) => l.split(','))
    expect(header).toEqual([
      '月份',
      '发布项目数',
      '成交项目数',
      '成交金额（元）',
      '预算上限合计（元）',
      '节约金额（元）',
      '节约率（加权）（%）',
      '节约率（平均）（%）',
      '外地中选项目数',
      '外地中选占比（项目）（%）',
      '外地中选占比（金额）（%）',
    ])
    expect(march).toEqual([
      '2026-03',
      '4',
      '2',
      '70000.00',
      '90000.00',
      '20000.00',
      '22.22',
      '22.5',
      '1',
      '50',
      '57.14',
    ])
    expect(april).toEqual([
      '2026-04',
      '1',
      '2',
      '30000.00',
      '45000.00',
      '15000.00',
      '33.33',
      '35',
      '2',
      '100',
      '100',
    ])
    expect(total!.slice(0, 4)).toEqual(['合计', '5', '4', '100000.00'])
  })

  it('keeps the city filter and refuses an unknown table or a bad period', async () => {
    const response = await csvLoader(
      args('/stats.csv?table=regions&from=2026-03&to=2026-04&city=4109'),
    )
    const lines = (await response.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
    expect(lines.map((l) => l.split(',').slice(0, 3))).toEqual([
      ['城市', '成交项目数', '成交金额（元）'],
      ['濮阳市', '2', '40000.00'],
      ['合计', '2', '40000.00'],
    ])
    const missing = await csvLoader(args('/stats.csv?table=secrets')).catch((e: unknown) => e)
    expect((missing as Response).status).toBe(404)
    const bad = await csvLoader(args('/stats.csv?table=monthly&from=2026-3')).catch(
      (e: unknown) => e,
    )
    expect((bad as Response).status).toBe(400)
    // Refused, not 'counted over the default period' as the page says when it falls back.
    const reversed = await csvLoader(
      args('/stats.csv?table=monthly&from=2026-11&to=2026-01'),
    ).catch((e: unknown) => e)
    expect(await (reversed as Response).text()).toBe(
      '起始月份晚于截止月份\n未生成下载文件，请修改条件后重新下载。',
    )
  })
})
