/**
 * Two app processes on one PostgreSQL database, no sticky sessions: a session and a CSRF
 * token from one instance work on the other, a sign-out on one ends the session on both, and
 * procedure-clock steps run by both instances (and two more pools) at once happen once each.
 * Embedded PGlite has one owner per data directory, so this needs DATABASE_URL.
 */
import { randomBytes } from 'node:crypto'
import { and, eq, inArray, sql } from 'drizzle-orm'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSupervisor, signUp } from '../../models/accounts.ts'
import { submitBid } from '../../models/bids.ts'
import { moveClockTo, platformNow } from '../../models/clock.ts'
import type { Actor } from '../../models/context.ts'
import { type DatabaseHandle, openDatabase } from '../../models/db/client.ts'
import { contracts } from '../../models/db/schema-contracts.ts'
import { ocdsReleases } from '../../models/db/schema-ocds.ts'
import { bids, notifications, projectEvents, projects } from '../../models/db/schema-procedures.ts'
import { auditEvents } from '../../models/db/schema.ts'
import { createOffering } from '../../models/offerings.ts'
import { runProcedureClock, type TickReport } from '../../models/project-scheduler.ts'
import { publishProject, saveProjectDraft } from '../../models/projects.ts'
import { verifyOrganisation } from '../../models/supervision.ts'
import { bidFormSchema } from '../../models/validation/projects.ts'
import { loadWorkdayCalendar } from '../../models/workday-calendar.ts'
import { freePort } from '../../scripts/bench/bid-server.ts'
import { ensureBuild, productionServer } from '../../scripts/crash/server.ts'
import { loadCatalogue } from '../../seed/catalogue.ts'
import { buildSignUp } from '../../seed/factories.ts'
import { withDatabase } from '../setup/database-template.ts'

const serverUrl = process.env.DATABASE_URL
const ITEM = 'SI-002'
// The instances and this process seal and unseal bids with one key, as a deployment must.
process.env.BID_SEAL_KEY ??= randomBytes(32).toString('hex')

async function admin(statement: string) {
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}

/** A client that carries cookies by hand, as a browser behind a load balancer would. */
function cookiesOf(res: Response, jar: Map<string, string>) {
  for (const header of res.headers.getSetCookie()) {
    const [pair] = header.split(';')
    const at = pair!.indexOf('=')
    const value = pair!.slice(at + 1)
    if (value === '' || /max-age=0/i.test(header)) jar.delete(pair!.slice(0, at))
    else jar.set(pair!.slice(0, at), value)
  }
}
const cookieHeader = (jar: Map<string, string>) =>
  [...jar].map(([name, value]) => `${name}=${value}`).join('; ')

if (!serverUrl)
  console.warn(
    '\n⚠ two-instances.test.ts SKIPPED: it needs DATABASE_URL (a PostgreSQL server); embedded PGlite has one owner per data directory, so two instances cannot share it.\n',
  )

