import { buildSignUp } from '../../seed/factories.ts'
import type { SignUpInput } from '../../models/validation/accounts.ts'

/** A file part for a multipart form. */
export interface FormFile {
  name: string
  type: string
  bytes: Uint8Array
}

export type FormFields = Record<string, string | FormFile | undefined>

/**
 * A browser without a browser: keeps cookies across requests, never follows redirects
 * (so the test sees where it is sent) and repeats the CSRF cookie in every form, as the
 * pages' hidden field does.
 */
export class WebClient {
  readonly cookies = new Map<string, string>()

  constructor(readonly baseUrl: string) {}

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }

  private keep(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';')
      const [name, ...value] = pair!.split('=')
      const expired = attributes.some((a) => /^\s*max-age=0$/i.test(a))
      if (expired || value.join('=') === '') this.cookies.delete(name!.trim())
      else this.cookies.set(name!.trim(), value.join('='))
    }
    return response
  }

  async get(path: string, headers: Record<string, string> = {}) {
    return this.keep(
      await fetch(`${this.baseUrl}${path}`, {
        redirect: 'manual',
        headers: { cookie: this.cookieHeader(), ...headers },
      }),
    )
  }

  /** The CSRF token forms carry: the value of the double-submit cookie, fetched once. */
  async csrfToken() {
    if (!this.cookies.has('zjcs_csrf')) await this.get('/signin')
    return decodeURIComponent(this.cookies.get('zjcs_csrf')!)
  }

  /** POSTs a form with a valid CSRF token; multipart when a field holds a file. */
  async post(path: string, fields: FormFields = {}) {
    const csrf = await this.csrfToken()
    const entries: [string, string | FormFile][] = []
    for (const [name, value] of Object.entries({ csrf, ...fields }))
      if (value !== undefined) entries.push([name, value])
    let body: FormData | URLSearchParams
    if (entries.some(([, v]) => typeof v !== 'string')) {
      body = new FormData()
      for (const [k, v] of entries)
        if (typeof v === 'string') body.append(k, v)
        else body.append(k, new Blob([new Uint8Array(v.bytes)], { type: v.type }), v.name)
    } else body = new URLSearchParams(entries as [string, string][])
    return this.keep(
      await fetch(`${this.baseUrl}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: this.cookieHeader() },
        body,
      }),
    )
  }

  async text(path: string) {
    const response = await this.get(path)
    return { status: response.status, body: await response.text() }
  }

  /** POSTs and insists on a redirect; returns where to. */
  async postExpectingRedirect(path: string, fields: FormFields = {}) {
    const response = await this.post(path, fields)
    const location = response.headers.get('location')
    if (response.status < 300 || response.status >= 400 || !location) {
      const body = await response.text()
      const errors = [...body.matchAll(/id="[^"]*-error"[^>]*>([^<]+)</g)].map((m) => m[1])
      throw new Error(
        `POST ${path} answered ${response.status}, not a redirect: ${errors.join('；') || plainText(body).slice(0, 400)}`,
      )
    }
    return location
  }
}

/** The visible words of an HTML page, for error messages. */
export function plainText(html: string) {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
}

export interface Account extends SignUpInput {
  client: WebClient
}

/** Signs an organisation up over HTTP; the client stays signed in as its first user. */
export async function signUp(
  baseUrl: string,
  kind: SignUpInput['kind'],
  overrides: Partial<SignUpInput> = {},
): Promise<Account> {
  const client = new WebClient(baseUrl)
  const input = buildSignUp({ kind, ...overrides })
  const location = await client.postExpectingRedirect('/signup', { ...input })
  if (!location.startsWith('/account')) throw new Error(`sign-up went to ${location}`)
  return { ...input, client }
}

export async function signIn(baseUrl: string, login: string, password: string) {
  const client = new WebClient(baseUrl)
  await client.postExpectingRedirect('/signin', { login, password })
  return client
}
