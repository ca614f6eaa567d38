import { randomUUID } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recountActiveOfferings } from '../../models/offerings.ts'
import { createSupervisor, signIn, signUp } from '../../models/accounts.ts'
import type { Actor } from '../../models/context.ts'
import type { DatabaseHandle } from '../../models/db/client.ts'
import {
  offeringCases,
  offerings,
  type OrganisationKind,
  organisations,
  practitioners,
  qualifications,
} from '../../models/db/schema.ts'
import { getAgencyProfile } from '../../models/directory-profile.ts'
import { type DirectoryQuery, readDirectoryQuery } from '../../models/directory-query.ts'
import {
  getDirectoryFilterOptions,
  listAgencies,
  withoutUnknownFilters,
} from '../../models/directory.ts'
import { NotFoundError } from '../../models/errors.ts'
import { findSessionActor } from '../../models/sessions.ts'
import { flagFalseInformation, suspend, verifyOrganisation } from '../../models/supervision.ts'
import { loadCatalogue } from '../../seed/catalogue.ts'
import { composeUscc } from '../../models/rules/uscc.ts'
import { buildSignUp, fakePhone, fakeUscc } from '../../seed/factories.ts'
import { createTestDatabase, ctxFor } from '../setup/test-database.ts'

let handle: DatabaseHandle
let supervisor: Actor
beforeAll(async () => {
  handle = await createTestDatabase()
  await loadCatalogue(handle.db)
  const phone = fakePhone()
  await createSupervisor(handle.db, { name: '监管甲', phone, password: 'Supervise123' }, null)
  const { session } = await signIn(ctxFor(handle), { login: phone, password: 'Supervise123' })
  supervisor = (await findSessionActor(handle.db, session.id))!
})
afterAll(() => handle.close())

const publicCtx = () => ctxFor(handle)
const asSupervisor = () => ctxFor(handle, supervisor)

/** A filter that isolates one test's agencies by a token in their names. */
const query = (token: string, params: Record<string, string> = {}): DirectoryQuery =>
  readDirectoryQuery(new URLSearchParams({ q: token, ...params }))

const names = async (q: DirectoryQuery, page = 1) =>
  (await listAgencies(publicCtx(), q, page)).entries.map((e) => e.name)

/** Signs up through the real sign-up path: what an agency gets the moment it registers. */
async function signUpOrganisation(name: string, kind: OrganisationKind = 'agency') {
  const { organisation } = await signUp(publicCtx(), buildSignUp({ kind, organisationName: name }))
  return organisation.id
}

/** Bulk agencies straight into the table, for paging tests that need many rows. */
async function insertAgencies(token: string, count: number) {
  const rows = Array.from({ length: count }, (_, i) => ({
    kind: 'agency' as const,
    name: `${token}机构${String(i).padStart(2, '0')}`,
    uscc: fakeUscc(),
    createdAt: new Date(Date.UTC(2024, 0, 1 + i)),
  }))
  return handle.db.insert(organisations).values(rows).returning({ id: organisations.id })
}

const placeIn = (id: string, regionCode: string | null) =>
  handle.db
    .update(organisations)
    .set({ regionCode, cityCode: regionCode?.slice(0, 4) ?? null })
    .where(eq(organisations.id, id))

async function offer(agencyId: string, serviceItemCode: string, paused = false) {
  const [row] = await handle.db
    .insert(offerings)
    .values({
      agencyId,
      serviceItemCode,
      feeKind: 'range',
      feeMinFen: 200_000,
      feeMaxFen: 500_000,
      timeLimitDays: 15,
      scope: '编制报告并配合评审',
      pausedAt: paused ? new Date() : null,
    })
    .returning({ id: offerings.id })
  // Written around the model, like a bulk load: recount as the seed does.
  await recountActiveOfferings(handle.db)
  return row!.id
}

describe('zero threshold', () => {
  it('lists a newly signed-up agency at once: unverified, no region, no approval', async () => {
    const id = await signUpOrganisation('零门槛甲测绘有限公司')
    const { entries, total } = await listAgencies(publicCtx(), query('零门槛甲'))
    expect(total).toBe(1)
    expect(entries[0]).toMatchObject({
      id,
      regionLabel: '河南省外',
      verifiedAt: null,
      flagged: false,
      offeringCount: 0,
    })
    expect((await getAgencyProfile(publicCtx(), id)).agency.name).toBe('零门槛甲测绘有限公司')
  })

  it('places a new agency in the county that registered it, read from its USCC', async () => {
    const uscc = composeUscc('9', '1', '410105', 'MA4KQ8X2')
    const { organisation } = await signUp(
      publicCtx(),
      buildSignUp({ kind: 'agency', organisationName: '零门槛丙咨询有限公司', uscc }),
    )
    expect(organisation).toMatchObject({ regionCode: '410105', cityCode: '4101' })
    const { entries } = await listAgencies(publicCtx(), query('零门槛丙', { city: '4101' }))
    expect(entries.map((e) => e.regionLabel)).toEqual(['河南省 郑州市 金水区'])
  })

  it('lists agencies only, never departments or enterprises', async () => {
    await signUpOrganisation('买方乙发展和改革委员会', 'department')
    await signUpOrganisation('买方乙实业有限公司', 'enterprise')
    expect(await names(query('买方乙'))).toEqual([])
  })
})

