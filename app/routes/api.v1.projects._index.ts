import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDatabase } from '#models/db/client.ts'
import { answerProjectList } from '../project-api.server.ts'

/** GET /api/v1/projects?status=&item=&method=&region=&page= — announcements (docs/api.md). */
export async function loader({ request }: LoaderFunctionArgs) {
  return answerProjectList(await getDatabase(), request)
}
