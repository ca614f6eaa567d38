/**
 * Rebuilds every agency's credit score and grade from its credit records.
 *
 *   npm run credit:recompute
 *
 * Prints what changed and how long it took; the last line is JSON.
 */
import { SingleBar } from 'cli-progress'
import { platformNow } from '../models/clock.ts'
import { recomputeAllScores } from '../models/credit-recompute.ts'
import { openCommandDatabase } from './command-database.ts'

const handle = await openCommandDatabase()
try {
  await handle.migrate()
  const bar = new SingleBar({ format: '重算信用分 [{bar}] {value}/{total} 家机构 · {duration}s' })
  const started = performance.now()
  let begun = false
  const report = await recomputeAllScores(handle.db, await platformNow(handle.db), {
    onProgress: (done, total) => {
      if (!begun) bar.start(total, 0)
      begun = true
      bar.update(done)
    },
  })
  if (begun) bar.stop()
  const seconds = (performance.now() - started) / 1000
  console.log(
    `${report.agencies} 家机构、${report.records} 条信用记录，${report.changed} 家分数变化（其中 ${report.gradesChanged} 家等级变化），用时 ${seconds.toFixed(1)} 秒`,
  )
  console.log(JSON.stringify({ ...report, seconds: Number(seconds.toFixed(2)) }))
} finally {
  await handle.close()
}
