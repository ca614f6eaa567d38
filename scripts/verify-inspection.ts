/**
 * Recomputes a 双随机 inspection draw from its public record with an independent
 * implementation (scripts/verify-inspection-core.ts; the steps: docs/inspections.md).
 *
 *   npm run verify-inspection -- <planId> [--url http://127.0.0.1:3000]   the public API
 *   npm run verify-inspection -- <planId> --db                            this machine's database
 *
 * Exit 0: the draw checks out; 1: it does not, or there is no draw yet; 2: could not read.
 */
import { runVerifier } from './verify-cli.ts'
import { reportInspection } from './verify-inspection-core.ts'

await runVerifier({
  usage: '用法：npm run verify-inspection -- <抽查计划编号> [--url http://127.0.0.1:3000 | --db]',
  apiPath: '/api/v1/inspections/',
  readFromDatabase: async (db, planId) => {
    const { getPublicPlanRecord } = await import('../models/inspections-queries.ts')
    return getPublicPlanRecord(db, planId)
  },
  check: reportInspection,
  readError: '抽查数据',
})
