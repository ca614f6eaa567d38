import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSupervisor, signIn, signUp } from '../../models/accounts.ts'
import type { Actor, Ctx } from '../../models/context.ts'
import type { Database, DatabaseHandle } from '../../models/db/client.ts'
import {
  createOffering,
  pauseOffering,
  resumeOffering,
  updateOffering,
} from '../../models/offerings.ts'
import { organisations } from '../../models/db/schema.ts'
import { getHomeFigures } from '../../models/home.ts'
import { updateMyProfile } from '../../models/profiles.ts'
import { findSessionActor } from '../../models/sessions.ts'
import { reinstate, suspend } from '../../models/supervision.ts'
import { loadCatalogue } from '../../seed/catalogue.ts'
import { buildSignUp, fakePhone } from '../../seed/factories.ts'
import type { SearchParams } from '../../search/filters.ts'
import { search } from '../../search/query.ts'
import { suggest } from '../../search/suggest.ts'
import { createTestDatabase, ctxFor } from '../setup/test-database.ts'

let handle: DatabaseHandle
let puyang: Actor
let zhengzhou: Actor
let supervisor: Actor
let puyangEia: string
let zhengzhouSoil: string

async function actorFor(login: string, password: string) {
  const { session } = await signIn(ctxFor(handle), { login, password })
  return (await findSessionActor(handle.db, session.id))!
}

