import { sql } from 'drizzle-orm'
import { afterAll, beforeAll } from 'vitest'
import { signIn, signUp } from '../../models/accounts.ts'
import { createSupervisor } from '../../models/accounts.ts'
import { moveClockTo, platformNow } from '../../models/clock.ts'
import type { Actor } from '../../models/context.ts'
import type { DatabaseHandle } from '../../models/db/client.ts'
import { createOffering } from '../../models/offerings.ts'
import { runProcedureClock } from '../../models/project-scheduler.ts'
import { publishProject, saveProjectDraft } from '../../models/projects.ts'
import { organisations } from '../../models/db/schema.ts'
import { findSessionActor } from '../../models/sessions.ts'
import { verifyOrganisation } from '../../models/supervision.ts'
import { bidFormSchema, type ProjectForm } from '../../models/validation/projects.ts'
import { loadWorkdayCalendar } from '../../models/workday-calendar.ts'
import { submitBid } from '../../models/bids.ts'
import { loadCatalogue } from '../../seed/catalogue.ts'
import { buildSignUp, fakePhone } from '../../seed/factories.ts'
import { createTestDatabase, ctxFor } from '../setup/test-database.ts'

/** SI-002 环境影响报告表编制: no qualification required, 30 working days. */
export const ITEM = 'SI-002'

export interface ProcedureWorld {
  handle: DatabaseHandle
  department: Actor
  enterprise: Actor
  supervisor: Actor
  agencies: Actor[]
}

async function signedUp(handle: DatabaseHandle, kind: 'agency' | 'department' | 'enterprise') {
  const input = buildSignUp({ kind })
  await signUp(ctxFor(handle), input)
  const { session } = await signIn(ctxFor(handle), { login: input.phone, password: input.password })
  return (await findSessionActor(handle.db, session.id))!
}

/**
 * One database for a test file: the catalogue, a verified department, an enterprise, a
 * supervisor and `agencyCount` agencies offering ITEM for 1,000–100,000 元.
 */
export function setUpProcedures(agencyCount = 5): ProcedureWorld {
  const world = { agencies: [] } as unknown as ProcedureWorld
  beforeAll(async () => {
    world.handle = await createTestDatabase()
    const { handle } = world
    await loadCatalogue(handle.db)
    const people = await Promise.all([
      signedUp(handle, 'department'),
      signedUp(handle, 'enterprise'),
      ...Array.from({ length: agencyCount }, () => signedUp(handle, 'agency')),
    ])
    ;[world.department, world.enterprise] = people as [Actor, Actor]
    world.agencies = people.slice(2)
    const phone = fakePhone()
    const user = await createSupervisor(
      handle.db,
      { name: '监管员', phone, password: 'Supervise-2026!' },
      null,
    )
    world.supervisor = {
      userId: user.id,
      role: 'supervisor',
      name: '监管员',
      organisationId: null,
      organisationName: null,
    }
    await verifyOrganisation(ctxFor(handle, world.supervisor), {
      organisationId: world.department.organisationId!,
    })
    for (const agency of world.agencies)
      await createOffering(ctxFor(handle, agency), {
        serviceItemCode: ITEM,
        feeKind: 'range',
        feeMinFen: 100_000,
        feeMaxFen: 10_000_000,
        timeLimitDays: 20,
      })
  })
  afterAll(() => world.handle.close())
  return world
}

export function projectForm(overrides: Partial<ProjectForm> = {}): ProjectForm {
  return {
    serviceItemCode: ITEM,
    title: '某产业园区建设项目环境影响报告表编制',
    scope: '编制建设项目环境影响报告表并配合审批部门完成技术审查。',
    regionCode: '410902',
    location: '濮阳市华龙区',
    budgetCap: 5_000_000,
    funding: 'budget',
    method: 'lowest_price',
    deadline: new Date(Date.now() + 30 * 86_400_000),
    publicityWorkdays: 3,
    weightPrice: null,
    weightQuality: null,
    weightCredit: null,
    abnormalLowPercent: 70,
    directAgencyId: undefined,
    ...overrides,
  }
}

/** Drafts and publishes a project whose deadline is 3 working days (plus an hour) away. */
export async function publishedProject(
  world: ProcedureWorld,
  buyer: Actor,
  overrides: Partial<ProjectForm> = {},
) {
  const ctx = ctxFor(world.handle, buyer)
  const calendar = await loadWorkdayCalendar(world.handle.db)
  const deadline = new Date(
    calendar.addWorkdays(await platformNow(world.handle.db), 3).getTime() + 3600_000,
  )
  const id = await saveProjectDraft(
    ctx,
    projectForm({
      deadline,
      funding: buyer.role === 'department' ? 'budget' : 'own',
      ...overrides,
    }),
  )
  await publishProject(ctx, id)
  return id
}

let key = 0
export function bid(
  world: ProcedureWorld,
  agency: Actor,
  projectId: string,
  yuan: number,
  extra: Record<string, string> = {},
) {
  const form = bidFormSchema.parse({
    priceMode: 'amount',
    price: String(yuan),
    timeLimitDays: '15',
    proposal: '按规范编制。',
    submissionKey: `test-key-${++key}-${Date.now()}`,
    ...extra,
  })
  return submitBid(ctxFor(world.handle, agency), projectId, form)
}

/** Moves the platform clock past `instant` and runs the procedure clock once. */
export async function passTime(world: ProcedureWorld, instant: Date) {
  await moveClockTo(world.handle.db, new Date(instant.getTime() + 1000))
  return runProcedureClock(world.handle.db)
}

export const as = (world: ProcedureWorld, actor: Actor) => ctxFor(world.handle, actor)

/**
 * The world's agencies not blacklisted now, in order. Contracts left unsigned by earlier
 * tests lapse as the clock moves, and two lapses blacklist their winner, as they should.
 */
export async function agenciesInMarket(world: ProcedureWorld): Promise<Actor[]> {
  const barred = await world.handle.db
    .select({ id: organisations.id })
    .from(organisations)
    .where(sql`${organisations.blacklistedUntil} > platform_now()`)
  const ids = new Set(barred.map((b) => b.id))
  return world.agencies.filter((a) => !ids.has(a.organisationId!))
}
