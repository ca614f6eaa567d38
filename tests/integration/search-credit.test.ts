import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signIn, signUp } from '../../models/accounts.ts'
import type { Actor } from '../../models/context.ts'
import { addCreditRecord } from '../../models/credit.ts'
import { recomputeAllScores } from '../../models/credit-recompute.ts'
import type { Database, DatabaseHandle } from '../../models/db/client.ts'
import { creditRecords } from '../../models/db/schema-credit.ts'
import { organisations } from '../../models/db/schema.ts'
import { createOffering, pauseOffering } from '../../models/offerings.ts'
import { updateMyProfile } from '../../models/profiles.ts'
import { addQualification } from '../../models/qualifications.ts'
import { findSessionActor } from '../../models/sessions.ts'
import { loadCatalogue } from '../../seed/catalogue.ts'
import { buildSignUp } from '../../seed/factories.ts'
import type { SearchParams } from '../../search/filters.ts'
import { recountSearchCounts } from '../../search/indexing.ts'
import { search } from '../../search/query.ts'
import { createTestDatabase, ctxFor } from '../setup/test-database.ts'

// Three agencies offering 环评 (SI-001) whose names share 恒信, so '环评' is an item search
// (counted from offering_search_counts) and '恒信' a full-text one (counted from the rows).
let handle: DatabaseHandle
let puyang: Actor // two visible offerings, a qualification; stays A until the recompute
let zhengzhou: Actor // one deduction: 97, still A
let luoyang: Actor // nine deductions: 73, C

async function agency(name: string, regionCode: string): Promise<Actor> {
  const input = buildSignUp({ kind: 'agency' })
  await signUp(ctxFor(handle), input)
  const { session } = await signIn(ctxFor(handle), {
    login: input.phone,
    password: input.password,
  })
  const actor = (await findSessionActor(handle.db, session.id))!
  await updateMyProfile(ctxFor(handle, actor), {
    name,
    legalRepresentative: '张三',
    address: '示例路 1 号',
    regionCode,
    contactName: input.contactName,
    contactPhone: input.phone,
  })
  return { ...actor, organisationName: name }
}

const fee = (min: number) => ({ feeKind: 'range' as const, feeMinFen: min, feeMaxFen: min * 2 })

beforeAll(async () => {
  handle = await createTestDatabase()
  await loadCatalogue(handle.db)
  puyang = await agency('濮阳市恒信测绘有限公司', '410902')
  zhengzhou = await agency('郑州恒信环境咨询有限公司', '410105')
  luoyang = await agency('洛阳恒信工程咨询有限公司', '410302')
  const offer = (actor: Actor, code: string, min: number) =>
    createOffering(ctxFor(handle, actor), { serviceItemCode: code, ...fee(min), timeLimitDays: 9 })
  // Fees run the other way from credit, so the credit sort is not the fee order by chance.
  await offer(puyang, 'SI-001', 3_000_000)
  await offer(puyang, 'SI-013', 500_000)
  await offer(zhengzhou, 'SI-001', 2_000_000)
  await offer(luoyang, 'SI-001', 1_000_000)
  const paused = await offer(luoyang, 'SI-002', 1_000_000)
  await pauseOffering(ctxFor(handle, luoyang), paused.id)
  await addQualification(ctxFor(handle, puyang), {
    type: '测绘资质证书',
    level: '甲级',
    number: '豫测资字 0001',
    issuer: '河南省自然资源厅',
    validFrom: '2024-01-01',
    validTo: '2099-12-31',
  })
})
afterAll(() => handle.close())

const rowsOf = async <T>(db: Database, query: ReturnType<typeof sql>) =>
  ((await db.execute(query)) as unknown as { rows: T[] }).rows

const find = (params: Partial<SearchParams>, db: Database = handle.db) =>
  search(db, { q: '', type: 'offering', facets: true, ...params })

const gradeFacet = async (params: Partial<SearchParams>, db?: Database) =>
  (await find(params, db)).facets?.grade.map((g) => [g.label, g.count])

const agencyNames = async (params: Partial<SearchParams>) => {
  const outcome = await find(params)
  return outcome.type === 'offering' ? outcome.results.map((r) => r.agencyName) : []
}

const keptCounts = (db: Database) =>
  rowsOf(db, sql`select * from offering_search_counts where n <> 0 order by 1, 2, 3, 4, 5, 6`)

/** What the kept counts would be if counted afresh, read inside `db`'s transaction. */
const recountedCounts = (db: Database) =>
  rowsOf(
    db,
    sql`
    select s.service_item_code, s.city_code, s.verified,
      case when s.fee_min_fen < 1000000 then 'lt1w' when s.fee_min_fen < 5000000 then '1w-5w'
        when s.fee_min_fen < 20000000 then '5w-20w' else 'gte20w' end as fee_bucket,
      s.credit_grade, q.qualification, count(*)::int as n
    from offering_search s cross join unnest(array['']::text[] || s.qualifications) q(qualification)
    where s.visible group by 1, 2, 3, 4, 5, 6 order by 1, 2, 3, 4, 5, 6`,
  )

