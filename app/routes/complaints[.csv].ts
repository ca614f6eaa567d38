import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDatabase } from '#models/db/client.ts'
import { exportComplaintsCsv } from '../csv-export-records.server.ts'

/** GET /complaints.csv?outcome= — answered complaints as CSV (never who complained). */
export async function loader({ request }: LoaderFunctionArgs) {
  return exportComplaintsCsv(await getDatabase(), request)
}
