/**
 * Setup for crash:bids through the models, before the server starts (an embedded database
 * has one owner at a time): a fresh PostgreSQL database or PGlite directory, the catalogue,
 * agencies signed up with a password (they sign in over HTTP later) and offering the bench
 * item, a verified department, and a lowest-price project taking bids for the next hours.
 */
import { randomBytes } from 'node:crypto'
import { sql } from 'drizzle-orm'
import pg from 'pg'
import { createSupervisor, signUp } from '../../models/accounts.ts'
import type { Actor } from '../../models/context.ts'
import type { Database } from '../../models/db/client.ts'
import { serviceItems } from '../../models/db/schema.ts'
import { createOffering } from '../../models/offerings.ts'
import { verifyOrganisation } from '../../models/supervision.ts'
import { loadCatalogue } from '../../seed/catalogue.ts'
import { buildSignUp } from '../../seed/factories.ts'
import { BENCH_ITEM, BUDGET_CAP_FEN, publishBenchProject } from '../bench/bid-setup.ts'

export { BUDGET_CAP_FEN }

/** A fresh database on the server DATABASE_URL names (postgres://…/any), dropped by `drop`. */
export async function createScratchDatabase(serverUrl: string) {
  const name = `zjcs_crash_${process.pid}_${randomBytes(3).toString('hex')}`
  const adminUrl = new URL(serverUrl)
  adminUrl.pathname = '/postgres'
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: adminUrl.toString() })
    await client.connect()
    try {
      await client.query(statement)
    } finally {
      await client.end()
    }
  }
  await admin(`create database ${name}`)
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return {
    name,
    url: url.toString(),
    drop: () => admin(`drop database if exists ${name} with (force)`),
  }
}

export interface Bidder {
  index: number
  agencyId: string
  phone: string
  password: string
}

export interface CrashWorld {
  projectId: string
  bidders: Bidder[]
}

/** Runs `work` over `items`, `width` at a time. */
async function eachLimited<T>(
  items: readonly T[],
  width: number,
  work: (item: T) => Promise<void>,
) {
  let next = 0
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++]!)
    }),
  )
}

async function signedUp(db: Database, kind: 'agency' | 'department') {
  const input = buildSignUp({ kind })
  const { organisation, user } = await signUp({ db, actor: null }, input)
  const actor: Actor = {
    userId: user.id,
    role: kind,
    name: input.contactName,
    organisationId: organisation.id,
    organisationName: organisation.name,
  }
  return { actor, phone: input.phone, password: input.password }
}

export async function createCrashWorld(db: Database, agencyCount: number): Promise<CrashWorld> {
  const [item] = await db
    .select({ one: sql`1` })
    .from(serviceItems)
    .limit(1)
  if (!item) await loadCatalogue(db)
  const supervisor = await createSupervisor(
    db,
    {
      name: '压测监管员',
      phone: `199${String(Date.now()).slice(-8)}`,
      password: `Crash${randomBytes(6).toString('hex')}`,
    },
    null,
  )
  const supervisorActor: Actor = {
    userId: supervisor.id,
    role: 'supervisor',
    name: '压测监管员',
    organisationId: null,
    organisationName: null,
  }
  const department = await signedUp(db, 'department')
  await verifyOrganisation(
    { db, actor: supervisorActor },
    { organisationId: department.actor.organisationId! },
  )
  const bidders: Bidder[] = []
  await eachLimited(
    Array.from({ length: agencyCount }, (_, i) => i),
    4,
    async (index) => {
      const agency = await signedUp(db, 'agency')
      await createOffering(
        { db, actor: agency.actor },
        {
          serviceItemCode: BENCH_ITEM,
          feeKind: 'range',
          feeMinFen: 100_000,
          feeMaxFen: BUDGET_CAP_FEN,
          timeLimitDays: 30,
        },
      )
      bidders.push({
        index,
        agencyId: agency.actor.organisationId!,
        phone: agency.phone,
        password: agency.password,
      })
    },
  )
  bidders.sort((a, b) => a.index - b.index)
  // Far enough ahead that no run reaches it: the check reads sealed bids, not an opening.
  const deadline = new Date(Math.ceil((Date.now() + 6 * 3600_000) / 60_000) * 60_000)
  const projectId = await publishBenchProject(db, department.actor, deadline)
  return { projectId, bidders }
}
