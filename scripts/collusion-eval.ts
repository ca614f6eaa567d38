/**
 * How well the collusion screens work, on synthetic markets (seed/collusion-market.ts): for
 * each pattern, how many planted rings (or buyers) were flagged; and on a market with no
 * collusion at all, the share of agencies and buyers flagged anyway (goal: ≤ 2 % of agencies).
 * Needs no database. The last line is one JSON object.
 *
 *   npm run collusion:eval
 *   npm run collusion:eval -- --seeds 10 --agencies 600 --tenders 3000 --buyers 160 --rings 3
 */
import { parseArgs } from 'node:util'
import { collusionKindNames } from '../models/rules/collusion/kinds.ts'
import { collusionKinds } from '../models/rules/collusion/types.ts'
import {
  DEFAULT_SIZE,
  evaluateScreens,
  type EvaluationReport,
} from '../seed/collusion-evaluation.ts'

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    seeds: { type: 'string', default: '5' },
    agencies: { type: 'string', default: String(DEFAULT_SIZE.agencies) },
    tenders: { type: 'string', default: String(DEFAULT_SIZE.tenders) },
    buyers: { type: 'string', default: String(DEFAULT_SIZE.buyers) },
    rings: { type: 'string', default: '3' },
  },
})
const size = {
  agencies: Number(values.agencies),
  tenders: Number(values.tenders),
  buyers: Number(values.buyers),
}
const first = Number(values.seed)
const seeds = Array.from({ length: Math.max(1, Number(values.seeds)) }, (_, i) => first + i)
const started = Date.now()
const reports: EvaluationReport[] = []
for (const seed of seeds) {
  process.stderr.write(`市场 ${seed}（${size.agencies} 家机构、${size.tenders} 个项目）…\n`)
  reports.push(evaluateScreens(seed, size, Number(values.rings)))
}

const sum = (f: (r: EvaluationReport) => number) => reports.reduce((s, r) => s + f(r), 0)
const patterns = Object.fromEntries(
  collusionKinds.map((kind) => {
    const planted = sum((r) => r.patterns[kind].planted)
    const recalled = sum((r) => r.patterns[kind].recalled)
    return [kind, { planted, recalled, recall: planted ? recalled / planted : null }]
  }),
)
const cleanShares = reports.map((r) => r.cleanMarket.agencyShare)
const buyerShares = reports.map((r) => r.cleanMarket.buyerShare)
const clean = {
  agencyShareMean: cleanShares.reduce((a, b) => a + b, 0) / reports.length,
  agencyShareMax: Math.max(...cleanShares),
  buyerShareMean: buyerShares.reduce((a, b) => a + b, 0) / reports.length,
  buyerShareMax: Math.max(...buyerShares),
  flagsByKind: Object.fromEntries(
    collusionKinds
      .map((kind) => [kind, sum((r) => r.cleanMarket.flagsByKind[kind] ?? 0)] as const)
      .filter(([, n]) => n > 0),
  ),
}
const innocent = {
  flagged: sum((r) => r.plantedMarket.innocentFlagged),
  of: sum((r) => r.plantedMarket.innocentAgencies),
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`
console.log(`种子 ${seeds.join(', ')}；每种模式每个市场植入 ${values.rings} 例\n`)
for (const kind of collusionKinds) {
  const p = patterns[kind]!
  console.log(
    `${collusionKindNames[kind]}：植入 ${p.planted}，识别 ${p.recalled}，召回率 ${p.recall == null ? '—' : pct(p.recall)}`,
  )
}
for (const r of reports)
  for (const m of r.missed)
    console.log(`  未识别：种子 ${r.seed} ${collusionKindNames[m.kind]}（${m.note}）`)
console.log(
  `\n无串通的市场：被提示的机构平均 ${pct(clean.agencyShareMean)}、最多 ${pct(clean.agencyShareMax)}（目标 ≤ 2%）；采购人平均 ${pct(clean.buyerShareMean)}、最多 ${pct(clean.buyerShareMax)}`,
)
console.log(`植入市场中未参与串通却被提示的机构：${innocent.flagged} / ${innocent.of}`)
console.log(`用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒`)
console.log(JSON.stringify({ seeds, size, rings: Number(values.rings), patterns, clean, innocent }))
