import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDatabase } from '#models/db/client.ts'
import { answerRecordPackage, OCDS_HEADERS } from '#models/ocds-api.ts'

/** GET /api/v1/ocds/records/:ocid — an OCDS 1.1 record package (docs/ocds.md). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const url = new URL(request.url)
  const answer = await answerRecordPackage(await getDatabase(), url, params.id ?? '')
  return Response.json(answer.body, { status: answer.status, headers: OCDS_HEADERS })
}
