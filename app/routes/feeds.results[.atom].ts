import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDatabase } from '#models/db/client.ts'
import { answerResultsFeed } from '../feeds.server.ts'

/** GET /feeds/results.atom?item=&region= — the newest 50 awards, failures, cancellations. */
export async function loader({ request }: LoaderFunctionArgs) {
  return answerResultsFeed(await getDatabase(), request)
}
