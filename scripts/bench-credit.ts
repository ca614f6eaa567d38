/**
 * Times `credit:recompute` over a large registry: tops the database's credit records up to
 * about ten per agency (synthetic, marked source 'bench'), then rebuilds every score twice —
 * the first run rewrites what the new records changed, the second finds nothing to change.
 *
 *   DATABASE_URL=postgres://…/zjcs_bench100k npm run bench:credit [-- --per-agency 10]
 *
 * Seed the registry first (npm run seed -- --agencies 100000). The last line is JSON.
 */
import { parseArgs } from 'node:util'
import { sql } from 'drizzle-orm'
import { platformNow } from '../models/clock.ts'
import { recomputeAllScores } from '../models/credit-recompute.ts'
import { openCommandDatabase } from './command-database.ts'

const { values } = parseArgs({ options: { 'per-agency': { type: 'string', default: '10' } } })
const perAgency = Number(values['per-agency'])
if (!process.env.DATABASE_URL)
  throw new Error('bench:credit runs on a PostgreSQL server: set DATABASE_URL')

const handle = await openCommandDatabase()
try {
  await handle.migrate()
  const db = handle.db
  const filled = performance.now()
  // Rules, points and dates spread like a live market: mostly good records, some deductions.
  await db.execute(sql`
    insert into credit_records (agency_id, rule, points, source_type, source_id, summary, status,
                                occurred_at, effective_at, expires_at)
    select o.id, r.rule, r.points, 'bench', o.id::text || '-' || g, '基准测试记录', 'final', t.at, t.at,
           t.at + interval '24 months'
    from organisations o
    cross join generate_series(1, ${perAgency}) g
    cross join lateral (select abs(hashtext(o.id::text || g::text)) as h) hh
    cross join lateral (
      select (array['evaluation','completed_on_time','completed_on_time','evaluation','overdue_delivery',
                    'refused_to_sign','objection_upheld','complaint_substantiated'])[1 + hh.h % 8] as rule) r0
    cross join lateral (
      select r0.rule,
             case r0.rule when 'evaluation' then (hh.h % 5) - 2 when 'completed_on_time' then 1
                          when 'overdue_delivery' then -3 when 'refused_to_sign' then -5
                          when 'objection_upheld' then -3 else -5 end as points) r
    cross join lateral (select now() - ((hh.h % 700) || ' days')::interval as at) t
    where o.kind = 'agency'
    on conflict do nothing`)
  const fillSeconds = (performance.now() - filled) / 1000
  const [counts] = await db
    .select({
      agencies: sql<number>`(select count(*)::int from organisations where kind = 'agency')`,
      records: sql<number>`(select count(*)::int from credit_records)`,
    })
    .from(sql`(select 1) as one`)
  console.log(
    `${counts!.agencies} 家机构，${counts!.records} 条信用记录（补充用时 ${fillSeconds.toFixed(1)} 秒）`,
  )
  const runs = []
  for (const label of ['first', 'second']) {
    const started = performance.now()
    const report = await recomputeAllScores(db, await platformNow(db))
    const seconds = (performance.now() - started) / 1000
    console.log(
      `${label} run: ${report.changed} changed (${report.gradesChanged} grades), ${seconds.toFixed(1)} s`,
    )
    runs.push({ label, ...report, seconds: Number(seconds.toFixed(2)) })
  }
  console.log(JSON.stringify({ agencies: counts!.agencies, records: counts!.records, runs }))
} finally {
  await handle.close()
}
