import type { Express, NextFunction, Request, Response } from 'express'
import { randomToken } from './random-tokens.ts'

const replaceable = new Set(['content-security-policy', 'x-content-type-options'])

/**
 * Remix appends a response's own headers to those set below. For these, the response's own
 * value (an upload's sandbox CSP, its nosniff) replaces the default instead of being sent
 * beside it. Set once on the app's response prototype, not per request.
 */
export function ownHeadersReplaceDefaults(app: Express) {
  const append = app.response.append
  app.response.append = function (this: Response, field: string, value?: string | string[]) {
    return value !== undefined && replaceable.has(field.toLowerCase())
      ? this.setHeader(field, value)
      : append.call(this, field, value)
  }
}

/** Headers on every response; a fresh CSP nonce per request for Remix's inline scripts. */
export function securityHeaders({ development }: { development: boolean }) {
  return (req: Request, res: Response, next: NextFunction) => {
    const nonce = randomToken(16, 'base64')
    res.locals.cspNonce = nonce
    const scriptSrc = development ? `'self' 'unsafe-inline'` : `'self' 'nonce-${nonce}'`
    const connectSrc = development ? `'self' ws://127.0.0.1:* ws://localhost:*` : `'self'`
    res.setHeader(
      'Content-Security-Policy',
      [
        `default-src 'self'`,
        `script-src ${scriptSrc}`,
        `style-src 'self' 'unsafe-inline'`,
        `img-src 'self' data:`,
        `font-src 'self'`,
        `connect-src ${connectSrc}`,
        `object-src 'none'`,
        `base-uri 'self'`,
        // A form's 303 to Stripe Checkout is checked against form-action too (Chromium).
        `form-action 'self' https://checkout.stripe.com`,
        `frame-ancestors 'none'`,
      ].join('; '),
    )
    res.setHeader('X-Frame-Options', 'DENY')
    res.setHeader('X-Content-Type-Options', 'nosniff')
    res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin')
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
    res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()')
    if (req.secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000')
    next()
  }
}
