import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDatabase } from '#models/db/client.ts'
import { answerAnnouncementsFeed } from '../feeds.server.ts'

/** GET /feeds/announcements.atom?item=&region= — the newest 50 announcements (docs/api.md). */
export async function loader({ request }: LoaderFunctionArgs) {
  return answerAnnouncementsFeed(await getDatabase(), request)
}
