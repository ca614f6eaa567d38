import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSupervisor, signIn, signUp } from '../../models/accounts.ts'
import type { Actor, Ctx } from '../../models/context.ts'
import type { Database, DatabaseHandle } from '../../models/db/client.ts'
import { createOffering, pauseOffering, resumeOffering } from '../../models/offerings.ts'
import { updateMyProfile } from '../../models/profiles.ts'
import { addQualification, removeQualification } from '../../models/qualifications.ts'
import { findSessionActor } from '../../models/sessions.ts'
import { reinstate, suspend, verifyOrganisation } from '../../models/supervision.ts'
import { loadCatalogue } from '../../seed/catalogue.ts'
import { buildSignUp, fakePhone } from '../../seed/factories.ts'
import type { SearchParams } from '../../search/filters.ts'
import { recountSearchCounts } from '../../search/indexing.ts'
import { search } from '../../search/query.ts'
import { createTestDatabase, ctxFor } from '../setup/test-database.ts'

let handle: DatabaseHandle
let supervisor: Actor
let puyang: Actor
let zhengzhou: Actor
let zhengzhouEia: string

async function actorFor(login: string, password: string) {
  const { session } = await signIn(ctxFor(handle), { login, password })
  return (await findSessionActor(handle.db, session.id))!
}

const profile = (
  name: string,
  regionCode: string,
  input: { contactName: string; phone: string },
) => ({
  name,
  legalRepresentative: '张三',
  address: '示例路 1 号',
  regionCode,
  contactName: input.contactName,
  contactPhone: input.phone,
})

async function agency(name: string, regionCode: string): Promise<Actor> {
  const input = buildSignUp({ kind: 'agency' })
  await signUp(ctxFor(handle), input)
  const actor = await actorFor(input.phone, input.password)
  await updateMyProfile(ctxFor(handle, actor), profile(name, regionCode, input))
  return { ...actor, organisationName: name }
}

const rowsOf = async <T>(db: Database, query: ReturnType<typeof sql>) =>
  ((await db.execute(query)) as unknown as { rows: T[] }).rows

/** The search rows as the records say they should be, and as they are. */
async function expectIndexMatchesRecords(db: Database = handle.db) {
  const expected = await rowsOf(
    db,
    sql`
    select f.id::text as id, f.service_item_code as item, coalesce(o.city_code, '') as city,
      o.region_code as region, o.verified_at is not null as verified, f.fee_min_fen as fee,
      (f.paused_at is null and o.suspended_at is null) as visible,
      o.credit_grade as grade, o.credit_score as score,
      array(select distinct q.type from qualifications q
        where q.agency_id = o.id and not q.is_other order by q.type)::text[] as quals
    from offerings f join organisations o on o.id = f.agency_id order by 1`,
  )
  const actual = await rowsOf(
    db,
    sql`
    select offering_id::text as id, service_item_code as item, city_code as city,
      region_code as region, verified, fee_min_fen as fee, visible, credit_grade as grade,
      credit_score as score, qualifications as quals
    from offering_search order by 1`,
  )
  expect(actual).toEqual(expected)
  const recount = await rowsOf(
    db,
    sql`
    select s.service_item_code as item, s.city_code as city, s.verified,
      case when s.fee_min_fen < 1000000 then 'lt1w' when s.fee_min_fen < 5000000 then '1w-5w'
        when s.fee_min_fen < 20000000 then '5w-20w' else 'gte20w' end as fee,
      s.credit_grade as grade, q.qualification, count(*)::int as n
    from offering_search s cross join unnest(array['']::text[] || s.qualifications) q(qualification)
    where s.visible group by 1, 2, 3, 4, 5, 6 order by 1, 2, 3, 4, 5, 6`,
  )
  const kept = await rowsOf(
    db,
    sql`
    select service_item_code as item, city_code as city, verified, fee_bucket as fee,
      credit_grade as grade, qualification, n from offering_search_counts where n <> 0
    order by 1, 2, 3, 4, 5, 6`,
  )
  expect(kept).toEqual(recount)
}

