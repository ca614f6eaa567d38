// Route discovery and the sweep for sealed-prices.test.ts.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { ocidFor } from '../../models/ocds.ts'
import { ITEM } from './procedure-fixture.ts'
import {
  found,
  type Needle,
  type Role,
  type SealedWorld,
  type WorldProject,
} from './sealed-prices-world.ts'

export const ROUTES_DIR = path.resolve('app/routes')
export const ORIGIN = 'http://127.0.0.1:3000'
export const context = { cspNonce: 'n', csrfToken: 't', clientIp: '127.0.0.1' }

export type Handler = (args: {
  request: Request
  params: Record<string, string>
  context: typeof context
}) => unknown
export interface Route {
  file: string
  source: string
  loader?: Handler
  action?: Handler
  /** Path segments; a parameter is `{ param }`. */
  segments: (string | { param: string })[]
}

/** Flat-routes file name → path segments: `projects.$id._index.tsx` → projects / :id. */
export function segmentsOf(file: string): Route['segments'] {
  return file
    .replace(/\.[jt]sx?$/, '')
    .split('.')
    .filter((s) => s !== '_index' && !(s.startsWith('_') && s !== '_'))
    .map((s) => s.replace(/_$/, '').replace(/^\((.*)\)$/, '$1'))
    .map((s) => (s === '$' ? { param: '*' } : s.startsWith('$') ? { param: s.slice(1) } : s))
}

/**
 * A value for each parameter. A project's id where the route is about a project; a new
 * parameter, or an `$id` under a prefix not listed here, fails the test until it is added.
 */
export function paramValue(world: SealedWorld, route: Route, param: string, projectId: string) {
  const before = route.segments
    .slice(
      0,
      route.segments.findIndex((s) => typeof s !== 'string' && s.param === param),
    )
    .join('.')
  if (param === 'code') return ITEM
  if (param === '*') return 'no/such/page'
  if (param !== 'id') throw new Error(`${route.file}: no value known for parameter $${param}`)
  const ids: Record<string, string> = {
    projects: projectId,
    'api.v1.projects': projectId,
    agencies: world.agencies['agency-1']!.organisationId!,
    'supervisor.organisations': world.agencies['agency-1']!.organisationId!,
    'my.offerings': world.offeringId,
    uploads: 'f'.repeat(64),
    // The sweep's projects have no contract yet: the pages must answer 404, never crash or leak.
    contracts: '00000000-0000-4000-8000-000000000000',
    // Nor any inspection plan.
    inspections: '00000000-0000-4000-8000-000000000000',
    'api.v1.inspections': '00000000-0000-4000-8000-000000000000',
    // The project's OCDS record: its ocid (:ocid in the URL, $id in the file name).
    'api.v1.ocds.records': ocidFor(projectId),
  }
  const value = ids[before]
  if (!value) throw new Error(`${route.file}: no value known for $id after '${before}'`)
  return value
}

export const isProjectRoute = (route: Route) =>
  route.segments.some((s, i) => typeof s !== 'string' && s.param === 'id' && i > 0) &&
  ['projects', 'api.v1.projects'].includes(
    route.segments
      .slice(
        0,
        route.segments.findIndex((s) => typeof s !== 'string'),
      )
      .join('.'),
  )

export function urlOf(world: SealedWorld, route: Route, projectId: string) {
  const params: Record<string, string> = {}
  const pathname = route.segments
    .map((s) => {
      if (typeof s === 'string') return s
      params[s.param] = paramValue(world, route, s.param, projectId)
      return params[s.param]
    })
    .join('/')
  return { path: `/${pathname}`, params }
}

/** The intents a route's forms send, read from its source. */
export function intentsOf(source: string) {
  const patterns = [
    /(?:intent|_action)'?\)?\s*===\s*'([\w-]+)'/g,
    /name="(?:intent|_action)"\s+value="([\w-]+)"/g,
    /case '([\w-]+)'/g,
  ]
  return [...new Set(patterns.flatMap((p) => [...source.matchAll(p)].map((m) => m[1]!)))]
}

