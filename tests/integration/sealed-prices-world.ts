import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import pg from 'pg'
import { inject } from 'vitest'
import { createSupervisor, signIn, signUp } from '../../models/accounts.ts'
import { unsealSecret } from '../../models/bid-sealing.ts'
import { moveClockTo } from '../../models/clock.ts'
import type { Actor, Ctx } from '../../models/context.ts'
import { closeDatabase, type Database, getDatabase } from '../../models/db/client.ts'
import { projects } from '../../models/db/schema-procedures.ts'
import { createOffering } from '../../models/offerings.ts'
import { cancelProject } from '../../models/project-endings.ts'
import { fenToYuanText, formatFen } from '../../models/rules/money.ts'
import { findSessionActor } from '../../models/sessions.ts'
import { verifyOrganisation } from '../../models/supervision.ts'
import { loadCatalogue } from '../../seed/catalogue.ts'
import { buildSignUp, fakePhone } from '../../seed/factories.ts'
import { commitSessionCookie } from '../../app/session.server.ts'
import { withDatabase } from '../setup/database-template.ts'
import { bid, ITEM, passTime, type ProcedureWorld, publishedProject } from './procedure-fixture.ts'

/**
 * A world for checking that no route shows a sealed price: the database the route modules
 * themselves open through getDatabase(), people signed in with real session cookies, and
 * projects before and after opening with distinctive prices.
 */

