import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDatabase } from '#models/db/client.ts'
import { exportEvaluationsCsv } from '../csv-export-contracts.server.ts'
import { throwModelError } from '../route-errors.server.ts'

/** GET /agencies/:id/evaluations.csv — one agency's service evaluations; 404 for no such agency. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return exportEvaluationsCsv(await getDatabase(), request, params.id ?? '').catch(throwModelError)
}
