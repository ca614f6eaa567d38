import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDatabase } from '#models/db/client.ts'
import { answerReleasePackage, OCDS_HEADERS } from '#models/ocds-api.ts'

/** GET /api/v1/ocds/releases?from=&to=&page= — an OCDS 1.1 release package (docs/ocds.md). */
export async function loader({ request }: LoaderFunctionArgs) {
  const answer = await answerReleasePackage(await getDatabase(), new URL(request.url))
  return Response.json(answer.body, { status: answer.status, headers: OCDS_HEADERS })
}
