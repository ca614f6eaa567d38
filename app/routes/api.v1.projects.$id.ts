import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDatabase } from '#models/db/client.ts'
import { answerProject } from '../project-api.server.ts'

/** GET /api/v1/projects/:id — one project, its bids once opened and its draw (docs/api.md). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return answerProject(await getDatabase(), request, params.id ?? '')
}
