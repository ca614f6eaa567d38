/**
 * Search latency on the configured database: a fixed, deterministic mix of 1,000 queries
 * (keyword; keyword + 2 filters; filters only; keyword with facet counts) run one after
 * another after a warm-up. Prints p50/p95/p99 per kind and overall and queries per second;
 * the last line is one JSON object.
 *
 *   DATABASE_URL=postgres://… npm run seed -- --agencies 100000   # once
 *   DATABASE_URL=postgres://… npm run bench:search
 */
import { performance } from 'node:perf_hooks'
import { openCommandDatabase } from './command-database.ts'
import { henanCities } from '../models/regions.ts'
import { demoSeedState, isDatabaseEmpty } from '../seed/run.ts'
import { feeBuckets, type SearchParams } from '../search/filters.ts'
import { reindexMissing } from '../search/indexing.ts'
import { search } from '../search/query.ts'

const keywords = [
  '环评',
  '水保',
  '测绘',
  '造价',
  '稳评',
  '图审',
  '安评',
  '地灾评估',
  '防雷检测',
  '工程监理',
  '环境影响评估',
  'stbc',
  'huanping',
  '環境影響評價',
  '濮阳 测绘',
  '郑州 环评',
  '招标代理',
  '环境科技',
  '工程咨询',
  '资产评估',
  '不动产测绘',
  '节能报告',
  '可研',
  '法律顾问',
]
const itemCodes = Array.from({ length: 48 }, (_, i) => `SI-${String(i + 1).padStart(3, '0')}`)

// A small linear congruential generator: the same mix on every run.
let state = 20261126
const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!

type Kind = 'keyword' | 'keyword+filters' | 'filters' | 'facets'
const kinds: Kind[] = ['keyword', 'keyword+filters', 'filters', 'facets']

function queryOf(kind: Kind): SearchParams {
  const base: SearchParams = { q: '', type: 'offering', page: 1 + Math.floor(next() * 3) }
  switch (kind) {
    case 'keyword':
      return { ...base, q: pick(keywords) }
    case 'keyword+filters':
      return {
        ...base,
        q: pick(keywords),
        region: pick(henanCities).code,
        fee: pick(feeBuckets).key,
      }
    case 'filters':
      return { ...base, item: pick(itemCodes), region: pick(henanCities).code, facets: true }
    case 'facets':
      return { ...base, q: pick(keywords), facets: true }
  }
}

const mix = Array.from({ length: 1000 }, (_, i) => ({
  kind: kinds[i % 4]!,
  params: queryOf(kinds[i % 4]!),
}))

const percentile = (sorted: number[], p: number) =>
  Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 10) / 10
const summary = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b)
  return {
    n: times.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
  }
}

const handle = await openCommandDatabase()
try {
  await handle.migrate()
  if ((await isDatabaseEmpty(handle.db)) || (await demoSeedState(handle.db)) === 'unfinished') {
    console.error('数据库为空或演示数据未生成完：请先运行 npm run seed -- --agencies 100000')
    process.exitCode = 1
  } else {
    await reindexMissing(handle.db)
    for (const { params } of mix.slice(0, 100)) await search(handle.db, params) // warm-up
    const times: Record<Kind, number[]> = {
      keyword: [],
      'keyword+filters': [],
      filters: [],
      facets: [],
    }
    const started = performance.now()
    for (const { kind, params } of mix) {
      const t0 = performance.now()
      await search(handle.db, params)
      times[kind].push(performance.now() - t0)
    }
    const seconds = (performance.now() - started) / 1000
    const byKind = Object.fromEntries(kinds.map((k) => [k, summary(times[k])]))
    const overall = { ...summary(Object.values(times).flat()), qps: Math.round(1000 / seconds) }
    for (const [kind, s] of Object.entries(byKind))
      console.log(`${kind.padEnd(16)} p50 ${s.p50} ms  p95 ${s.p95} ms  p99 ${s.p99} ms`)
    console.log(
      `${'overall'.padEnd(16)} p50 ${overall.p50} ms  p95 ${overall.p95} ms  p99 ${overall.p99} ms  ${overall.qps} 次/秒`,
    )
    console.log(JSON.stringify({ database: handle.kind, overall, byKind }))
  }
} finally {
  await handle.close()
}
