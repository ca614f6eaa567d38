/**
 * Relevance of the search on the seeded demo: precision@10, success@10 and MRR per query
 * kind and overall. Opens the configured database (DATABASE_URL, else PGlite under data/),
 * seeding the demo (seed 1) first when it is empty. The last line is one JSON object.
 *
 *   npm run search:eval -- --queries tests/search/queries.json
 */
import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { openCommandDatabase } from './command-database.ts'
import { seedEmptyDatabase } from '../seed/run.ts'
import { evaluate, type JudgedQuery } from '../search/evaluate.ts'
import { reindexMissing } from '../search/indexing.ts'

const { values } = parseArgs({ options: { queries: { type: 'string' } } })
if (!values.queries) {
  console.error('用法：npm run search:eval -- --queries FILE')
  process.exit(2)
}
const file = JSON.parse(await readFile(values.queries, 'utf8')) as { queries: JudgedQuery[] }
const handle = await openCommandDatabase()
try {
  await handle.migrate()
  // Relevance is about offerings: the demo projects would only slow the seed down.
  await seedEmptyDatabase(handle, {
    seed: 1,
    projects: false,
    onStart: () => console.error('数据库为空，先生成演示数据（seed 1）…'),
    onDiscard: () => console.error('上次生成演示数据没有完成：清空数据库，重新生成。'),
  })
  await reindexMissing(handle.db)
  const result = await evaluate(handle.db, file.queries)
  const pad = (text: string) => text.padEnd(12)
  console.log(`${pad('kind')}queries  P@10   S@10   MRR`)
  for (const [kind, s] of [...Object.entries(result.byKind), ['overall', result.overall] as const])
    console.log(
      `${pad(kind)}${String(s.queries).padStart(7)}  ${s.precisionAt10.toFixed(3)}  ${s.successAt10.toFixed(3)}  ${s.mrr.toFixed(3)}`,
    )
  for (const miss of result.misses)
    console.log(`  较弱：${miss.q}（${miss.kind}）P@10=${miss.precision.toFixed(2)}`)
  console.log(JSON.stringify({ overall: result.overall, byKind: result.byKind }))
} finally {
  await handle.close()
}
