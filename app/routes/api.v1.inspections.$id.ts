import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDatabase } from '#models/db/client.ts'
import { NotFoundError } from '#models/errors.ts'
import { getPublicPlanRecord } from '#models/inspections-queries.ts'

// Public data without cookies, like the projects API: any site may read it.
const headers = { 'Cache-Control': 'public, max-age=30', 'Access-Control-Allow-Origin': '*' }

/**
 * GET /api/v1/inspections/:id — a 双随机 plan's public record: the commitment, and once drawn
 * the whole draw record and each task's result (docs/inspections.md). Inspectors by id only.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  try {
    return Response.json(await getPublicPlanRecord(await getDatabase(), params.id ?? ''), {
      headers,
    })
  } catch (error) {
    if (error instanceof NotFoundError)
      return Response.json({ error: '抽查计划不存在' }, { status: 404, headers })
    throw error
  }
}
