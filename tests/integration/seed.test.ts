import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { asc, eq, sql } from 'drizzle-orm'
import { signIn } from '../../models/accounts.ts'
import { appendAuditEvent, appendAuditEvents, verifyAuditChain } from '../../models/audit.ts'
import type { DatabaseHandle } from '../../models/db/client.ts'
import {
  auditEvents,
  offeringCases,
  offerings,
  organisations,
  practitioners,
  qualifications,
  serviceItems,
  supervisionActions,
  users,
} from '../../models/db/schema.ts'
import { checkUscc } from '../../models/rules/uscc.ts'
import { findRegion, henanCities, isHenanCounty, regionLabel } from '../../models/regions.ts'
import { catalogueItems, loadCatalogue } from '../../seed/catalogue.ts'
import { businesses } from '../../seed/registry-businesses.ts'
import {
  type DemoAccount,
  formatDemoAccounts,
  isDatabaseEmpty,
  seedDatabase,
} from '../../seed/run.ts'
import { createTestDatabase, ctxFor } from '../setup/test-database.ts'

// Enough agencies for shares and mixes to show, few enough to seed twice in a second or two.
const counts = { agencies: 300, departments: 3, enterprises: 3 }
const organisationCount = counts.agencies + counts.departments + counts.enterprises
const today = new Date().toISOString().slice(0, 10)
const items = new Map(catalogueItems.map((item) => [item.code, item]))

let first: DatabaseHandle
let second: DatabaseHandle
let firstAccounts: DemoAccount[]
let secondAccounts: DemoAccount[]

// The registry only: seed-projects.test.ts runs the projects' procedures (the slow part).
beforeAll(async () => {
  ;[first, second] = await Promise.all([createTestDatabase(), createTestDatabase()])
  expect(await isDatabaseEmpty(first.db)).toBe(true)
  firstAccounts = await seedDatabase(first.db, { seed: 42, ...counts, projects: false })
  secondAccounts = await seedDatabase(second.db, { seed: 42, ...counts, projects: false })
})
afterAll(() => Promise.all([first?.close(), second?.close()]))

const agenciesOf = (handle: DatabaseHandle) =>
  handle.db
    .select()
    .from(organisations)
    .where(eq(organisations.kind, 'agency'))
    .orderBy(asc(organisations.id))

/** What the seed promises to repeat: names, codes, places and offerings, not ids or times. */
async function registryOf(handle: DatabaseHandle) {
  const db = handle.db
  const byUscc = sql<string>`(select uscc from organisations o where o.id = agency_id)`
  return {
    organisations: await db
      .select({
        kind: organisations.kind,
        name: organisations.name,
        uscc: organisations.uscc,
        regionCode: organisations.regionCode,
        address: organisations.address,
        contactName: organisations.contactName,
        introduction: organisations.introduction,
        verified: sql<boolean>`${organisations.verifiedAt} is not null`,
      })
      .from(organisations)
      .orderBy(asc(organisations.uscc)),
    offerings: await db
      .select({
        agency: byUscc,
        code: offerings.serviceItemCode,
        kind: offerings.feeKind,
        min: offerings.feeMinFen,
        max: offerings.feeMaxFen,
        rule: offerings.feeRule,
        example: offerings.feeExample,
        days: offerings.timeLimitDays,
        scope: offerings.scope,
      })
      .from(offerings)
      .orderBy(byUscc, asc(offerings.serviceItemCode)),
    qualifications: await db
      .select({ agency: byUscc, type: qualifications.type, number: qualifications.number })
      .from(qualifications)
      .orderBy(byUscc, asc(qualifications.number)),
    practitioners: await db
      .select({ agency: byUscc, name: practitioners.name, no: practitioners.certificateNumber })
      .from(practitioners)
      .orderBy(byUscc, asc(practitioners.certificateNumber)),
  }
}

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

