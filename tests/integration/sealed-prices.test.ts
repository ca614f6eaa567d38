import { inArray, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bids, projects } from '../../models/db/schema-procedures.ts'
import {
  buildSealedWorld,
  found,
  needlesOf,
  replacedNeedlesOf,
  type SealedWorld,
} from './sealed-prices-world.ts'
import {
  ORIGIN,
  context,
  type Route,
  isProjectRoute,
  urlOf,
  intentsOf,
  type Answer,
  call,
  headersFor,
  sweep,
  leaksIn,
  crashesIn,
  loadRoutes,
} from './sealed-prices-routes.ts'

/**
 * Issue #5: no loader, action or API answer carries a sealed price before opening. Every
 * route module in app/routes is called as every role, against the database the routes
 * themselves open, and whatever comes back is searched for the prices in every printed form,
 * the bids' salts and the draw secret.
 */

let world: SealedWorld
let routes: Route[]

const roleNamed = (name: string) => world.roles.find((r) => r.name === name)!
const routeFile = (file: string) => routes.find((r) => r.file === file)!

beforeAll(async () => {
  // The test clock route must stay shut: it would run the procedure clock and open bids.
  const movableClock = process.env.ZJCS_MOVABLE_CLOCK
  delete process.env.ZJCS_MOVABLE_CLOCK
  world = await buildSealedWorld()
  routes = await loadRoutes()
  return () => {
    if (movableClock !== undefined) process.env.ZJCS_MOVABLE_CLOCK = movableClock
  }
})

afterAll(() => world?.close())