describe('filters and sorting', () => {
  it('filters by service item, category, city, outside Henan and verified', async () => {
    const [zhengzhou, luoyang, outside] = await Promise.all([
      signUpOrganisation('筛选丙郑州环评有限公司'),
      signUpOrganisation('筛选丙洛阳水保有限公司'),
      signUpOrganisation('筛选丙省外咨询有限公司'),
    ])
    await placeIn(zhengzhou, '410105') // 郑州市 金水区
    await placeIn(luoyang, '410302')
    await offer(zhengzhou, 'SI-001') // 环境影响报告书编制 · 生态环境
    await offer(luoyang, 'SI-005') // 水土保持方案编制 · 水利
    await offer(outside, 'SI-001', true) // paused: does not count
    await verifyOrganisation(asSupervisor(), { organisationId: luoyang })

    expect(await names(query('筛选丙', { item: 'SI-001' }))).toEqual(['筛选丙郑州环评有限公司'])
    expect(await names(query('筛选丙', { category: '水利' }))).toEqual(['筛选丙洛阳水保有限公司'])
    expect(await names(query('筛选丙', { city: '4101' }))).toEqual(['筛选丙郑州环评有限公司'])
    expect(await names(query('筛选丙', { city: 'outside' }))).toEqual(['筛选丙省外咨询有限公司'])
    expect(await names(query('筛选丙', { verified: '1' }))).toEqual(['筛选丙洛阳水保有限公司'])
    expect(await names(query('筛选丙', { item: 'SI-001', city: '4103' }))).toEqual([])

    const { entries } = await listAgencies(publicCtx(), query('筛选丙', { city: '4101' }))
    expect(entries[0]).toMatchObject({
      regionLabel: '河南省 郑州市 金水区',
      offeringCount: 1,
      itemNames: ['环境影响报告书编制'],
    })
  })

  it('treats % and _ in the name search as plain characters', async () => {
    await signUpOrganisation('通配丁_100%咨询有限公司')
    await signUpOrganisation('通配丁A1000咨询有限公司')
    expect(await names(query('通配丁_100%'))).toEqual(['通配丁_100%咨询有限公司'])
  })

  it('sorts by offering count, verified first, name and newest', async () => {
    const [few, many, none] = await insertAgencies('排序戊', 3)
    await offer(many!.id, 'SI-001')
    await offer(many!.id, 'SI-002')
    await offer(many!.id, 'SI-003', true) // paused: not counted
    await offer(few!.id, 'SI-004')
    await verifyOrganisation(asSupervisor(), { organisationId: none!.id })
    const byCount = await listAgencies(publicCtx(), query('排序戊', { sort: 'offerings' }))
    expect(byCount.entries.map((e) => [e.name, e.offeringCount])).toEqual([
      ['排序戊机构01', 2],
      ['排序戊机构00', 1],
      ['排序戊机构02', 0],
    ])
    expect(await names(query('排序戊', { sort: 'verified' }))).toEqual([
      '排序戊机构02',
      '排序戊机构01',
      '排序戊机构00',
    ])
    expect(await names(query('排序戊', { sort: 'name' }))).toEqual([
      '排序戊机构00',
      '排序戊机构01',
      '排序戊机构02',
    ])
    expect(await names(query('排序戊'))).toEqual(['排序戊机构02', '排序戊机构01', '排序戊机构00'])
  })

  it('pages 20 at a time with the total count', async () => {
    await insertAgencies('分页己', 23)
    const first = await listAgencies(publicCtx(), query('分页己'), 1)
    const second = await listAgencies(publicCtx(), query('分页己'), 2)
    expect(first.total).toBe(23)
    expect(first.entries).toHaveLength(20)
    expect(second.entries.map((e) => e.name)).toEqual([
      '分页己机构02',
      '分页己机构01',
      '分页己机构00',
    ])
  })

  it('offers active catalogue items grouped by category, and every city plus 河南省外', async () => {
    const { categories, cities } = await getDirectoryFilterOptions(publicCtx())
    const ecology = categories.find((c) => c.name === '生态环境')
    expect(ecology?.items).toContainEqual({ code: 'SI-001', name: '环境影响报告书编制' })
    expect(cities[0]).toEqual({ value: '4101', label: '郑州市' })
    expect(cities.at(-1)).toEqual({ value: 'outside', label: '河南省外' })
  })

  it('drops an item, category or city the form does not offer, keeping the rest', async () => {
    const options = await getDirectoryFilterOptions(publicCtx())
    const known = query('筛选', { item: 'SI-001', category: '水利', city: '4101' })
    expect(withoutUnknownFilters(known, options)).toBe(known)
    const bad = query('筛选', { item: 'BAD', category: 'XYZ', city: '9999', sort: 'name' })
    expect(withoutUnknownFilters(bad, options)).toEqual({
      ...bad,
      item: undefined,
      category: undefined,
      city: undefined,
    })
    const half = query('筛选', { item: 'SI-999', city: '4103' })
    expect(withoutUnknownFilters(half, options)).toMatchObject({ item: undefined, city: '4103' })
  })
})

