import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { asc, eq, sql } from 'drizzle-orm'
import { signIn } from '../../models/accounts.ts'
import { verifyAuditChain } from '../../models/audit.ts'
import type { DatabaseHandle } from '../../models/db/client.ts'
import { auditEvents, organisations, serviceItems, users } from '../../models/db/schema.ts'
import { checkUscc } from '../../models/rules/uscc.ts'
import { loadCatalogue } from '../../seed/catalogue.ts'
import { henanCities, findRegion, regionLabel } from '../../models/regions.ts'
import {
  type DemoAccount,
  formatDemoAccounts,
  isDatabaseEmpty,
  seedDatabase,
} from '../../seed/run.ts'
import { createTestDatabase, ctxFor } from '../setup/test-database.ts'

const counts = { agencies: 20, departments: 3, enterprises: 3 }
const organisationCount = counts.agencies + counts.departments + counts.enterprises

let first: DatabaseHandle
let second: DatabaseHandle
let firstAccounts: DemoAccount[]
let secondAccounts: DemoAccount[]

beforeAll(async () => {
  ;[first, second] = await Promise.all([createTestDatabase(), createTestDatabase()])
  expect(await isDatabaseEmpty(first.db)).toBe(true)
  firstAccounts = await seedDatabase(first.db, { seed: 42, ...counts })
  secondAccounts = await seedDatabase(second.db, { seed: 42, ...counts })
})
afterAll(() => Promise.all([first?.close(), second?.close()]))

const organisationsOf = (handle: DatabaseHandle) =>
  handle.db
    .select({
      kind: organisations.kind,
      name: organisations.name,
      uscc: organisations.uscc,
      verifiedAt: organisations.verifiedAt,
    })
    .from(organisations)
    .orderBy(asc(organisations.uscc))

describe('Henan regions', () => {
  it('lists 18 cities with 济源市 among them, and labels a county with its city', () => {
    expect(henanCities).toHaveLength(18)
    expect(henanCities.map((c) => c.name)).toContain('济源市')
    expect(henanCities.map((c) => c.name)).not.toContain('省直辖县级行政区划')
    expect(regionLabel('410902')).toBe('河南省 濮阳市 华龙区')
    expect(regionLabel('419001')).toBe('河南省 济源市')
    expect(findRegion('110101')).toBeUndefined()
  })
})

describe('demo seed', () => {
  it('gives the same organisations for the same seed', async () => {
    const [a, b] = await Promise.all([organisationsOf(first), organisationsOf(second)])
    expect(a).toHaveLength(organisationCount)
    const identity = (rows: typeof a) => rows.map(({ kind, name, uscc }) => ({ kind, name, uscc }))
    expect(identity(a)).toEqual(identity(b))
    expect(firstAccounts.map((x) => [x.role, x.login, x.organisationName])).toEqual(
      secondAccounts.map((x) => [x.role, x.login, x.organisationName]),
    )
  })

  it('registers every organisation with a valid USCC in a Henan county', async () => {
    for (const { uscc, name } of await organisationsOf(first)) {
      expect(checkUscc(uscc), `${name} ${uscc}`).toMatchObject({ ok: true })
      expect(findRegion(uscc.slice(2, 8))?.county, `${name} ${uscc}`).toBeDefined()
    }
  })

  it('verifies departments, so they can publish, and leaves the others as registered', async () => {
    for (const org of await organisationsOf(first))
      expect(org.verifiedAt != null, org.name).toBe(org.kind === 'department')
  })

  it('gives each organisation at least one user with a mobile phone', async () => {
    const rows = await first.db
      .select({ organisationId: organisations.id, n: sql<number>`count(${users.id})::int` })
      .from(organisations)
      .leftJoin(users, eq(users.organisationId, organisations.id))
      .groupBy(organisations.id)
    expect(rows.every((r) => r.n >= 1)).toBe(true)
    const phones = await first.db.select({ phone: users.phone }).from(users)
    expect(phones.every((p) => /^1[3-9]\d{9}$/.test(p.phone))).toBe(true)
  })

  it('returns one demo account per role, each able to sign in', async () => {
    expect(firstAccounts.map((a) => a.role)).toEqual([
      'agency',
      'department',
      'enterprise',
      'supervisor',
    ])
    for (const account of firstAccounts) {
      const { userId } = await signIn(ctxFor(first), {
        login: account.login,
        password: account.password,
      })
      const [user] = await first.db.select().from(users).where(eq(users.id, userId))
      expect(user!.role).toBe(account.role)
    }
    expect(formatDemoAccounts(firstAccounts)).toContain(firstAccounts[0]!.password)
  })

  it('draws the demo passwords afresh on every run, not from the seed', () => {
    for (const [i, account] of firstAccounts.entries())
      expect(account.password).not.toBe(secondAccounts[i]!.password)
  })

  it('loads the 48 catalogue items with fees in fen, and loading again changes nothing', async () => {
    await loadCatalogue(first.db)
    const items = await first.db.select().from(serviceItems).orderBy(asc(serviceItems.code))
    expect(items).toHaveLength(48)
    expect(items[0]).toMatchObject({
      code: 'SI-001',
      feeMinFen: 80_000_00,
      feeMaxFen: 400_000_00,
      timeLimitWorkdays: 60,
      aliases: ['环评报告书'],
    })
    expect(items[0]!.feeStandard).toContain('演示数据，非官方标准')
    for (const item of items) {
      expect(Number.isInteger(item.feeMinFen)).toBe(true)
      expect(item.feeMaxFen!).toBeGreaterThanOrEqual(item.feeMinFen!)
    }
  })

  it('audits each created organisation and keeps the chain whole', async () => {
    const created = await first.db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditEvents)
      .where(eq(auditEvents.action, 'seed.organisation_created'))
    expect(created[0]!.n).toBe(organisationCount)
    const report = await verifyAuditChain(first.db)
    expect(report.problem).toBeNull()
    expect(report.checked).toBeGreaterThan(organisationCount)
  })

  it('no longer counts as empty once seeded', async () => {
    expect(await isDatabaseEmpty(first.db)).toBe(false)
  })
})