/** Opens the process-wide database on a fresh copy: DATABASE_URL on PostgreSQL, DATA_DIR on PGlite. */
async function openRouteDatabase(): Promise<{ db: Database; close(): Promise<void> }> {
  const server = process.env.DATABASE_URL
  const template = inject('templateDatabase')
  if (server) {
    // Never the server's own database: the routes would write into it.
    if (!template) throw new Error('DATABASE_URL is set but no template database was prepared')
    const name = `zjcs_test_${randomBytes(6).toString('hex')}`
    await withAdmin(server, (admin) => admin.query(`create database ${name} template ${template}`))
    process.env.DATABASE_URL = withDatabase(server, name)
    return {
      db: await getDatabase(),
      async close() {
        await closeDatabase()
        process.env.DATABASE_URL = server
        await withAdmin(server, (admin) =>
          admin.query(`drop database if exists ${name} with (force)`),
        )
      },
    }
  }
  const before = process.env.DATA_DIR
  const dir = mkdtempSync(path.join(os.tmpdir(), 'zjcs-sealed-'))
  process.env.DATA_DIR = dir
  return {
    db: await getDatabase(),
    async close() {
      await closeDatabase()
      if (before === undefined) delete process.env.DATA_DIR
      else process.env.DATA_DIR = before
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

async function withAdmin<T>(url: string, work: (client: pg.Client) => Promise<T>) {
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  try {
    return await work(admin)
  } finally {
    await admin.end()
  }
}

export interface Role {
  name: string
  actor: Actor | null
  /** `zjcs_session=…` as the browser would send it. */
  cookie: string | null
}

export interface WorldBid {
  agency: string
  priceFen: number
  salt: string
  /** 下浮率 as typed, e.g. '17.29'. */
  discountPercent?: string
}

export interface WorldProject {
  label: string
  id: string
  method: string
  /** The live bids, as their receipts said. */
  bids: WorldBid[]
  /** Prices revised away before the deadline: never shown, not even after opening. */
  replaced: WorldBid[]
  drawSecret: string | null
}

export interface SealedWorld {
  db: Database
  roles: Role[]
  /** The agencies by role name: agency-1…3 bid, agency-4 never does. */
  agencies: Record<string, Actor>
  buyer: Actor
  offeringId: string
  sealed: WorldProject[]
  opened: WorldProject[]
  close(): Promise<void>
}

// Cap 400,000 元; the agencies' offerings go up to 500,000 元. Every price below differs from
// every other in each of its printed forms (fen, 元, ¥…万).
const CAP_FEN = 40_000_000
type Plan = [agency: string, yuan: number | `${number}%`]
const SEALED_PLANS: Record<
  string,
  { method: 'lowest_price' | 'lottery' | 'scoring'; bids: Plan[] }
> = {
  'sealed lowest price': {
    method: 'lowest_price',
    bids: [
      ['agency-1', 123_457.89],
      ['agency-2', 134_679.21],
      ['agency-3', '17.29%'],
    ],
  },
  'sealed lottery': {
    method: 'lottery',
    bids: [
      ['agency-1', 145_792.63],
      ['agency-2', '21.37%'],
      ['agency-3', 156_813.47],
    ],
  },
  'sealed scoring': {
    method: 'scoring',
    bids: [
      ['agency-1', '26.43%'],
      ['agency-2', 167_924.58],
      ['agency-3', 178_135.69],
    ],
  },
}
const CANCELLED_PLAN: Plan[] = [
  ['agency-1', 301_234.56],
  ['agency-2', 312_345.67],
  ['agency-3', 323_456.78],
]
/** agency-1's first price on the opened lowest-price project, revised before the deadline. */
const REVISED_AWAY: Plan = ['agency-1', 299_876.54]
const PAST_DEADLINE_PLAN: Plan[] = [
  ['agency-1', 189_246.71],
  ['agency-2', 191_357.82],
  ['agency-3', 202_468.93],
]
const OPENED_PLANS: Record<string, { method: 'lowest_price' | 'lottery'; bids: Plan[] }> = {
  'opened lowest price': {
    method: 'lowest_price',
    bids: [
      ['agency-1', 224_680.15],
      ['agency-2', 235_791.26],
      ['agency-3', 246_802.37],
    ],
  },
  'opened lottery': {
    method: 'lottery',
    bids: [
      ['agency-1', 257_913.48],
      ['agency-2', 268_024.59],
      ['agency-3', 279_135.61],
    ],
  },
}

const ctxOf = (db: Database, actor: Actor | null = null): Ctx => ({ db, actor })

async function signedIn(db: Database, name: string, login: string, password: string) {
  const { session } = await signIn(ctxOf(db), { login, password })
  const actor = (await findSessionActor(db, session.id))!
  const header = await commitSessionCookie(new Request('http://127.0.0.1/'), session.id)
  return { name, actor, cookie: header.split(';')[0]! }
}

async function member(db: Database, name: string, kind: 'agency' | 'department' | 'enterprise') {
  const input = buildSignUp({ kind })
  await signUp(ctxOf(db), input)
  return signedIn(db, name, input.phone, input.password)
}

async function supervisor(db: Database) {
  const phone = fakePhone()
  const password = 'Supervise-2026!'
  await createSupervisor(db, { name: '监管员', phone, password }, null)
  return signedIn(db, 'supervisor', phone, password)
}

async function placeBids(
  world: ProcedureWorld,
  agencies: Record<string, Actor>,
  id: string,
  plans: Plan[],
) {
  const placed: WorldBid[] = []
  for (const [agency, amount] of plans) {
    const discount = typeof amount === 'string' ? amount.slice(0, -1) : undefined
    const extra: Record<string, string> = discount
      ? { priceMode: 'discount', discountPercent: discount }
      : {}
    const receipt = await bid(
      world,
      agencies[agency]!,
      id,
      typeof amount === 'number' ? amount : 1,
      extra,
    )
    placed.push({
      agency,
      priceFen: receipt.priceFen,
      salt: receipt.salt,
      discountPercent: discount,
    })
  }
  return placed
}

async function drawSecretOf(db: Database, id: string) {
  const [row] = await db.select().from(projects).where(eq(projects.id, id))
  if (row!.drawSecret) return row!.drawSecret
  return row!.drawSecretSealed ? unsealSecret(id, row!.drawSecretSealed) : null
}

export async function buildSealedWorld(): Promise<SealedWorld> {
  const { db, close } = await openRouteDatabase()
  try {
    await loadCatalogue(db)
    const people = await Promise.all([
      member(db, 'buyer', 'department'),
      member(db, 'other department', 'department'),
      member(db, 'enterprise', 'enterprise'),
      ...[1, 2, 3, 4].map((n) => member(db, `agency-${n}`, 'agency')),
      supervisor(db),
    ])
    const byName = Object.fromEntries(people.map((p) => [p.name, p.actor]))
    const agencies = Object.fromEntries(
      people.filter((p) => p.name.startsWith('agency-')).map((p) => [p.name, p.actor]),
    )
    const buyer = byName.buyer!
    await verifyOrganisation(ctxOf(db, byName.supervisor!), {
      organisationId: buyer.organisationId!,
    })
    let offeringId = ''
    for (const [name, agency] of Object.entries(agencies)) {
      const offering = await createOffering(ctxOf(db, agency), {
        serviceItemCode: ITEM,
        feeKind: 'range',
        feeMinFen: 100_000,
        feeMaxFen: 50_000_000,
        timeLimitDays: 20,
      })
      if (name === 'agency-1') offeringId = offering.id
    }
    // The fixture's helpers read only handle.db; this file closes the database itself.
    const world = {
      handle: { db, kind: 'pglite', migrate: async () => {}, close: async () => {} },
      department: buyer,
      enterprise: byName.enterprise!,
      supervisor: byName.supervisor!,
      agencies: Object.values(agencies),
    } as ProcedureWorld
    const project = (method: string, extra = {}) =>
      publishedProject(world, buyer, {
        method: method as 'lowest_price',
        budgetCap: CAP_FEN,
        ...(method === 'scoring' ? { weightPrice: 40, weightQuality: 50, weightCredit: 10 } : {}),
        ...extra,
      })
    const deadlineOf = async (id: string) =>
      (await db.select().from(projects).where(eq(projects.id, id)))[0]!.deadlineAt

    const sealedProject = async (label: string, id: string, bids: WorldBid[] = []) => ({
      label,
      id,
      method: (await db.select().from(projects).where(eq(projects.id, id)))[0]!.method,
      bids,
      replaced: [],
      drawSecret: await drawSecretOf(db, id),
    })

    // First the projects that open, then one whose deadline passes with the clock not yet run,
    // then the ones still taking bids: each later deadline is after the clock moves.
    const opened: WorldProject[] = []
    for (const [label, plan] of Object.entries(OPENED_PLANS)) {
      const id = await project(plan.method)
      const first = label === 'opened lowest price' ? [REVISED_AWAY] : []
      const replaced = await placeBids(world, agencies, id, first)
      opened.push({ ...(await sealedProject(label, id)), replaced })
      opened.at(-1)!.bids = await placeBids(world, agencies, id, plan.bids)
    }
    await passTime(world, await deadlineOf(opened.at(-1)!.id))
    for (const p of opened) p.drawSecret = await drawSecretOf(db, p.id)

    const pastId = await project('lowest_price')
    const pastBids = await placeBids(world, agencies, pastId, PAST_DEADLINE_PLAN)
    await moveClockTo(db, new Date((await deadlineOf(pastId)).getTime() + 60_000))
    const sealed = [await sealedProject('past deadline, clock not run', pastId, pastBids)]

    for (const [label, plan] of Object.entries(SEALED_PLANS)) {
      const id = await project(plan.method)
      sealed.push(await sealedProject(label, id, await placeBids(world, agencies, id, plan.bids)))
    }
    // Cancelled with bids in: never opened, so never shown.
    const cancelledId = await project('lowest_price')
    const cancelledBids = await placeBids(world, agencies, cancelledId, CANCELLED_PLAN)
    await cancelProject(ctxOf(db, buyer), cancelledId, '采购需求发生变化，本项目撤销。')
    sealed.push(await sealedProject('cancelled before the deadline', cancelledId, cancelledBids))
    // The test bids on this one through the bid page's action: the one answer allowed a price.
    sealed.push(await sealedProject('sealed, bid through the page', await project('lowest_price')))
    const roles: Role[] = [
      { name: 'anonymous', actor: null, cookie: null },
      ...people.map(({ name, actor, cookie }) => ({ name, actor, cookie })),
    ]
    return { db, roles, agencies, buyer, offeringId, sealed, opened, close }
  } catch (error) {
    await close()
    throw error
  }
}

/** A value a page must not show, and whose it is. */
export interface Needle {
  text: string
  what: string
}

/** Every printed form of each bid's price, its salt and its 下浮率; the project's draw secret. */
export const needlesOf = (project: WorldProject) =>
  needlesFor(project, [...project.bids, ...project.replaced], true)

/** What must stay hidden after opening too: the prices revised away. */
export const replacedNeedlesOf = (project: WorldProject) =>
  needlesFor(project, project.replaced, false)

function needlesFor(project: WorldProject, bids: WorldBid[], withSecret: boolean) {
  const needles: Needle[] = []
  const add = (text: string, what: string) =>
    needles.push({ text, what: `${project.label}: ${what}` })
  for (const b of bids) {
    const fen = b.priceFen
    const yuan = fenToYuanText(fen)
    const formatted = formatFen(fen)
    for (const text of new Set([
      String(fen),
      (fen / 100).toFixed(2),
      yuan,
      yuan.slice(0, -3),
      formatted,
      formatted.slice(1),
      formatted.slice(1).replace(' ', ''),
    ]))
      add(text, `${b.agency}'s price (${text})`)
    add(b.salt, `${b.agency}'s salt`)
    if (b.discountPercent) {
      const basisPoints = Math.round(Number(b.discountPercent) * 100)
      add(`${b.discountPercent}%`, `${b.agency}'s 下浮率`)
      add(`${b.discountPercent} %`, `${b.agency}'s 下浮率`)
      add(`"discountBasisPoints":${basisPoints}`, `${b.agency}'s 下浮率`)
    }
  }
  if (project.drawSecret && withSecret) add(project.drawSecret, 'draw secret')
  return needles
}

export const found = (text: string, needles: Needle[]) =>
  needles.filter((n) => text.includes(n.text))