/** The search rows carry each agency's standing as organisations has it. */
const staleRows = (db: Database) =>
  rowsOf(
    db,
    sql`select s.offering_id from offering_search s join organisations o on o.id = s.agency_id
      where (s.credit_grade, s.credit_score) is distinct from (o.credit_grade, o.credit_score)`,
  )

/** `count` overdue deliveries (−3 each, no cap, no blacklisting), counted at once. */
async function deductions(db: Database, actor: Actor, count: number, tag: string) {
  for (let i = 0; i < count; i++)
    await addCreditRecord(
      db,
      {
        agencyId: actor.organisationId!,
        rule: 'overdue_delivery',
        sourceType: 'contract',
        sourceId: `${tag}-${i}`,
        summary: '逾期交付',
      },
      new Date(),
    )
}

describe('credit grades in search', () => {
  it('start at A everywhere, and the API-shaped results carry the grade', async () => {
    expect(await gradeFacet({ q: '环评' })).toEqual([['A 级（守信）', 3]])
    const outcome = await find({ q: '恒信', type: 'agency' })
    expect(outcome.type === 'agency' && outcome.results.map((r) => r.creditGrade)).toEqual([
      'A',
      'A',
      'A',
    ])
    expect(outcome.facets?.grade).toEqual([{ value: 'A', label: 'A 级（守信）', count: 3 }])
  })

  it('follow a score change in the transaction that records it, and not after a rollback', async () => {
    const before = await keptCounts(handle.db)
    const rollback = new Error('rolled back on purpose')
    await expect(
      handle.db.transaction(async (t) => {
        const tx = t as unknown as Database
        await deductions(tx, luoyang, 9, 'rolled-back')
        expect(await gradeFacet({ q: '环评' }, tx)).toEqual([
          ['A 级（守信）', 2],
          ['C 级（失信风险）', 1],
        ])
        throw rollback
      }),
    ).rejects.toBe(rollback)
    expect(await keptCounts(handle.db)).toEqual(before)
    expect(await gradeFacet({ q: '环评' })).toEqual([['A 级（守信）', 3]])

    await handle.db.transaction(async (t) => {
      const tx = t as unknown as Database
      await deductions(tx, luoyang, 9, 'luoyang')
      await deductions(tx, zhengzhou, 1, 'zhengzhou')
      // Inside the transaction: cube (item) and live (full-text) facets, rows and results.
      expect(await gradeFacet({ q: '环评' }, tx)).toEqual([
        ['A 级（守信）', 2],
        ['C 级（失信风险）', 1],
      ])
      expect(await gradeFacet({ q: '恒信' }, tx)).toEqual([
        ['A 级（守信）', 3],
        ['C 级（失信风险）', 1],
      ])
      const outcome = await find({ q: '环评', grade: 'C' }, tx)
      expect(outcome.type === 'offering' && outcome.results.map((r) => r.creditGrade)).toEqual([
        'C',
      ])
      expect(await keptCounts(tx)).toEqual(await recountedCounts(tx))
      expect(await staleRows(tx)).toEqual([])
    })
    const [row] = await handle.db
      .select({ score: organisations.creditScore, grade: organisations.creditGrade })
      .from(organisations)
      .where(eq(organisations.id, luoyang.organisationId!))
    expect(row).toEqual({ score: 73, grade: 'C' })
    expect(await staleRows(handle.db)).toEqual([])
  })

  it('count grades the same from the kept counts (city) and from the rows (county)', async () => {
    const byCity = await find({ q: '环评', region: '4103' })
    const byCounty = await find({ q: '环评', region: '410302' })
    expect(byCity.facets?.grade).toEqual([{ value: 'C', label: 'C 级（失信风险）', count: 1 }])
    expect(byCity.facets).toEqual(byCounty.facets)
    // The qualification cells moved with the grade too.
    const holders = await find({ qualification: '测绘资质证书' })
    expect(holders.facets?.grade.map((g) => [g.value, g.count])).toEqual([['A', 2]])
  })

  it('count every facet the same from the kept cells as from the rows themselves', async () => {
    // 恒信 is in every agency's name, so adding it to a filter makes a full-text search over
    // the same offerings, counted from offering_search instead of offering_search_counts.
    const [category] = (await find({ item: 'SI-001' })).facets!.category
    for (const filter of [
      { item: 'SI-001' },
      { category: category!.value },
      { qualification: '测绘资质证书' },
      { item: 'SI-001', grade: 'C' as const },
    ]) {
      const fromCells = await find(filter)
      const fromRows = await find({ q: '恒信', ...filter })
      expect(fromCells.total, JSON.stringify(filter)).toBeGreaterThan(0)
      expect(fromCells.totalExact).toBe(true)
      expect(fromCells.total).toBe(fromRows.total)
      expect(fromCells.facets, JSON.stringify(filter)).toEqual(fromRows.facets)
    }
  })

  it('filter by grade on every plan: item, filters only, full text, county, agencies', async () => {
    const totals = async (grade: SearchParams['grade'], more: Partial<SearchParams>) =>
      (await find({ grade, ...more })).total
    expect(await totals('A', { q: '环评' })).toBe(2)
    expect(await totals('C', { q: '环评' })).toBe(1)
    expect(await totals('B', { q: '环评' })).toBe(0)
    expect(await totals('A', { item: 'SI-013' })).toBe(1)
    expect(await totals('C', { item: 'SI-013' })).toBe(0)
    expect(await totals('A', { q: '恒信' })).toBe(3)
    expect(await totals('C', { q: '恒信' })).toBe(1)
    expect(await totals('C', { q: '环评', region: '410302' })).toBe(1)
    expect(await totals('A', { q: '环评', region: '410302' })).toBe(0)
    expect(await agencyNames({ q: '恒信', grade: 'C' })).toEqual(['洛阳恒信工程咨询有限公司'])
    const agencies = await find({ q: '恒信', type: 'agency', grade: 'C' })
    expect(agencies.type === 'agency' && agencies.results.map((r) => r.name)).toEqual([
      '洛阳恒信工程咨询有限公司',
    ])
    expect(agencies.facets?.grade).toEqual([{ value: 'C', label: 'C 级（失信风险）', count: 1 }])
    // Without facets the total is read another way (one sum, or a capped count).
    const bare = (more: Partial<SearchParams>) =>
      search(handle.db, { q: '', type: 'offering', ...more })
    expect((await bare({ q: '环评', grade: 'A' })).total).toBe(2)
    expect((await bare({ q: '恒信', grade: 'C' })).total).toBe(1)
  })

  it('sort by credit score, highest first, score changes within a grade included', async () => {
    expect(await agencyNames({ q: '环评' })).toEqual([
      '洛阳恒信工程咨询有限公司',
      '郑州恒信环境咨询有限公司',
      '濮阳市恒信测绘有限公司',
    ])
    const byCredit = [
      '濮阳市恒信测绘有限公司', // 100
      '郑州恒信环境咨询有限公司', // 97, still A
      '洛阳恒信工程咨询有限公司', // 73
    ]
    expect(await agencyNames({ q: '环评', sort: 'credit' })).toEqual(byCredit)
    expect(await agencyNames({ q: '环评', sort: 'credit', grade: 'A' })).toEqual(
      byCredit.slice(0, 2),
    )
    expect(await agencyNames({ q: '恒信', sort: 'credit' })).toEqual([
      byCredit[0],
      byCredit[0],
      byCredit[1],
      byCredit[2],
    ])
    const second = await agencyNames({ q: '环评', sort: 'credit', pageSize: 1, page: 2 })
    expect(second).toEqual([byCredit[1]])
  })

  it('after recomputing every score, keeps counts equal to a full recount', async () => {
    const now = new Date()
    // Records written behind the engine's back, as a rule change or a bulk import would leave them.
    await handle.db.insert(creditRecords).values(
      Array.from({ length: 4 }, (_, i) => ({
        agencyId: puyang.organisationId!,
        rule: 'overdue_delivery',
        points: -3,
        sourceType: 'contract',
        sourceId: `bulk-${i}`,
        summary: '逾期交付',
        status: 'final' as const,
        occurredAt: now,
        effectiveAt: now,
        expiresAt: new Date(now.getTime() + 86_400_000),
      })),
    )
    await handle.db
      .update(creditRecords)
      .set({ status: 'withdrawn' })
      .where(eq(creditRecords.agencyId, luoyang.organisationId!))
    // One agency per batch: batches are read ahead and written two at a time, as on a large registry.
    const report = await recomputeAllScores(handle.db, now, { batchSize: 1 })
    expect(report).toMatchObject({ changed: 2, gradesChanged: 2 })
    expect(await staleRows(handle.db)).toEqual([])
    expect(await gradeFacet({ q: '环评' })).toEqual([
      ['A 级（守信）', 2],
      ['B 级（基本守信）', 1],
    ])
    expect(await gradeFacet({ q: '恒信' })).toEqual([
      ['A 级（守信）', 2],
      ['B 级（基本守信）', 2],
    ])
    const kept = await keptCounts(handle.db)
    expect(kept).toEqual(await recountedCounts(handle.db))
    await recountSearchCounts(handle.db)
    expect(await keptCounts(handle.db)).toEqual(kept)
    expect(await agencyNames({ q: '环评', sort: 'credit' })).toEqual([
      '洛阳恒信工程咨询有限公司', // 100 again
      '郑州恒信环境咨询有限公司', // 97
      '濮阳市恒信测绘有限公司', // 88
    ])
  })
})