describe.skipIf(!serverUrl)(
  'two instances on one PostgreSQL (skipped without DATABASE_URL: embedded PGlite has one owner per data directory)',
  () => {
    const name = `zjcs_two_${process.pid}_${randomBytes(3).toString('hex')}`
    const url = withDatabase(serverUrl ?? 'postgres://unused', name)
    const instances: ReturnType<typeof productionServer>[] = []
    const handles: DatabaseHandle[] = []
    let db: DatabaseHandle['db']
    let department: Actor
    let agencies: Actor[] = []
    let agencyLogin = { phone: '', password: '', organisationName: '' }

    async function signedUp(kind: 'agency' | 'department') {
      const input = buildSignUp({ kind })
      const { organisation, user } = await signUp({ db, actor: null }, input)
      const actor: Actor = {
        userId: user.id,
        role: kind,
        name: input.contactName,
        organisationId: organisation.id,
        organisationName: organisation.name,
      }
      return { actor, input }
    }

    beforeAll(async () => {
      await admin(`create database ${name}`)
      for (let i = 0; i < 3; i++) handles.push(await openDatabase({ url, poolSize: 4 }))
      db = handles[0]!.db
      await handles[0]!.migrate()
      await loadCatalogue(db)
      const supervisor = await createSupervisor(
        db,
        { name: '监管员', phone: '19900000001', password: `Two${randomBytes(6).toString('hex')}` },
        null,
      )
      const people = await Promise.all([
        signedUp('department'),
        ...Array.from({ length: 4 }, () => signedUp('agency')),
      ])
      department = people[0]!.actor
      agencies = people.slice(1).map((p) => p.actor)
      agencyLogin = people[1]!.input
      await verifyOrganisation(
        {
          db,
          actor: {
            userId: supervisor.id,
            role: 'supervisor',
            name: '监管员',
            organisationId: null,
            organisationName: null,
          },
        },
        { organisationId: department.organisationId! },
      )
      for (const agency of agencies)
        await createOffering(
          { db, actor: agency },
          {
            serviceItemCode: ITEM,
            feeKind: 'range',
            feeMinFen: 100_000,
            feeMaxFen: 10_000_000,
            timeLimitDays: 20,
          },
        )
      // The e2e setup has built the app when Chromium is there; without it, build here.
      ensureBuild(false, () => {})
      for (let i = 0; i < 2; i++)
        instances.push(
          productionServer(
            process.cwd(),
            {
              DATABASE_URL: url,
              BID_SEAL_KEY: process.env.BID_SEAL_KEY,
              // The test drives the procedure clock itself, through each instance.
              PROCEDURE_CLOCK: '0',
              ZJCS_MOVABLE_CLOCK: '1',
              STRIPE_SECRET_KEY: '',
            },
            await freePort(),
            (line) => console.warn(`[instance ${i + 1}] ${line}`),
          ),
        )
      await Promise.all(instances.map((instance) => instance.start()))
    })

    afterAll(async () => {
      await Promise.all(instances.map((instance) => instance.stop()))
      await Promise.all(handles.map((handle) => handle.close()))
      await admin(`drop database if exists ${name} with (force)`)
    })

    it('keeps a session and its CSRF token across instances, and a sign-out ends it on both', async () => {
      const [one, two] = instances.map((instance) => instance.url) as [string, string]
      const jar = new Map<string, string>()
      const get = async (base: string, path: string) => {
        const res = await fetch(`${base}${path}`, {
          redirect: 'manual',
          headers: { cookie: cookieHeader(jar) },
        })
        cookiesOf(res, jar)
        return { status: res.status, location: res.headers.get('location'), html: await res.text() }
      }
      const post = async (base: string, path: string, fields: Record<string, string>) => {
        const res = await fetch(`${base}${path}`, {
          method: 'POST',
          redirect: 'manual',
          headers: {
            cookie: cookieHeader(jar),
            origin: base,
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: new URLSearchParams(fields),
        })
        cookiesOf(res, jar)
        await res.arrayBuffer()
        return res.status
      }

      // Signed in on instance 1, with the token instance 1 put in its sign-in page.
      const signInPage = await get(one, '/signin')
      const csrf = /name="csrf" value="([^"]+)"/.exec(signInPage.html)![1]!
      const signedIn = await post(one, '/signin', {
        csrf,
        login: agencyLogin.phone,
        password: agencyLogin.password,
        redirectTo: '/account',
      })
      expect(signedIn).toBe(302)
      expect(jar.has('zjcs_session')).toBe(true)

      // Instance 2 knows the session.
      const account = await get(two, '/account')
      expect(account.status).toBe(200)
      expect(account.html).toContain(agencyLogin.organisationName)

      // Instance 2 checks CSRF tokens (a wrong one is refused) and takes instance 1's.
      expect(await post(two, '/signout', { csrf: `${csrf.slice(0, -1)}x` })).toBe(403)
      expect(jar.has('zjcs_session')).toBe(true)
      const session = jar.get('zjcs_session')!
      expect(await post(two, '/signout', { csrf })).toBe(302)
      expect(jar.has('zjcs_session')).toBe(false)

      // The old cookie, replayed on instance 1, no longer signs anyone in.
      jar.set('zjcs_session', session)
      const after = await get(one, '/account')
      expect(after.status).toBe(302)
      expect(after.location).toMatch(/^\/signin\?redirectTo=%2Faccount/)
    })

    it('counts wrong passwords across instances: the sixth try is refused wherever it lands', async () => {
      const [one, two] = instances.map((instance) => instance.url) as [string, string]
      const { phone } = (await signedUp('agency')).input
      const attempt = async (base: string, i: number) => {
        const jar = new Map<string, string>()
        const page = await fetch(`${base}/signin`)
        cookiesOf(page, jar)
        const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())![1]!
        const res = await fetch(`${base}/signin`, {
          method: 'POST',
          redirect: 'manual',
          headers: {
            cookie: cookieHeader(jar),
            origin: base,
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: new URLSearchParams({ csrf, login: phone, password: `Wrong-${i}-password` }),
        })
        await res.arrayBuffer()
        return res.status
      }
      const statuses: number[] = []
      for (let i = 0; i < 6; i++) statuses.push(await attempt(i % 2 === 0 ? one : two, i))
      expect(statuses).toEqual([400, 400, 400, 400, 400, 429])
    })

    it('opens each due project once and makes each award final once, with both instances and two more pools ticking at once', async () => {
      // Six projects: five with three bids (awarded), one with two (failed: too few bids).
      const calendar = await loadWorkdayCalendar(db)
      const deadline = new Date(calendar.addWorkdays(await platformNow(db), 3).getTime() + 3600_000)
      const ids: string[] = []
      let key = 0
      for (let p = 0; p < 6; p++) {
        const ctx = { db, actor: department }
        const id = await saveProjectDraft(ctx, {
          serviceItemCode: ITEM,
          title: `双实例测试项目 ${p + 1}：环境影响报告表编制`,
          scope: '编制建设项目环境影响报告表并配合审批部门完成技术审查。',
          regionCode: '410902',
          location: '濮阳市华龙区',
          budgetCap: 5_000_000,
          funding: 'budget',
          method: 'lowest_price',
          deadline: new Date(deadline.getTime() + p * 60_000),
          publicityWorkdays: 3,
          weightPrice: null,
          weightQuality: null,
          weightCredit: null,
          abnormalLowPercent: 70,
          directAgencyId: undefined,
        })
        await publishProject(ctx, id)
        for (const [i, agency] of agencies.slice(0, p === 5 ? 2 : 3).entries())
          await submitBid(
            { db, actor: agency },
            id,
            bidFormSchema.parse({
              priceMode: 'amount',
              price: String(30_000 + i * 1000 + p),
              timeLimitDays: '15',
              proposal: '按规范编制。',
              submissionKey: `two-instances-${++key}`,
            }),
          )
        ids.push(id)
      }

      /** Both instances (each its own process and pool) and two pools here, all at once. */
      const tickEverywhere = async (): Promise<TickReport[]> => {
        const overHttp = instances.map(async (instance) => {
          const res = await fetch(`${instance.url}/api/test/clock`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: '{}',
          })
          expect(res.status).toBe(200)
          return ((await res.json()) as { report: TickReport }).report
        })
        const here = handles.slice(1).map((handle) => runProcedureClock(handle.db))
        return Promise.all([...overHttp, ...here])
      }

      const lastDeadline = new Date(deadline.getTime() + 5 * 60_000)
      await moveClockTo(db, new Date(lastDeadline.getTime() + 1000))
      const openings = await tickEverywhere()
      expect(openings.reduce((sum, r) => sum + r.opened, 0)).toBe(6)

      const rows = await db.select().from(projects).where(inArray(projects.id, ids))
      expect(rows.filter((r) => r.status === 'awarded')).toHaveLength(5)
      expect(rows.filter((r) => r.status === 'failed')).toHaveLength(1)
      const opened = await db.select().from(bids).where(inArray(bids.projectId, ids))
      expect(opened).toHaveLength(17)
      expect(opened.every((b) => b.priceFen != null && b.valid === true)).toBe(true)

      const publicityEnds = Math.max(...rows.map((r) => r.publicityEndsAt?.getTime() ?? 0))
      await moveClockTo(db, new Date(publicityEnds + 1000))
      const finals = await tickEverywhere()
      expect(finals.reduce((sum, r) => sum + r.awardsFinal, 0)).toBe(5)

      // Each step once per project: timeline, audit log, OCDS release, inbox message, contract.
      const steps = [
        'project.closed',
        'project.opened',
        'project.awarded',
        'project.failed',
        'project.award_final',
      ]
      const timeline = await db
        .select({
          projectId: projectEvents.projectId,
          step: projectEvents.kind,
          n: sql<number>`count(*)::int`,
        })
        .from(projectEvents)
        .where(and(inArray(projectEvents.projectId, ids), inArray(projectEvents.kind, steps)))
        .groupBy(projectEvents.projectId, projectEvents.kind)
      const audited = await db
        .select({
          projectId: auditEvents.subjectId,
          step: auditEvents.action,
          n: sql<number>`count(*)::int`,
        })
        .from(auditEvents)
        .where(and(inArray(auditEvents.subjectId, ids), inArray(auditEvents.action, steps)))
        .groupBy(auditEvents.subjectId, auditEvents.action)
      const released = await db
        .select({
          projectId: ocdsReleases.projectId,
          step: ocdsReleases.step,
          n: sql<number>`count(*)::int`,
        })
        .from(ocdsReleases)
        .where(and(inArray(ocdsReleases.projectId, ids), inArray(ocdsReleases.step, steps)))
        .groupBy(ocdsReleases.projectId, ocdsReleases.step)
      const expected = ids.flatMap((id, p) =>
        (p === 5
          ? ['project.closed', 'project.opened', 'project.failed']
          : ['project.closed', 'project.opened', 'project.awarded', 'project.award_final']
        ).map((step) => ({ projectId: id, step, n: 1 })),
      )
      const sorted = (list: { projectId: string | null; step: string; n: number }[]) =>
        [...list].sort((a, b) => `${a.projectId}${a.step}`.localeCompare(`${b.projectId}${b.step}`))
      expect(sorted(timeline)).toEqual(sorted(expected))
      expect(sorted(audited)).toEqual(sorted(expected))
      expect(sorted(released)).toEqual(sorted(expected))

      const messages = await db
        .select({
          organisationId: notifications.organisationId,
          link: notifications.link,
          n: sql<number>`count(*)::int`,
        })
        .from(notifications)
        .where(eq(notifications.kind, 'project.opened'))
        .groupBy(notifications.organisationId, notifications.link)
      const forTheseProjects = messages.filter((m) => ids.some((id) => m.link?.includes(id)))
      // The buyer and each bidder, once per project: 5 × 4 + 1 × 3.
      expect(forTheseProjects).toHaveLength(23)
      expect(forTheseProjects.every((m) => m.n === 1)).toBe(true)

      const drawnUp = await db
        .select({ projectId: contracts.projectId, n: sql<number>`count(*)::int` })
        .from(contracts)
        .where(inArray(contracts.projectId, ids))
        .groupBy(contracts.projectId)
      expect(drawnUp).toHaveLength(5)
      expect(drawnUp.every((c) => c.n === 1)).toBe(true)
    })
  },
)