/** Dates, bigints and nested promises as the wire would carry them. */
export async function settleDeep(value: unknown, depth = 0): Promise<unknown> {
  if (depth > 20) return value
  const v = await value
  if (Array.isArray(v)) return Promise.all(v.map((x) => settleDeep(x, depth + 1)))
  if (v && typeof v === 'object' && !(v instanceof Date))
    return Object.fromEntries(
      await Promise.all(
        Object.entries(v).map(async ([k, x]) => [k, await settleDeep(x, depth + 1)] as const),
      ),
    )
  return v
}

export async function textOf(value: unknown): Promise<string> {
  if (value instanceof Response) {
    const headers = JSON.stringify([...value.headers.entries()])
    return `${value.status} ${headers} ${await value.text()}`
  }
  return JSON.stringify(await settleDeep(value), (_k, v: unknown) =>
    typeof v === 'bigint' ? v.toString() : v,
  )
}

export interface Answer {
  label: string
  kind: 'returned' | 'thrown response' | 'error'
  text: string
}

export async function call(label: string, run: () => unknown): Promise<Answer> {
  try {
    return { label, kind: 'returned', text: await textOf(await run()) }
  } catch (error) {
    if (error instanceof Response)
      return { label, kind: 'thrown response', text: await textOf(error) }
    const e = error as Error
    return { label, kind: 'error', text: `${e?.name}: ${e?.message} ${JSON.stringify(e)}` }
  }
}

export function headersFor(role: Role) {
  const headers = new Headers({ origin: ORIGIN })
  if (role.cookie) headers.set('cookie', role.cookie)
  return headers
}

/** Whether a loader reads the query string: those are called again with the project's id in it. */
export const readsQuery = (route: Route) =>
  route.file.startsWith('api.') || /searchParams|request\.url/.test(route.source)

export interface SweepOptions {
  loaders?: 'plain' | 'plain and query' | 'query' | 'none'
  actions?: boolean
}

/** GETs the loaders and POSTs the actions of `routes` as one role, about one project. */
export async function sweep(
  world: SealedWorld,
  routes: Route[],
  role: Role,
  project: WorldProject,
  { loaders = 'plain and query', actions = true }: SweepOptions = {},
) {
  const answers: Answer[] = []
  const query = `?${new URLSearchParams({ q: project.id, id: project.id, project: project.id, projectId: project.id })}`
  for (const route of routes) {
    const { path: where, params } = urlOf(world, route, project.id)
    const label = (method: string, extra = '') =>
      `${method} ${where}${extra} [${route.file}] as ${role.name} (${project.label})`
    const searches = {
      plain: [''],
      'plain and query': readsQuery(route) ? ['', query] : [''],
      query: readsQuery(route) ? [query] : [],
      none: [],
    }[loaders]
    for (const search of route.loader ? searches : []) {
      const request = new Request(`${ORIGIN}${where}${search}`, { headers: headersFor(role) })
      answers.push(
        await call(label('GET', search), () => route.loader!({ request, params, context })),
      )
    }
    for (const intent of route.action && actions ? [null, ...intentsOf(route.source)] : []) {
      const form = new FormData()
      form.set('csrf', context.csrfToken)
      if (intent) {
        form.set('intent', intent)
        form.set('_action', intent)
      }
      const request = new Request(`${ORIGIN}${where}`, {
        method: 'POST',
        headers: headersFor(role),
        body: form,
      })
      answers.push(
        await call(label('POST', intent ? ` intent=${intent}` : ''), () =>
          route.action!({ request, params, context }),
        ),
      )
    }
  }
  return answers
}

export const leaksIn = (answers: Answer[], needles: Needle[]) =>
  answers.flatMap((a) => found(a.text, needles).map((n) => `${a.label}: ${n.what}`))

export const crashesIn = (answers: Answer[]) =>
  answers.filter((a) => a.kind === 'error').map((a) => `${a.label}: ${a.text.slice(0, 300)}`)

/** Every route module in app/routes, with its source (to find its intents and query use). */
export async function loadRoutes(): Promise<Route[]> {
  const files = readdirSync(ROUTES_DIR).filter((f) => /\.[jt]sx?$/.test(f))
  return Promise.all(
    files.map(async (file) => {
      const module = (await import(path.join(ROUTES_DIR, file))) as Partial<Route>
      return {
        file,
        source: readFileSync(path.join(ROUTES_DIR, file), 'utf8'),
        loader: module.loader,
        action: module.action,
        segments: segmentsOf(file),
      }
    }),
  )
}