describe('supervision in the directory', () => {
  it('hides a suspended agency from the list, but its profile shows the public reason', async () => {
    const id = await signUpOrganisation('暂停庚评估有限公司')
    await suspend(asSupervisor(), { organisationId: id, reason: '提供虚假业绩材料，暂停交易' })
    expect(await names(query('暂停庚'))).toEqual([])
    const { agency, history } = await getAgencyProfile(publicCtx(), id)
    expect(agency.suspensionReason).toBe('提供虚假业绩材料，暂停交易')
    expect(agency.suspendedAt).toBeInstanceOf(Date)
    expect(history).toEqual([
      expect.objectContaining({ kind: 'suspended', reason: '提供虚假业绩材料，暂停交易' }),
    ])
    expect(history[0]!.createdAt).toBeInstanceOf(Date)
    // The public record never names the supervisor.
    expect(JSON.stringify(history)).not.toContain(supervisor.userId)
    expect(JSON.stringify(history)).not.toContain('监管甲')
  })

  it('keeps a flagged agency listed, marked, with the reason on its profile', async () => {
    const id = await signUpOrganisation('标记辛检测有限公司')
    await flagFalseInformation(asSupervisor(), {
      organisationId: id,
      reason: '资质证书编号与发证机关记录不符',
    })
    const { entries } = await listAgencies(publicCtx(), query('标记辛'))
    expect(entries[0]).toMatchObject({ id, flagged: true })
    const { agency } = await getAgencyProfile(publicCtx(), id)
    expect(agency.flagReason).toBe('资质证书编号与发证机关记录不符')
  })
})

describe('agency profile', () => {
  it('shows active offerings with cases, qualification status and masked certificates', async () => {
    const id = await signUpOrganisation('档案壬工程咨询有限公司')
    await handle.db
      .update(organisations)
      .set({ contactName: '王经理', contactPhone: '0371-12345678', legalRepresentative: '李四' })
      .where(eq(organisations.id, id))
    const active = await offer(id, 'SI-001')
    await offer(id, 'SI-002', true)
    await handle.db.insert(offeringCases).values({
      offeringId: active,
      title: '某化工园区环评',
      clientName: '某化工有限公司',
      completedOn: '2024-05-01',
    })
    await handle.db.insert(qualifications).values([
      {
        agencyId: id,
        type: '甲级',
        number: 'Q1',
        issuer: '省厅',
        validFrom: '2020-01-01',
        validTo: '2021-01-01',
      },
      {
        agencyId: id,
        type: '乙级',
        number: 'Q2',
        issuer: '省厅',
        validFrom: '2020-01-01',
        validTo: null,
      },
      {
        agencyId: id,
        type: '丙级',
        number: 'Q3',
        issuer: '省厅',
        validFrom: '2999-01-01',
        validTo: null,
      },
    ])
    await handle.db.insert(practitioners).values({
      agencyId: id,
      name: '赵工',
      certificateType: '注册环评工程师',
      certificateNumber: 'HP00012345',
    })

    const profile = await getAgencyProfile(publicCtx(), id)
    expect(profile.agency).toMatchObject({ contactName: '王经理', contactPhone: '0371-12345678' })
    expect(profile.offerings.map((o) => o.itemCode)).toEqual(['SI-001'])
    expect(profile.offerings[0]!.cases.map((c) => c.title)).toEqual(['某化工园区环评'])
    expect(profile.offerings[0]).toMatchObject({ itemRetiredAt: null, feeKind: expect.any(String) })
    const statusByNumber = Object.fromEntries(
      profile.qualifications.map((q) => [q.number, q.status]),
    )
    expect(statusByNumber).toEqual({ Q1: 'expired', Q2: 'valid', Q3: 'not_yet_valid' })
    expect(profile.practitioners[0]!.certificateNumber).toBe('HP******45')
    expect(JSON.stringify(profile)).not.toContain('HP00012345')
  })

  it('is not found for an unknown id, a malformed id or a buyer organisation', async () => {
    const department = await signUpOrganisation('档案癸自然资源和规划局', 'department')
    for (const id of [randomUUID(), 'not-a-uuid', "1' or '1'='1", department])
      await expect(getAgencyProfile(publicCtx(), id)).rejects.toBeInstanceOf(NotFoundError)
  })
})
