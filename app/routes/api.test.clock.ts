import type { ActionFunctionArgs } from '@remix-run/node'
import { moveClockTo, platformNow } from '#models/clock.ts'
import { getDatabase } from '#models/db/client.ts'
import { runProcedureClock } from '#models/project-scheduler.ts'

/**
 * For end-to-end tests only: moves the platform clock and runs the procedure clock at once.
 * It exists only when the server was started with ZJCS_MOVABLE_CLOCK=1; otherwise 404.
 */
export async function action({ request }: ActionFunctionArgs) {
  if (process.env.ZJCS_MOVABLE_CLOCK !== '1') throw new Response('Not Found', { status: 404 })
  const body = (await request.json().catch(() => ({}))) as { to?: string }
  const db = await getDatabase()
  if (body.to) await moveClockTo(db, new Date(body.to))
  const report = await runProcedureClock(db)
  return Response.json({ now: (await platformNow(db)).toISOString(), report })
}

export function loader() {
  throw new Response('Not Found', { status: 404 })
}
