import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contracts } from '../../models/db/schema-contracts.ts'
import { projects } from '../../models/db/schema-procedures.ts'
import { ITEM } from './procedure-fixture.ts'
import { buildPrivacyWorld, type PrivacyWorld } from './public-privacy-world.ts'
import {
  type Answer,
  call,
  context,
  crashesIn,
  leaksIn,
  loadRoutes,
  ORIGIN,
  readsQuery,
  type Route,
} from './sealed-prices-routes.ts'
import { found, needlesOf } from './sealed-prices-world.ts'

/**
 * Issue #8: an anonymous visitor reads every page loader, CSV export, Atom feed and
 * /api/v1 answer of a world with projects in every state, and finds no person's phone or
 * e-mail, no password hash, no session id, and no price sealed before opening. The
 * sealed-prices test sweeps every role for prices; this one sweeps the public for people.
 */

let w: PrivacyWorld
let answers: Answer[] = []

beforeAll(async () => {
  // The test clock route must stay shut.
  delete process.env.ZJCS_MOVABLE_CLOCK
  w = await buildPrivacyWorld()
}, 300_000)

afterAll(() => w?.close())

const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000'
/** Filters the list pages, exports and feeds read; each is tried on every route that reads its query. */
const QUERIES = [
  '',
  '?tab=ended',
  '?tab=exits',
  '?status=awarded',
  '?item=SI-002&region=4109',
  '?outcome=substantiated',
  '?type=project&q=环境影响',
  '?type=agency&q=有限公司',
  '?q=环境影响',
  '?status=in_service&from=2020-01-01',
]

/** Values for a route parameter: every id of the kind its path names; unknown → every id. */
function valuesFor(route: Route, param: string): string[] {
  if (param === '*') return ['no/such/page']
  if (param === 'code') return [ITEM]
  const at = route.segments.findIndex((s) => typeof s !== 'string' && s.param === param)
  const prefix = route.segments.slice(0, at).join('.')
  const byPrefix: Record<string, string[]> = {
    projects: w.ids.projects!,
    'api.v1.projects': w.ids.projects!,
    agencies: w.ids.agencies!,
    'supervisor.organisations': w.ids.agencies!,
    contracts: w.ids.contracts!,
    inspections: w.ids.plans!,
    'api.v1.inspections': w.ids.plans!,
    uploads: ['f'.repeat(64)],
    'my.offerings': [NO_SUCH_ID],
  }
  return byPrefix[prefix] ?? [...new Set(Object.values(w.ids).flat()), NO_SUCH_ID]
}

/** Every loader as an anonymous visitor: each id for its parameters, each filter for its query. */
async function sweepAnonymously(routes: Route[]) {
  const out: Answer[] = []
  for (const route of routes.filter((r) => r.loader)) {
    let paths = [{ path: '', params: {} as Record<string, string> }]
    for (const segment of route.segments)
      paths =
        typeof segment === 'string'
          ? paths.map((p) => ({ ...p, path: `${p.path}/${segment}` }))
          : paths.flatMap((p) =>
              valuesFor(route, segment.param).map((value) => ({
                path: `${p.path}/${value}`,
                params: { ...p.params, [segment.param]: value },
              })),
            )
    const searches =
      readsQuery(route) && Object.keys(paths[0]!.params).length === 0 ? QUERIES : ['']
    for (const { path: where, params } of paths)
      for (const search of searches) {
        const request = new Request(`${ORIGIN}${where}${search}`, { headers: { origin: ORIGIN } })
        out.push(
          await call(`GET ${where}${search} [${route.file}]`, () =>
            route.loader!({ request, params, context }),
          ),
        )
      }
  }
  return out
}

const PROFILE = '[agencies.$id.tsx]'
const PHONE = /(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])/g
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g
const BCRYPT = /\$2[aby]\$\d\d\$/

