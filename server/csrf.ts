import type { NextFunction, Request, Response } from 'express'
import { randomToken } from './random-tokens.ts'

export const CSRF_COOKIE = 'zjcs_csrf'

/**
 * Double-submit token: a random value in an httpOnly cookie, repeated by every
 * form; the Remix action compares the two. Cross-origin POSTs are refused
 * outright by their Origin header.
 */
export function csrfCookie({ production }: { production: boolean }) {
  return (req: Request, res: Response, next: NextFunction) => {
    const origin = req.get('origin')
    if (req.method !== 'GET' && req.method !== 'HEAD' && origin && origin !== 'null') {
      const host = req.get('host')
      if (!host || new URL(origin).host !== host) {
        res.status(403).type('text/plain; charset=utf-8').send('跨站请求已被拒绝')
        return
      }
    }
    // The JSON API takes no forms and is cached publicly: a cookie there would be shared.
    if (req.path.startsWith('/api/')) {
      next()
      return
    }
    let token = readCookie(req.headers.cookie, CSRF_COOKIE)
    if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) {
      token = randomToken(32, 'base64url')
      // Secure in production except plain http on loopback, as for the session cookie.
      const loopback = req.hostname === 'localhost' || req.hostname.startsWith('127.')
      const secure = production && (req.secure || !loopback)
      res.cookie(CSRF_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure, path: '/' })
    }
    res.locals.csrfToken = token
    next()
  }
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const [key, ...rest] = part.trim().split('=')
    if (key === name) return decodeURIComponent(rest.join('='))
  }
  return undefined
}
