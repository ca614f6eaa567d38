import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDatabase } from '#models/db/client.ts'
import { exportInspectionsCsv } from '../csv-export-records.server.ts'

/** GET /inspections.csv — every 双随机 plan and its results as CSV. */
export async function loader({ request }: LoaderFunctionArgs) {
  return exportInspectionsCsv(await getDatabase(), request)
}
