import type { NextFunction, Request, Response } from 'express'
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible'

/** Requests per minute per IP when API_RATE_LIMIT_PER_MINUTE is unset. */
export const DEFAULT_PER_MINUTE = 300

/**
 * The open data that scripts fetch in loops: the JSON API, the Atom feeds and the CSV
 * exports. Read the way the router will (percent-decoded, any case, slashes collapsed), so
 * `/API/v%31//projects` cannot slip past the limit and still reach the API.
 */
export function isPublicDataPath(rawPath: string) {
  let path = rawPath
  try {
    path = decodeURIComponent(rawPath)
  } catch {
    // A malformed escape: the router will not decode it either.
  }
  path = path.toLowerCase().replace(/\/{2,}/g, '/')
  return (
    path === '/api/v1' ||
    path.startsWith('/api/v1/') ||
    path.startsWith('/feeds/') ||
    /\.csv\/?$/.test(path)
  )
}

/** API_RATE_LIMIT_PER_MINUTE: a whole number; 0 turns the limit off (e.g. behind a CDN). */
export function perMinuteFrom(value: string | undefined): number {
  if (value == null || value.trim() === '') return DEFAULT_PER_MINUTE
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`API_RATE_LIMIT_PER_MINUTE must be a whole number ≥ 0, not '${value}'`)
  return n
}

/**
 * Per client IP (req.ip: set TRUST_PROXY behind a proxy), one budget shared by the API, the
 * feeds and the exports; over it, 429 with Retry-After and a Chinese message, never cached.
 */
export function publicDataRateLimit({ perMinute }: { perMinute: number }) {
  const limiter =
    perMinute > 0
      ? new RateLimiterMemory({ keyPrefix: 'public_data', points: perMinute, duration: 60 })
      : null
  return async (req: Request, res: Response, next: NextFunction) => {
    if (!limiter || !isPublicDataPath(req.path)) return next()
    try {
      const left = await limiter.consume(req.ip ?? req.socket.remoteAddress ?? 'unknown')
      res.setHeader('X-RateLimit-Limit', String(perMinute))
      res.setHeader('X-RateLimit-Remaining', String(left.remainingPoints))
      next()
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) return next(error)
      const seconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000))
      res
        .status(429)
        .set({
          'Retry-After': String(seconds),
          'Cache-Control': 'no-store',
          'X-RateLimit-Limit': String(perMinute),
          'X-RateLimit-Remaining': '0',
        })
        .json({
          error: `请求过于频繁：每个 IP 每分钟最多 ${perMinute} 次，请 ${seconds} 秒后再试。`,
        })
    }
  }
}
