import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDatabase } from '#models/db/client.ts'
import { exportAgenciesCsv } from '../csv-export.server.ts'

/** GET /agencies.csv?item=&category=&city=&verified=&q=&sort= — the directory as CSV. */
export async function loader({ request }: LoaderFunctionArgs) {
  return exportAgenciesCsv(await getDatabase(), request)
}