async function agency(name: string, regionCode: string): Promise<Actor> {
  const input = buildSignUp({ kind: 'agency' })
  await signUp(ctxFor(handle), input)
  const actor = await actorFor(input.phone, input.password)
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

const fee = { feeKind: 'range' as const, feeMinFen: 1_000_000, feeMaxFen: 2_000_000 }

beforeAll(async () => {
  handle = await createTestDatabase()
  await loadCatalogue(handle.db)
  const phone = fakePhone()
  await createSupervisor(handle.db, { name: '监管甲', phone, password: 'Supervise123' }, null)
  supervisor = await actorFor(phone, 'Supervise123')
  puyang = await agency('濮阳市蓝天环境科技有限公司', '410902') // 华龙区
  zhengzhou = await agency('郑州绿源生态咨询有限公司', '410105') // 金水区
  const as = (actor: Actor) => ctxFor(handle, actor)
  puyangEia = (
    await createOffering(as(puyang), { serviceItemCode: 'SI-001', ...fee, timeLimitDays: 5 })
  ).id
  await createOffering(as(puyang), { serviceItemCode: 'SI-013', ...fee, timeLimitDays: 5 })
  await createOffering(as(zhengzhou), { serviceItemCode: 'SI-002', ...fee, timeLimitDays: 5 })
  zhengzhouSoil = (
    await createOffering(as(zhengzhou), { serviceItemCode: 'SI-005', ...fee, timeLimitDays: 5 })
  ).id
})
afterAll(() => handle.close())

const find = (q: string, more: Partial<SearchParams> = {}) =>
  search(handle.db, { q, type: 'offering', facets: true, ...more })
const codesOf = async (q: string, more: Partial<SearchParams> = {}) => {
  const outcome = await find(q, more)
  return outcome.type === 'offering' ? outcome.results.map((r) => r.serviceItemCode).sort() : []
}

describe('what people type', () => {
  it('finds services by abbreviation, pinyin, initials, traditional and near-miss wording', async () => {
    for (const q of ['环评', '环境影响评估', '環境影響評價', 'huanping', 'hp'])
      expect(await codesOf(q), q).toEqual(['SI-001', 'SI-002'])
    for (const q of ['水保', '水土保持', 'shuitubaochi', 'stbc'])
      expect(await codesOf(q), q).toEqual(['SI-005'])
  })

  it('turns a place into a region filter and marks the matched words', async () => {
    const outcome = await find('濮阳 环评')
    expect(outcome.type === 'offering' && outcome.results.map((r) => r.agencyName)).toEqual([
      '濮阳市蓝天环境科技有限公司',
    ])
    expect(outcome.understood.place?.label).toBe('濮阳市')
    const [first] = outcome.type === 'offering' ? outcome.results : []
    const [start, end] = first!.highlights.agencyName![0]!
    expect(first!.agencyName.slice(start, end)).toBe('濮阳')
    expect(first!.creditGrade).toBe('A')
    expect(outcome.facets?.city).toEqual([{ value: '4109', label: '濮阳市', count: 1 }])
  })

  it('finds agencies by a word of their name, and offers suggestions', async () => {
    const outcome = await search(handle.db, { q: '绿源', type: 'agency' })
    expect(outcome.type === 'agency' && outcome.results.map((r) => r.name)).toEqual([
      '郑州绿源生态咨询有限公司',
    ])
    expect(await suggest(handle.db, 'stbc')).toContain('水土保持方案编制')
    expect(await suggest(handle.db, '蓝天')).toContain('濮阳市蓝天环境科技有限公司')
  })
})

describe('the index follows the records in the same transaction', () => {
  it('leaves the index unchanged when a change is rolled back, and updates it on commit', async () => {
    const rollback = new Error('rolled back on purpose')
    const terms = { ...fee, timeLimitDays: 5 }
    await expect(
      handle.db.transaction(async (tx) => {
        const ctx: Ctx = { db: tx as unknown as Database, actor: puyang }
        await updateOffering(ctx, puyangEia, { ...terms, scope: '承接石化园区项目' })
        // Inside the transaction the new words are already searchable…
        const inside = await search(tx as unknown as Database, { q: '石化园区', type: 'offering' })
        expect(inside.total).toBe(1)
        throw rollback
      }),
    ).rejects.toBe(rollback)
    // …and after the rollback they are gone with the change.
    expect((await find('石化园区')).total).toBe(0)

    await updateOffering(ctxFor(handle, puyang), puyangEia, { ...terms, scope: '承接石化园区项目' })
    const outcome = await find('环评 石化园区')
    expect(outcome.type === 'offering' && outcome.results.map((r) => r.id)).toEqual([puyangEia])
  })

  it('reindexes an agency when its name changes', async () => {
    const input = buildSignUp({ kind: 'agency' })
    await signUp(ctxFor(handle), input)
    const actor = await actorFor(input.phone, input.password)
    await createOffering(ctxFor(handle, actor), {
      serviceItemCode: 'SI-036',
      ...fee,
      timeLimitDays: 9,
    })
    await updateMyProfile(ctxFor(handle, actor), {
      name: '鹤壁金算盘造价咨询有限公司',
      legalRepresentative: '李四',
      address: '淇滨大道 8 号',
      regionCode: '410611',
      contactName: input.contactName,
      contactPhone: input.phone,
    })
    const outcome = await find('金算盘')
    expect(outcome.type === 'offering' && outcome.results.map((r) => r.serviceItemCode)).toEqual([
      'SI-036',
    ])
  })

  it('never shows paused offerings or suspended agencies', async () => {
    await pauseOffering(ctxFor(handle, zhengzhou), zhengzhouSoil)
    expect(await codesOf('水保')).toEqual([])
    await resumeOffering(ctxFor(handle, zhengzhou), zhengzhouSoil)
    expect(await codesOf('水保')).toEqual(['SI-005'])

    const reason = '经核查，提供虚假材料'
    await suspend(ctxFor(handle, supervisor), { organisationId: zhengzhou.organisationId!, reason })
    expect(await codesOf('水保')).toEqual([])
    expect((await search(handle.db, { q: '绿源', type: 'agency' })).total).toBe(0)
    // The home page counts the agencies the directory lists: the suspended one is not.
    const everyAgency = await handle.db
      .select({ id: organisations.id })
      .from(organisations)
      .where(eq(organisations.kind, 'agency'))
    expect((await getHomeFigures(handle.db)).agencies).toBe(everyAgency.length - 1)
    await reinstate(ctxFor(handle, supervisor), {
      organisationId: zhengzhou.organisationId!,
      reason: '已按要求完成整改',
    })
    expect(await codesOf('水保')).toEqual(['SI-005'])
  })
})

describe('bad input', () => {
  it('answers odd queries with results or a Chinese message, never an error', async () => {
    const odd = [
      '',
      ' ',
      '环',
      'a',
      '环'.repeat(500),
      '！！？？…',
      "'; drop table offerings;--",
      '😀🏗️',
      '%_\\',
    ]
    for (const q of odd) {
      for (const type of ['offering', 'agency'] as const) {
        const outcome = await search(handle.db, { q, type, facets: true })
        expect(outcome.total, q).toBeGreaterThanOrEqual(0)
        if (outcome.total === 0 && outcome.message)
          expect(outcome.message).toMatch(/[\u4e00-\u9fff]/)
      }
    }
    expect((await find('')).message).toContain('请输入')
    expect((await find('环')).message).toContain('至少输入两个字')
    expect((await find("'; drop table offerings;--")).total).toBe(0)
    expect((await find('环评')).total).toBeGreaterThan(0) // the table is still there
  })
})

describe('a whole name', () => {
  it('finds the agency of that name first, though its words name catalogue items', async () => {
    // 评估 and 咨询 name items (资产评估, 法律咨询服务…); this firm offers none of them.
    const name = '测试评估咨询有限公司'
    const firm = await agency(name, '410105')
    await createOffering(ctxFor(handle, firm), {
      serviceItemCode: 'SI-040',
      ...fee,
      timeLimitDays: 5,
    })
    const agencies = await search(handle.db, { q: name, type: 'agency' })
    expect(agencies.type === 'agency' && agencies.results.map((r) => r.name)).toEqual([name])
    const offerings = await find(name)
    expect(offerings.type === 'offering' && offerings.results.map((r) => r.agencyName)).toEqual([
      name,
    ])
    // Without the ending it is words again: 评估 still finds the 评估 items' agencies.
    expect((await codesOf('评估 咨询')).length).toBeGreaterThan(0)
  })
})

describe('a word that sounds like a catalogue word', () => {
  it('finds the service it sounds like, but a firm named by that very word first', async () => {
    // 测会 and 环竟 are typos of 测绘 and 环境 (same pinyin).
    expect(await codesOf('测会')).toEqual(['SI-013'])
    // And says so: these are the results for 测绘, not for what was typed.
    expect((await find('测会')).heardAs).toBe('测绘')
    expect((await find('测绘')).heardAs).toBeNull()
    expect(await codesOf('环竟影响评价')).toEqual(['SI-001', 'SI-002'])
    // 环景 sounds like 环境 too, and here it is a firm's name: the name wins.
    const firm = await agency('开封环景检测有限公司', '410202')
    await createOffering(ctxFor(handle, firm), {
      serviceItemCode: 'SI-013',
      ...fee,
      timeLimitDays: 5,
    })
    const offerings = await find('环景')
    expect(offerings.type === 'offering' && offerings.results.map((r) => r.agencyName)).toEqual([
      '开封环景检测有限公司',
    ])
    expect(offerings.heardAs).toBeNull()
  })
})
