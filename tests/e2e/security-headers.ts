/**
 * What server/security-headers.ts puts on every answer. Returns the problems, so a sweep
 * over many answers can report them all at once. An upload's own CSP (nothing loads, a
 * sandbox) replaces the pages' one; a header sent twice would reach fetch joined by commas.
 */
export function securityHeaderProblems(response: Response): string[] {
  const problems: string[] = []
  const csp = response.headers.get('content-security-policy') ?? ''
  if (!/^default-src '(self|none)';/.test(csp) || csp.includes(','))
    problems.push(`CSP not one policy with default-src 'self' or 'none': "${csp}"`)
  const framesRefused =
    csp.includes("frame-ancestors 'none'") && response.headers.get('x-frame-options') === 'DENY'
  if (!framesRefused)
    problems.push("not refused as a frame (frame-ancestors 'none', X-Frame-Options)")
  const nosniff = response.headers.get('x-content-type-options') ?? ''
  if (nosniff !== 'nosniff') problems.push(`X-Content-Type-Options "${nosniff}"`)
  const referrer = response.headers.get('referrer-policy')
  if (referrer !== 'strict-origin-when-cross-origin') problems.push(`Referrer-Policy "${referrer}"`)
  if (response.headers.get('x-powered-by') != null) problems.push('X-Powered-By is sent')
  return problems
}