const fee = (min: number) => ({ feeKind: 'range' as const, feeMinFen: min, feeMaxFen: min * 2 })
const qualification = {
  type: '测绘资质证书',
  level: '甲级',
  number: '豫测资字 0001',
  issuer: '河南省自然资源厅',
  validFrom: '2024-01-01',
  validTo: '2099-12-31',
}

beforeAll(async () => {
  handle = await createTestDatabase()
  await loadCatalogue(handle.db)
  const phone = fakePhone()
  await createSupervisor(handle.db, { name: '监管乙', phone, password: 'Supervise123' }, null)
  supervisor = await actorFor(phone, 'Supervise123')
  puyang = await agency('濮阳市恒信测绘有限公司', '410902')
  zhengzhou = await agency('郑州恒信环境咨询有限公司', '410105')
  const as = (actor: Actor) => ctxFor(handle, actor)
  await createOffering(as(puyang), { serviceItemCode: 'SI-013', ...fee(500_000), timeLimitDays: 9 })
  await createOffering(as(puyang), {
    serviceItemCode: 'SI-001',
    ...fee(3_000_000),
    timeLimitDays: 9,
  })
  zhengzhouEia = (
    await createOffering(as(zhengzhou), {
      serviceItemCode: 'SI-001',
      ...fee(30_000_000),
      timeLimitDays: 20,
    })
  ).id
})
afterAll(() => handle.close())

const find = (params: Partial<SearchParams>, countCap?: number) =>
  search(handle.db, { q: '', type: 'offering', facets: true, ...params }, { countCap })

describe('the offering search rows and their counts', () => {
  it('follow every change to offerings, profiles, qualifications and standing', async () => {
    await expectIndexMatchesRecords()
    const qual = await addQualification(ctxFor(handle, puyang), qualification)
    await expectIndexMatchesRecords()
    await verifyOrganisation(ctxFor(handle, supervisor), { organisationId: puyang.organisationId! })
    await expectIndexMatchesRecords()
    await pauseOffering(ctxFor(handle, zhengzhou), zhengzhouEia)
    await expectIndexMatchesRecords()
    await resumeOffering(ctxFor(handle, zhengzhou), zhengzhouEia)
    const reason = '经核查，提供虚假材料'
    await suspend(ctxFor(handle, supervisor), { organisationId: zhengzhou.organisationId!, reason })
    await expectIndexMatchesRecords()
    await reinstate(ctxFor(handle, supervisor), {
      organisationId: zhengzhou.organisationId!,
      reason: '已按要求完成整改',
    })
    await expectIndexMatchesRecords()
    await removeQualification(ctxFor(handle, puyang), qual.id)
    await expectIndexMatchesRecords()
    await addQualification(ctxFor(handle, puyang), qualification)
    await expectIndexMatchesRecords()
    // Recounting from scratch (as after a change of fee buckets) gives the same cells.
    await handle.db.execute(sql`update offering_search_counts set n = n + 7`)
    await recountSearchCounts(handle.db)
    await expectIndexMatchesRecords()
  })

  it('are left as they were when the change rolls back', async () => {
    const before = await rowsOf(
      handle.db,
      sql`select * from offering_search_counts order by 1, 2, 3, 4, 5, 6`,
    )
    const rollback = new Error('rolled back on purpose')
    await expect(
      handle.db.transaction(async (tx) => {
        const ctx: Ctx = { db: tx as unknown as Database, actor: supervisor }
        await suspend(ctx, { organisationId: puyang.organisationId!, reason: '临时暂停以核查材料' })
        await expectIndexMatchesRecords(tx as unknown as Database)
        expect(
          (await search(tx as unknown as Database, { q: '测绘', type: 'offering' })).total,
        ).toBe(0)
        throw rollback
      }),
    ).rejects.toBe(rollback)
    const after = await rowsOf(
      handle.db,
      sql`select * from offering_search_counts order by 1, 2, 3, 4, 5, 6`,
    )
    expect(after).toEqual(before)
    expect((await find({ q: '测绘' })).total).toBe(1)
  })
})

