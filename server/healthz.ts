import { sql } from 'drizzle-orm'
import type { Request, Response } from 'express'
import type { Database } from '../models/db/client.ts'
import { logger } from '../models/logger.ts'

/**
 * GET /healthz for load balancers and orchestrators: 200 when the database answers
 * `select 1` within `timeoutMs`, else 503. Never cached; no cookie, no rate limit.
 */
export function healthz(getDb: () => Promise<Database>, timeoutMs = 2000) {
  return async (_req: Request, res: Response) => {
    res.set('Cache-Control', 'no-store')
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)
    })
    try {
      await Promise.race([getDb().then((db) => db.execute(sql`select 1`)), timeout])
      res.json({ status: 'ok', database: 'ok', time: new Date().toISOString() })
    } catch (error) {
      logger.warn({ err: error }, 'health check: database unavailable')
      res
        .status(503)
        .json({ status: 'error', database: 'unavailable', time: new Date().toISOString() })
    } finally {
      clearTimeout(timer)
    }
  }
}
