import { describe, expect, it } from 'vitest'
import { buildSignUp } from '../../seed/factories.ts'
import { baseUrl, e2eEnabled } from './browser.ts'

/** A browser-like client: keeps cookies and reads the form's CSRF token. */
async function formSession(path: string) {
  const page = await fetch(`${baseUrl}${path}`)
  const cookie = page.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
  const token = /name="csrf" value="([^"]+)"/.exec(await page.text())?.[1]
  return { cookie, token: token! }
}

function post(path: string, cookie: string, fields: Record<string, string>, headers = {}) {
  return fetch(`${baseUrl}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields),
  })
}

describe.skipIf(!e2eEnabled)('HTTP protections', () => {
  it('sends the security headers on pages, errors and assets', async () => {
    for (const path of ['/', '/signin', '/no-such-page', '/favicon.svg']) {
      const response = await fetch(`${baseUrl}${path}`)
      const csp = response.headers.get('content-security-policy') ?? ''
      expect(csp, path).toContain("frame-ancestors 'none'")
      expect(csp, path).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/)
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff')
      expect(response.headers.get('referrer-policy'), path).toBe('strict-origin-when-cross-origin')
      expect(response.headers.get('x-frame-options'), path).toBe('DENY')
      expect(response.headers.get('x-powered-by'), path).toBeNull()
    }
  })

  it('sends a browser asking for /favicon.ico (on a feed or a PDF) to the icon', async () => {
    const response = await fetch(`${baseUrl}/favicon.ico`)
    expect(response.status).toBe(200)
    expect(response.url).toBe(`${baseUrl}/favicon.svg`)
    expect(response.headers.get('content-type')).toMatch(/^image\/svg\+xml/)
  })

  it('refuses a form posted without the CSRF token, or with another one', async () => {
    const { cookie, token } = await formSession('/signin')
    const fields = { login: '13800000000', password: 'whatever1' }
    expect((await post('/signin', cookie, fields)).status).toBe(403)
    expect((await post('/signin', cookie, { ...fields, csrf: `${token.slice(1)}x` })).status).toBe(
      403,
    )
    expect((await post('/signin', '', { ...fields, csrf: token })).status).toBe(403)
    // The same form with its token is processed (and fails only on the password).
    expect((await post('/signin', cookie, { ...fields, csrf: token })).status).toBe(400)
  })

  it('refuses a cross-site POST by its Origin header', async () => {
    const { cookie, token } = await formSession('/signin')
    const response = await post(
      '/signin',
      cookie,
      { login: '13800000000', password: 'whatever1', csrf: token },
      { origin: 'https://evil.example' },
    )
    expect(response.status).toBe(403)
  })

  it('throttles repeated wrong passwords for one account', async () => {
    const { cookie, token } = await formSession('/signup')
    const agency = buildSignUp()
    const signedUp = await post('/signup', cookie, { ...agency, csrf: token })
    expect(signedUp.status).toBe(302)
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) {
      const attempt = await post('/signin', cookie, {
        login: agency.phone,
        password: `Wrong-${i}-password`,
        csrf: token,
      })
      statuses.push(attempt.status)
    }
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429])
    // Even the right password waits until the block ends.
    const right = await post('/signin', cookie, {
      login: agency.phone,
      password: agency.password,
      csrf: token,
    })
    expect(right.status).toBe(429)
    expect(await right.text()).toContain('尝试次数过多')
  })

  it('sets the session cookie httpOnly and SameSite=Lax, with a new id at each sign-in', async () => {
    const { cookie, token } = await formSession('/signup')
    const agency = buildSignUp()
    const signedUp = await post('/signup', cookie, { ...agency, csrf: token })
    const first = signedUp.headers.getSetCookie().find((c) => c.startsWith('zjcs_session='))!
    expect(first).toMatch(/HttpOnly/i)
    expect(first).toMatch(/SameSite=Lax/i)
    expect(first).toMatch(/Max-Age=604800/)
    const again = await post('/signin', `${cookie}; ${first.split(';')[0]}`, {
      login: agency.phone,
      password: agency.password,
      csrf: token,
    })
    const second = again.headers.getSetCookie().find((c) => c.startsWith('zjcs_session='))!
    expect(second.split(';')[0]).not.toBe(first.split(';')[0])
  })

  it('ends the session at sign-out: a copy of the old cookie no longer signs anyone in', async () => {
    const { cookie, token } = await formSession('/signup')
    const agency = buildSignUp()
    const signedUp = await post('/signup', cookie, { ...agency, csrf: token })
    const session = signedUp.headers
      .getSetCookie()
      .find((c) => c.startsWith('zjcs_session='))!
      .split(';')[0]!
    const kept = `${cookie}; ${session}`
    const account = (c: string) =>
      fetch(`${baseUrl}/account`, { redirect: 'manual', headers: { cookie: c } })
    const before = await account(kept)
    expect(before.status).toBe(200)
    expect(await before.text()).toContain(agency.organisationName)

    const out = await post('/signout', kept, { csrf: token })
    expect(out.status).toBe(302)
    const cleared = out.headers.getSetCookie().find((c) => c.startsWith('zjcs_session='))
    expect(cleared).toMatch(/Max-Age=0/i)

    // Replayed as a stolen cookie would be, or by a browser that ignored the clearing.
    const after = await account(kept)
    expect(after.status).toBe(302)
    expect(after.headers.get('location')).toMatch(/^\/signin/)
    const home = await (await fetch(`${baseUrl}/`, { headers: { cookie: kept } })).text()
    expect(home).toContain('免费入驻')
    expect(home).not.toContain(agency.organisationName)
  })

  it('sends Chinese pages as clean UTF-8, without NUL bytes between streamed chunks', async () => {
    for (const path of ['/items', '/agencies', '/signup']) {
      const bytes = new Uint8Array(await (await fetch(`${baseUrl}${path}`)).arrayBuffer())
      expect(bytes.length, path).toBeGreaterThan(4096)
      expect(bytes.includes(0), path).toBe(false)
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes), path).not.toThrow()
    }
  })

  it('shows Chinese error pages that leak no internals', async () => {
    const notFound = await fetch(`${baseUrl}/no-such-page`)
    expect(notFound.status).toBe(404)
    expect(await notFound.text()).toContain('页面不存在')
    const { cookie } = await formSession('/signin')
    const broken = await fetch(`${baseUrl}/signin`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'multipart/form-data; boundary=x' },
      body: 'not a multipart body',
    })
    expect(broken.status).toBe(400)
    const body = await broken.text()
    expect(body).not.toMatch(/at .+\.(ts|js):\d+|node_modules|Error:/)
  })
})