describe('what an anonymous visitor can read', () => {
  beforeAll(async () => {
    answers = await sweepAnonymously(await loadRoutes())
  }, 300_000)

  it('reached every page, export, feed and API answer without a crash', async () => {
    expect(crashesIn(answers)).toEqual([])
    // 'closed' lasts only inside the clock's transaction; every other public state is here.
    const states = await w.db.select({ status: projects.status }).from(projects)
    expect(new Set(states.map((s) => s.status))).toEqual(
      new Set([
        'published',
        'opened',
        'awarded',
        'contracted',
        'delivered',
        'accepted',
        'paid',
        'evaluated',
        'failed',
        'cancelled',
      ]),
    )
    const ok = (file: string) =>
      answers.filter((a) => a.label.endsWith(`[${file}]`) && a.text.startsWith('200 '))
    const page = (file: string) =>
      answers.filter((a) => a.label.endsWith(`[${file}]`) && a.kind === 'returned')
    expect(page('contracts._index.tsx').length).toBeGreaterThan(0)
    for (const file of [
      'projects[.csv].ts',
      'agencies[.csv].ts',
      'blacklist[.csv].ts',
      'complaints[.csv].ts',
      'inspections[.csv].ts',
      'agencies.$id_.credit[.csv].ts',
      'agencies.$id_.evaluations[.csv].ts',
      'contracts[.csv].ts',
      'feeds.announcements[.atom].ts',
      'feeds.results[.atom].ts',
      'api.v1.projects._index.ts',
      'api.v1.projects.$id.ts',
      'api.v1.inspections.$id.ts',
      'api.v1.items._index.ts',
      'api.v1.search.ts',
    ])
      expect(ok(file).length, file).toBeGreaterThan(0)
    // The world is there to be read: every project in the CSV, results in the feed.
    const csv = ok('projects[.csv].ts').find((a) => a.label.startsWith('GET /projects[/csv] '))!
    for (const id of w.ids.projects!) expect(csv.text).toContain(id)
    const results = ok('feeds.results[.atom].ts')[0]!.text
    expect(results).toContain('中选结果：')
    expect(results).toContain('流标：')
    expect(results).toContain('项目撤销：')
    const complaints = ok('complaints[.csv].ts')[0]!.text
    expect(complaints).toContain('索要额外加急费')
    // Every contract's key terms are public: the list and its CSV hold each one.
    const numbers = await w.db.select({ number: contracts.number }).from(contracts)
    expect(numbers).toHaveLength(w.ids.contracts!.length)
    const contractList = page('contracts._index.tsx').find((a) =>
      a.label.startsWith('GET /contracts '),
    )!
    const contractCsv = ok('contracts[.csv].ts')[0]!.text
    for (const { number } of numbers) {
      expect(contractList.text).toContain(number)
      expect(contractCsv).toContain(number)
    }
    // The refusal stays on the result page beside the agency that signed instead.
    const passedOn = page('projects.$id.result.tsx').find((a) =>
      a.label.startsWith(`GET /projects/${w.passedOn.projectId}/result `),
    )!
    expect(passedOn.text).toContain(w.passedOn.reason)
    expect(passedOn.text).toContain('"status":"refused"')
    const evaluations = ok('agencies.$id_.evaluations[.csv].ts')
    expect(evaluations.some((a) => a.text.split('\r\n').length > 2)).toBe(true)
  })

  it('shows no phone, e-mail, name of a person, password hash or session id', () => {
    expect(w.needles.length).toBeGreaterThan(40)
    expect(leaksIn(answers, w.needles)).toEqual([])
    // An agency publishes its own contact on its profile, and nowhere else.
    const elsewhere = answers.filter((a) => !a.label.endsWith(PROFILE))
    expect(leaksIn(elsewhere, w.agencyContacts)).toEqual([])
    const profiles = answers
      .filter((a) => a.label.endsWith(PROFILE))
      .map((a) => a.text)
      .join('\n')
    // The detector finds a phone and an e-mail where they are meant to be.
    expect(found(profiles, w.agencyContacts)).toHaveLength(w.agencyContacts.length)
  })

  it('shows nothing shaped like a phone number, an e-mail address or a bcrypt hash', () => {
    const allowed = new Set(w.agencyContacts.map((n) => n.text))
    const strays = answers.flatMap((a) => {
      const shapes = [...a.text.matchAll(PHONE), ...a.text.matchAll(EMAIL)].map((m) => m[0])
      const bad = shapes.filter((s) => !(a.label.endsWith(PROFILE) && allowed.has(s)))
      return [...bad, ...(BCRYPT.test(a.text) ? ['bcrypt'] : [])].map((s) => `${a.label}: ${s}`)
    })
    expect(strays).toEqual([])
  })

  it('shows no price sealed before opening, though opened ones are read', () => {
    expect(w.sealed).toHaveLength(5)
    expect(leaksIn(answers, w.sealed.flatMap(needlesOf))).toEqual([])
    // The same sweep reads opened prices: awarded contracts went for 40,000 元 (4000000 fen).
    const detail = answers.filter((a) => a.label.includes('[api.v1.projects.$id.ts]'))
    expect(detail.some((a) => a.text.includes('"priceFen":4000000'))).toBe(true)
  })
})