describe('demo seed: organisations', () => {
  it('repeats names, codes, places, offerings and credentials for the same seed', async () => {
    const [a, b] = await Promise.all([registryOf(first), registryOf(second)])
    expect(a.organisations).toHaveLength(organisationCount)
    expect(a.offerings.length).toBeGreaterThan(counts.agencies)
    expect(a).toEqual(b)
    expect(firstAccounts.map((x) => [x.role, x.login, x.organisationName])).toEqual(
      secondAccounts.map((x) => [x.role, x.login, x.organisationName]),
    )
  })

  it('registers every organisation with a valid USCC and a county, its city code its first four digits', async () => {
    const rows = await first.db.select().from(organisations)
    for (const { uscc, name, regionCode, cityCode, address } of rows) {
      expect(checkUscc(uscc), `${name} ${uscc}`).toMatchObject({ ok: true })
      expect(isHenanCounty(regionCode!), name).toBe(true)
      expect(cityCode, name).toBe(regionCode!.slice(0, 4))
      expect(address, name).toMatch(new RegExp(`^河南省${findRegion(regionCode!)!.city!.name}`))
    }
  })

  it('starts in 濮阳, which keeps the largest share, and spreads over Henan', async () => {
    const agencies = await agenciesOf(first)
    expect(agencies.slice(0, 20).map((a) => a.cityCode)).toEqual(Array(20).fill('4109'))
    expect(firstAccounts[0]!.organisationName).toBe(agencies[0]!.name)
    // …and they joined last, so the directory's newest-first page is theirs.
    const newest = [...agencies].sort((x, y) => +y.createdAt - +x.createdAt).slice(0, 20)
    expect(newest.map((a) => a.id)).toEqual(agencies.slice(0, 20).map((a) => a.id))
    const perCity = new Map<string, number>()
    for (const a of agencies) perCity.set(a.cityCode!, (perCity.get(a.cityCode!) ?? 0) + 1)
    const ranked = [...perCity].sort((x, y) => y[1] - x[1])
    expect(ranked[0]![0]).toBe('4109')
    expect(ranked[0]![1] / agencies.length).toBeGreaterThan(0.1)
    expect(ranked[0]![1] / agencies.length).toBeLessThan(0.25)
    expect(perCity.size).toBeGreaterThanOrEqual(15)
  })

  it('fills in every agency profile: representative, contacts and a short introduction', async () => {
    for (const a of await agenciesOf(first)) {
      expect(a.legalRepresentative, a.name).toMatch(/^\p{Script=Han}{2,4}$/u)
      expect(a.contactName, a.name).toMatch(/^\p{Script=Han}{2,4}$/u)
      expect(a.contactPhone, a.name).toMatch(/^(1[3-9]\d{9}|0\d{3}-\d{7,8})$/)
      expect(a.contactEmail, a.name).toMatch(/^[a-z0-9]+@[a-z0-9.]+\.com$/)
      expect(a.introduction.split('。').length - 1, a.name).toBeGreaterThanOrEqual(2)
      expect(a.logoUploadId).toBeNull()
    }
  })

  it('verifies about 30 % of agencies and every department, each on the supervisor’s record', async () => {
    const agencies = await agenciesOf(first)
    const verified = agencies.filter((a) => a.verifiedAt)
    expect(verified.length / agencies.length).toBeGreaterThan(0.2)
    expect(verified.length / agencies.length).toBeLessThan(0.4)
    const records = await first.db
      .select({ organisationId: supervisionActions.organisationId, kind: supervisionActions.kind })
      .from(supervisionActions)
      .innerJoin(users, eq(users.id, supervisionActions.supervisorId))
      .where(eq(users.role, 'supervisor'))
    const verifiedRecords = new Set(
      records.filter((r) => r.kind === 'verified').map((r) => r.organisationId),
    )
    const all = await first.db.select().from(organisations)
    for (const org of all)
      expect(verifiedRecords.has(org.id), org.name).toBe(org.verifiedAt != null)
    expect(all.filter((o) => o.kind === 'department').every((o) => o.verifiedAt)).toBe(true)
  })

  it('flags and suspends a few agencies with public reasons, near the top of the list', async () => {
    const agencies = await agenciesOf(first)
    const flagged = agencies.filter((a) => a.flaggedAt)
    const suspended = agencies.filter((a) => a.suspendedAt)
    expect(flagged.length).toBeGreaterThanOrEqual(1)
    expect(suspended.length).toBeGreaterThanOrEqual(1)
    for (const a of flagged) expect(a.flagReason).toMatch(/。$/)
    for (const a of suspended) expect(a.suspensionReason).toMatch(/。$/)
    expect(agencies[0]!.flaggedAt ?? agencies[0]!.suspendedAt).toBeNull()
    const positions = [...flagged, ...suspended].map((a) => agencies.indexOf(a))
    expect(positions.every((p) => p < 20)).toBe(true)
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
})

describe('demo seed: offerings and credentials', () => {
  it('keeps every fee inside its item’s demo range and every time limit within the item’s', async () => {
    const rows = await first.db.select().from(offerings)
    for (const o of rows) {
      const item = items.get(o.serviceItemCode)!
      const [low, high] = item.demo_fee_range_yuan
      const label = `${o.serviceItemCode} ${o.feeKind} ${o.feeMinFen}–${o.feeMaxFen}`
      expect(o.feeMinFen, label).toBeGreaterThanOrEqual(low * 100)
      expect(o.feeMaxFen, label).toBeLessThanOrEqual(high * 100)
      expect(o.feeMinFen, label).toBeLessThanOrEqual(o.feeMaxFen)
      expect(o.timeLimitDays, label).toBeGreaterThanOrEqual(1)
      expect(o.timeLimitDays, label).toBeLessThanOrEqual(item.demo_time_limit_workdays)
      expect(o.scope.length, label).toBeGreaterThan(10)
      if (o.feeKind === 'fixed') expect(o.feeMinFen, label).toBe(o.feeMaxFen)
      if (o.feeKind === 'range') expect(o.feeMinFen, label).toBeLessThan(o.feeMaxFen)
      if (o.feeKind !== 'rule') expect([o.feeRule, o.feeExample], label).toEqual(['', ''])
      else {
        expect(o.feeRule, label).toMatch(
          /^(执行政府指导价，)?按.+计取，最低 [\d.,]+ 万?元，最高 [\d.,]+ 万?元$/,
        )
        expect(o.feeExample, label).toMatch(/ → [\d.,]+ 万?元/)
      }
    }
    const kinds = new Set(rows.map((o) => o.feeKind))
    expect([...kinds].sort()).toEqual(['fixed', 'range', 'rule'])
    const paused = rows.filter((o) => o.pausedAt).length / rows.length
    expect(paused).toBeGreaterThan(0)
    expect(paused).toBeLessThan(0.1)
  })

  it('lists 1–6 offerings per agency, counted, all from its line of business, and 1–8 practitioners', async () => {
    const offered = await first.db
      .select({
        agencyId: offerings.agencyId,
        code: offerings.serviceItemCode,
        paused: sql<boolean>`${offerings.pausedAt} is not null`,
      })
      .from(offerings)
    const staff = await first.db
      .select({ agencyId: practitioners.agencyId, type: practitioners.certificateType })
      .from(practitioners)
    for (const agency of await agenciesOf(first)) {
      const business = businesses
        .filter((b) => agency.name.endsWith(b.suffix))
        .sort((x, y) => y.suffix.length - x.suffix.length)[0]!
      const own = offered.filter((o) => o.agencyId === agency.id)
      const codes = own.map((o) => o.code)
      // The directory sorts by this count, kept in step by models/offerings.ts.
      expect(agency.activeOfferingCount, agency.name).toBe(own.filter((o) => !o.paused).length)
      expect(codes.length, agency.name).toBeGreaterThanOrEqual(1)
      expect(codes.length, agency.name).toBeLessThanOrEqual(6)
      for (const code of codes) expect(business.items, agency.name).toContain(code)
      const certificates = staff.filter((p) => p.agencyId === agency.id).map((p) => p.type)
      expect(certificates.length, agency.name).toBeGreaterThanOrEqual(1)
      expect(certificates.length, agency.name).toBeLessThanOrEqual(8)
      for (const type of certificates) expect(business.certificates, agency.name).toContain(type)
    }
  })

  it('backs most qualification-bound offerings with a valid qualification, and shows a few expired', async () => {
    const held = await first.db.select().from(qualifications)
    const bound = (await first.db.select().from(offerings)).filter(
      (o) => items.get(o.serviceItemCode)!.qualification,
    )
    expect(bound.length).toBeGreaterThan(20)
    const isValid = (q: (typeof held)[number]) =>
      q.validFrom <= today && (q.validTo ?? '9999') >= today
    const backed = bound.filter((o) =>
      held.some(
        (q) =>
          q.agencyId === o.agencyId &&
          q.type === items.get(o.serviceItemCode)!.qualification &&
          isValid(q),
      ),
    )
    expect(backed.length / bound.length).toBeGreaterThan(0.8)
    expect(backed.length).toBeLessThan(bound.length)
    expect(held.some((q) => q.validTo && q.validTo < today)).toBe(true)
    for (const q of held) {
      expect(q.number.length, q.type).toBeGreaterThanOrEqual(6)
      expect(q.issuer, q.type).toMatch(/^(中华人民共和国|河南省|中国|国家|方圆)/)
      expect(q.isOther, q.type).toBe(!catalogueItems.some((i) => i.qualification === q.type))
    }
  })

  it('shows past cases under some offerings, inside the item’s range', async () => {
    const cases = await first.db
      .select({ case: offeringCases, code: offerings.serviceItemCode })
      .from(offeringCases)
      .innerJoin(offerings, eq(offerings.id, offeringCases.offeringId))
    expect(cases.length).toBeGreaterThan(50)
    for (const { case: c, code } of cases) {
      const [low, high] = items.get(code)!.demo_fee_range_yuan
      expect(c.amountFen!).toBeGreaterThanOrEqual(low * 100)
      expect(c.amountFen!).toBeLessThanOrEqual(high * 100)
      expect(c.title).toContain(items.get(code)!.name)
      expect(c.completedOn < today).toBe(true)
    }
  })
})

describe('demo seed: accounts and audit', () => {
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

  it('audits each batch once, with counts that match what was stored, and keeps the chain whole', async () => {
    const batches = await first.db
      .select({ data: auditEvents.data })
      .from(auditEvents)
      .where(eq(auditEvents.action, 'seed.batch_created'))
    expect(batches).toHaveLength(3) // departments, enterprises, agencies: one batch each
    const total = (key: string) => batches.reduce((n, b) => n + (b.data[key] as number), 0)
    const [stored] = await first.db
      .select({ offerings: sql<number>`count(*)::int` })
      .from(offerings)
    expect(total('organisations')).toBe(organisationCount)
    expect(total('offerings')).toBe(stored!.offerings)
    const agencyBatch = batches.find((b) => b.data.kind === 'agency')!.data
    const agencies = await agenciesOf(first)
    expect(agencyBatch).toMatchObject({
      from: 1,
      to: counts.agencies,
      firstId: agencies[0]!.id,
      lastId: agencies.at(-1)!.id,
    })
    const report = await verifyAuditChain(first.db)
    expect(report.problem).toBeNull()
  })

  it('appends a batch of audit events as one chain that single appends continue', async () => {
    const event = (n: number) => ({
      actorUserId: null,
      action: 'seed.batch_created',
      subjectType: 'test',
      data: { n },
    })
    expect(await appendAuditEvents(second.db, [])).toEqual([])
    const seqs = await appendAuditEvents(second.db, [event(1), event(2), event(3)])
    expect(seqs).toHaveLength(3)
    expect(seqs[1]! - seqs[0]!).toBe(1)
    expect(seqs[2]! - seqs[1]!).toBe(1)
    await appendAuditEvent(second.db, event(4))
    expect((await verifyAuditChain(second.db)).problem).toBeNull()
  })

  it('loads the 48 catalogue items with fees in fen, and loading again changes nothing', async () => {
    await loadCatalogue(first.db)
    const rows = await first.db.select().from(serviceItems).orderBy(asc(serviceItems.code))
    expect(rows).toHaveLength(48)
    expect(rows[0]).toMatchObject({
      code: 'SI-001',
      feeMinFen: 80_000_00,
      feeMaxFen: 400_000_00,
      timeLimitWorkdays: 60,
      aliases: ['环评报告书'],
    })
    expect(rows[0]!.feeStandard).toContain('演示数据，非官方标准')
  })

  it('no longer counts as empty once seeded', async () => {
    expect(await isDatabaseEmpty(first.db)).toBe(false)
  })
})