describe('totals and facets', () => {
  it('count item and filter searches from the kept counts, as counting the rows would', async () => {
    // A city is answered from the counts, a county by counting rows: the same offerings here.
    const byCity = await find({ q: '环评', region: '4109' })
    const byCounty = await find({ q: '环评', region: '410902' })
    expect(byCity.total).toBe(1)
    expect(byCity.totalExact).toBe(true)
    expect(byCity.facets).toEqual(byCounty.facets)
    expect(byCity.facets).toMatchObject({
      item: [{ value: 'SI-001', label: '环境影响报告书编制', count: 1 }],
      category: [{ value: '生态环境', count: 1 }],
      city: [{ value: '4109', label: '濮阳市', count: 1 }],
      qualification: [{ value: '测绘资质证书', count: 1 }],
      verified: 1,
      fee: [{ value: '1w-5w', count: 1 }],
    })

    const all = await find({ q: '环评' })
    expect(all.total).toBe(2)
    expect(all.facets?.fee.map((f) => f.value)).toEqual(['1w-5w', 'gte20w'])
    expect((await find({ q: '环评', fee: 'gte20w' })).total).toBe(1)
    expect((await find({ q: '环评', verified: true })).total).toBe(1)

    const holders = await find({ qualification: '测绘资质证书' })
    expect(holders.total).toBe(2)
    expect(holders.facets?.qualification).toEqual([
      { value: '测绘资质证书', label: '测绘资质证书', count: 2 },
    ])
    expect((await find({ category: '生态环境' })).total).toBe(2)
    expect((await find({ category: '生态环境', item: 'SI-013' })).total).toBe(0)
  })

  it('rank item searches by how well the item matches, verified agencies first, then fee', async () => {
    const outcome = await find({ q: '环评', sort: 'relevance' })
    expect(outcome.type === 'offering' && outcome.results.map((r) => r.agencyName)).toEqual([
      '濮阳市恒信测绘有限公司',
      '郑州恒信环境咨询有限公司',
    ])
    const byTime = await find({ q: '环评', sort: 'time' })
    expect(byTime.type === 'offering' && byTime.results.map((r) => r.timeLimitDays)).toEqual([
      9, 20,
    ])
    const second = await find({ q: '环评', pageSize: 1, page: 2 })
    expect(second.type === 'offering' && second.results.map((r) => r.agencyName)).toEqual([
      '郑州恒信环境咨询有限公司',
    ])
  })

  it('stop counting broad full-text searches at the cap and say so', async () => {
    const exact = await find({ q: '恒信' })
    expect(exact).toMatchObject({ total: 3, totalExact: true })
    const capped = await find({ q: '恒信' }, 2)
    expect(capped).toMatchObject({ total: 2, totalExact: false })
    expect(capped.results).toHaveLength(2)
    const counted = capped.facets!.city.reduce((sum, c) => sum + c.count, 0)
    expect(counted).toBe(2)
    const agencies = await search(
      handle.db,
      { q: '恒信', type: 'agency', facets: true },
      { countCap: 1 },
    )
    expect(agencies).toMatchObject({ total: 1, totalExact: false })
    expect(agencies.results).toHaveLength(1)
  })
})

describe('the catalogue as search reads it', () => {
  it('reads a new alias on the very next search', async () => {
    expect((await find({ q: '蓝鲸测' })).understood.items).toEqual([])
    await handle.db.execute(
      sql`update service_items set aliases = aliases || '{蓝鲸测}'::text[] where code = 'SI-013'`,
    )
    const outcome = await find({ q: '蓝鲸测' })
    expect(outcome.understood.items.map((i) => i.code)).toEqual(['SI-013'])
    expect(outcome.total).toBe(1)
  })
})
