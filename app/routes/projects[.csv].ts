import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDatabase } from '#models/db/client.ts'
import { exportProjectsCsv } from '../csv-export.server.ts'

/** GET /projects.csv?item=&region=&method=&status= — every matching announcement as CSV. */
export async function loader({ request }: LoaderFunctionArgs) {
  return exportProjectsCsv(await getDatabase(), request)
}
