/**
 * Recomputes a random draw (随机抽取) from its public record with an independent
 * implementation (scripts/verify-draw-core.ts; algorithm: docs/draw-algorithm.md).
 *
 *   npm run verify-draw -- <projectId> [--url http://127.0.0.1:3000]   the public API
 *   npm run verify-draw -- <projectId> --db                            this machine's database
 *
 * Exit 0: the draw checks out; 1: it does not, or there is no draw to check; 2: could not read.
 */
import { runVerifier } from './verify-cli.ts'
import { reportDraw } from './verify-draw-report.ts'

await runVerifier({
  usage: '用法：npm run verify-draw -- <项目编号> [--url http://127.0.0.1:3000 | --db]',
  apiPath: '/api/v1/projects/',
  readFromDatabase: async (db, projectId) => {
    const { getPublicProject } = await import('../models/project-public.ts')
    return getPublicProject(db, projectId)
  },
  check: reportDraw,
  readError: '抽取数据',
})
