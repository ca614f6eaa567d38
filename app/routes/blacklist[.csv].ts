import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDatabase } from '#models/db/client.ts'
import { exportBlacklistCsv } from '../csv-export.server.ts'

/** GET /blacklist.csv?tab=current|ended|exits&q= — one tab of the 失信名单 as CSV. */
export async function loader({ request }: LoaderFunctionArgs) {
  return exportBlacklistCsv(await getDatabase(), request)
}
