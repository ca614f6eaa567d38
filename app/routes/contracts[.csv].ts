import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDatabase } from '#models/db/client.ts'
import { exportContractsCsv } from '../csv-export-contracts.server.ts'

/** GET /contracts.csv?item=&city=&q=&status=&from=&to= — contracts' key terms as CSV. */
export async function loader({ request }: LoaderFunctionArgs) {
  return exportContractsCsv(await getDatabase(), request)
}