describe('sealed prices before opening', () => {
  it('finds every route module and can fill every parameter', () => {
    expect(routes.length).toBeGreaterThan(40)
    expect(routes.filter(isProjectRoute).map((r) => r.file)).toEqual(
      expect.arrayContaining([
        'projects.$id._index.tsx',
        'projects.$id.bid.tsx',
        'projects.$id.opening.tsx',
        'api.v1.projects.$id.ts',
      ]),
    )
    // Throws for a parameter nobody taught this test to fill.
    for (const route of routes) urlOf(world, route, world.sealed[0]!.id)
    expect(intentsOf(routeFile('projects.$id.bid.tsx').source)).toEqual(
      expect.arrayContaining(['withdraw', 'explain', 'accept', 'decline']),
    )
  })

  it('the detector finds opened prices, salts and the draw secret where they belong', async () => {
    const statuses = await world.db
      .select({ status: projects.status })
      .from(projects)
      .where(
        inArray(
          projects.id,
          world.opened.map((p) => p.id),
        ),
      )
    expect(statuses.map((s) => s.status)).toEqual(['awarded', 'awarded'])
    const answers: Answer[] = []
    for (const role of [roleNamed('anonymous'), roleNamed('agency-1')])
      for (const project of world.opened)
        answers.push(
          ...(await sweep(world, routes.filter(isProjectRoute), role, project, { actions: false })),
        )
    const needles = world.opened.flatMap(needlesOf)
    const seen = new Set(answers.flatMap((a) => found(a.text, needles).map((n) => n.text)))
    for (const project of world.opened) {
      for (const b of project.bids) {
        expect(seen).toContain(String(b.priceFen))
        expect(seen).toContain(b.salt)
      }
    }
    expect(seen).toContain(world.opened.find((p) => p.method === 'lottery')!.drawSecret)
    // A price revised away before the deadline stays hidden after opening too.
    expect(world.opened[0]!.replaced).toHaveLength(1)
    expect(leaksIn(answers, world.opened.flatMap(replacedNeedlesOf))).toEqual([])
    // The public opening record itself, read anonymously.
    const lowest = world.opened[0]!
    const opening = answers.find(
      (a) =>
        a.label.startsWith(`GET /projects/${lowest.id}/opening [`) && a.label.includes('anonymous'),
    )!
    expect(found(opening.text, needlesOf(lowest)).map((n) => n.text)).toEqual(
      expect.arrayContaining(lowest.bids.flatMap((b) => [String(b.priceFen), b.salt])),
    )
    expect(crashesIn(answers)).toEqual([])
  })

  // Runs before the sweep, which then checks this bid stays hidden on every other answer.
  it('the bid page answers a bid with its own receipt, and with nothing else sealed', async () => {
    const project = world.sealed.find((p) => p.label === 'sealed, bid through the page')!
    const agency = roleNamed('agency-1')
    const form = new FormData()
    for (const [name, value] of Object.entries({
      csrf: context.csrfToken,
      intent: 'bid',
      priceMode: 'amount',
      price: '213,579.04',
      timeLimitDays: '15',
      proposal: '按规范编制。',
      submissionKey: `sealed-prices-${project.id}`,
    }))
      form.set(name, value)
    const request = new Request(`${ORIGIN}/projects/${project.id}/bid`, {
      method: 'POST',
      headers: headersFor(agency),
      body: form,
    })
    const answer = await call('POST bid', () =>
      routeFile('projects.$id.bid.tsx').action!({ request, params: { id: project.id }, context }),
    )
    const { receipt } = JSON.parse(answer.text) as { receipt: { priceFen: number; salt: string } }
    expect(receipt.priceFen).toBe(21_357_904)
    project.bids.push({ agency: 'agency-1', priceFen: receipt.priceFen, salt: receipt.salt })
    // Its own price and salt, once, to the agency that sent them; no one else's.
    expect(found(answer.text, needlesOf(project)).map((n) => n.text)).toEqual(
      expect.arrayContaining(['21357904', '213,579.04', receipt.salt]),
    )
    const others = world.sealed.filter((p) => p !== project).flatMap(needlesOf)
    expect(leaksIn([answer], others)).toEqual([])
  })

  it('no loader or action shows them to anyone: every route, every role', async () => {
    const answers: Answer[] = []
    const projectRoutes = routes.filter(isProjectRoute)
    const otherRoutes = routes.filter((r) => !isProjectRoute(r) && r.file !== 'signout.tsx')
    for (const role of world.roles) {
      for (const project of world.sealed) {
        answers.push(...(await sweep(world, projectRoutes, role, project)))
        answers.push(
          ...(await sweep(world, otherRoutes, role, project, { loaders: 'query', actions: false })),
        )
      }
      answers.push(
        ...(await sweep(world, otherRoutes, role, world.sealed[0]!, { loaders: 'plain' })),
      )
    }
    // Signing out ends each session: last.
    for (const role of world.roles)
      answers.push(...(await sweep(world, [routeFile('signout.tsx')], role, world.sealed[0]!)))

    expect(leaksIn(answers, world.sealed.flatMap(needlesOf))).toEqual([])
    // A route that crashed said nothing this test could check.
    expect(crashesIn(answers)).toEqual([])
    // Each role was signed in as itself until signing out: its account page answered, and the
    // buyer reached its management page.
    const answered = (route: string, role: string) =>
      answers.find((a) => a.label.startsWith(`GET ${route} [`) && a.label.includes(` as ${role} `))
        ?.kind
    for (const role of world.roles.filter((r) => r.cookie))
      expect(answered('/account', role.name), role.name).toBe('returned')
    expect(answered('/account', 'anonymous')).toBe('thrown response')
    expect(answered(`/projects/${world.sealed[0]!.id}/manage`, 'buyer')).toBe('returned')
  })

  it('the database holds no unopened price, salt or secret in the clear', async () => {
    const ids = world.sealed.map((p) => p.id)
    const rows = await world.db.select().from(bids).where(inArray(bids.projectId, ids))
    expect(rows).toHaveLength(world.sealed.reduce((n, p) => n + p.bids.length, 0))
    for (const row of rows) {
      expect(row).toMatchObject({
        priceFen: null,
        salt: null,
        discountBasisPoints: null,
        rank: null,
      })
      const project = world.sealed.find((p) => p.id === row.projectId)!
      expect(found(row.sealed, needlesOf(project))).toEqual([])
    }
    // Every table, audit_events and notifications included, row by row as JSON.
    const tables = await world.db
      .execute(
        sql`select table_name as name from information_schema.tables
            where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
      )
      .then((r) => (r as unknown as { rows: { name: string }[] }).rows.map((t) => t.name))
    expect(tables).toEqual(expect.arrayContaining(['audit_events', 'bids', 'notifications']))
    const dump: Answer[] = []
    for (const table of tables) {
      const result = await world.db.execute(
        sql`select row_to_json(t)::text as j from ${sql.identifier(table)} t`,
      )
      const json = (result as unknown as { rows: { j: string }[] }).rows.map((r) => r.j)
      dump.push({ label: table, kind: 'returned', text: json.join('\n') })
    }
    expect(leaksIn(dump, world.sealed.flatMap(needlesOf))).toEqual([])
    expect(leaksIn(dump, world.opened.flatMap(replacedNeedlesOf))).toEqual([])
    // The same scan finds the opened bids' prices: it can fail.
    const opened = leaksIn(dump, world.opened.flatMap(needlesOf))
    expect(opened.some((line) => line.startsWith('bids: '))).toBe(true)
  })
})
