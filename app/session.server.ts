import { createCookie, redirect } from '@remix-run/node'
import { getDatabase } from '#models/db/client.ts'
import type { Actor, Ctx } from '#models/context.ts'
import { findSessionActor, SESSION_DAYS } from '#models/sessions.ts'

/**
 * Secure in production, except for plain http on this machine's loopback
 * address (the quick start), where browsers would otherwise drop the cookie.
 */
export function wantsSecureCookies(request: Request) {
  if (process.env.NODE_ENV !== 'production') return false
  const url = new URL(request.url)
  return url.protocol === 'https:' || !isLoopback(url.hostname)
}

export const isLoopback = (hostname: string) =>
  hostname === 'localhost' || hostname === '[::1]' || hostname.startsWith('127.')

// Holds only the random session id; everything else stays on the server.
const sessionCookie = createCookie('zjcs_session', {
  httpOnly: true,
  sameSite: 'lax',
  path: '/',
  maxAge: SESSION_DAYS * 86_400,
})

export async function readSessionId(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie.parse(request.headers.get('cookie'))
  return typeof value === 'string' && value.length > 0 ? value : null
}

export const commitSessionCookie = (request: Request, sessionId: string) =>
  sessionCookie.serialize(sessionId, { secure: wantsSecureCookies(request) })

export const clearSessionCookie = (request: Request) =>
  sessionCookie.serialize('', { maxAge: 0, secure: wantsSecureCookies(request) })

const actors = new WeakMap<Request, Promise<Actor | null>>()

/** The signed-in actor, looked up once per request however many loaders ask. */
export function getActor(request: Request): Promise<Actor | null> {
  let actor = actors.get(request)
  if (!actor) {
    actor = readSessionId(request).then(async (id) =>
      id ? findSessionActor(await getDatabase(), id) : null,
    )
    actors.set(request, actor)
  }
  return actor
}

export async function getCtx(request: Request): Promise<Ctx> {
  return { db: await getDatabase(), actor: await getActor(request) }
}

export const CHANGE_PASSWORD_PATH = '/account/password'

/**
 * Like getCtx, but sends an anonymous visitor to sign in and back, and someone signed in on a
 * password an administrator set to change it first: that password is known to another person.
 */
export async function requireSignedInCtx(request: Request): Promise<Ctx & { actor: Actor }> {
  const ctx = await getCtx(request)
  if (!ctx.actor) throw redirect(signInUrl(request))
  if (ctx.actor.mustChangePassword && new URL(request.url).pathname !== CHANGE_PASSWORD_PATH)
    throw redirect(CHANGE_PASSWORD_PATH)
  return ctx as Ctx & { actor: Actor }
}

export function signInUrl(request: Request) {
  const url = new URL(request.url)
  return `/signin?${new URLSearchParams({ redirectTo: url.pathname + url.search })}`
}

/** Only same-site paths, so a crafted link cannot send users elsewhere after sign-in. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = '/') {
  if (typeof to !== 'string' || !to.startsWith('/') || to.startsWith('//') || to.includes('\\'))
    return fallback
  return to
}
