import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDatabase } from '#models/db/client.ts'
import { exportCreditRecordsCsv } from '../csv-export-records.server.ts'
import { throwModelError } from '../route-errors.server.ts'

/** GET /agencies/:id/credit.csv — one agency's credit records as CSV; 404 for no such agency. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return exportCreditRecordsCsv(await getDatabase(), request, params.id ?? '').catch(
    throwModelError,
  )
}
