import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { and, asc, eq } from 'drizzle-orm'
import { createSupervisor, signIn, signUp } from '../../models/accounts.ts'
import {
  createServiceItem,
  editServiceItem,
  reinstateServiceItem,
  retireServiceItem,
  suggestNextItemCode,
} from '../../models/catalogue-admin.ts'
import {
  getServiceItem,
  getServiceItemDetail,
  listActiveServiceItems,
  listItemOfferings,
  OFFERINGS_PER_PAGE,
  listServiceItems,
  type ServiceItem,
} from '../../models/catalogue.ts'
import type { Actor } from '../../models/context.ts'
import type { DatabaseHandle } from '../../models/db/client.ts'
import {
  auditEvents,
  offerings,
  organisations,
  serviceItems,
  serviceItemVersions,
} from '../../models/db/schema.ts'
import { ForbiddenError, NotSignedInError, ValidationError } from '../../models/errors.ts'
import { findSessionActor } from '../../models/sessions.ts'
import type { NewServiceItemInput, ServiceItemFields } from '../../models/validation/catalogue.ts'
import { loadCatalogue } from '../../seed/catalogue.ts'
import { buildSignUp, fakePassword, fakePhone } from '../../seed/factories.ts'
import { createTestDatabase, ctxFor } from '../setup/test-database.ts'

let handle: DatabaseHandle
let supervisor: Actor
let agency: Actor
let department: Actor

async function signedIn(login: string, password: string) {
  const { session } = await signIn(ctxFor(handle), { login, password })
  return (await findSessionActor(handle.db, session.id))!
}

async function signedUpActor(kind: 'agency' | 'department') {
  const input = buildSignUp({ kind })
  await signUp(ctxFor(handle), input)
  return signedIn(input.phone, input.password)
}

beforeAll(async () => {
  handle = await createTestDatabase()
  await loadCatalogue(handle.db)
  const password = fakePassword()
  const phone = fakePhone()
  await createSupervisor(handle.db, { name: '王监管', phone, password }, null)
  supervisor = await signedIn(phone, password)
  agency = await signedUpActor('agency')
  department = await signedUpActor('department')
})
afterAll(() => handle.close())

const as = (actor: Actor | null) => ctxFor(handle, actor)

let nextCode = 900
function newItem(overrides: Partial<NewServiceItemInput> = {}): NewServiceItemInput {
  const code = `SI-${nextCode++}`
  return {
    code,
    // Each its own name: SI-009 is already 地质灾害危险性评估, and names are unique in use.
    name: `地质灾害危险性专项评估（${code}）`,
    category: '自然资源',
    department: '自然资源和规划局',
    servesApproval: '建设用地预审',
    legalBasis: '《地质灾害防治条例》',
    feeType: '市场调节价',
    feeStandard: '按评估面积计费',
    timeLimitWorkdays: 30,
    conditions: '提供项目选址资料',
    workflow: '受理、现场调查、编制报告、提交成果',
    qualification: null,
    aliases: '地灾评估、地灾危评',
    ...overrides,
  }
}

/** An item's current fields, as an edit form would send them back. */
const fieldsOf = (item: ServiceItem) => ({
  ...item,
  feeType: item.feeType as ServiceItemFields['feeType'],
})

async function fieldErrorsOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ValidationError)
  return (error as ValidationError).fieldErrors
}

const eventsFor = (code: string) =>
  handle.db
    .select({ action: auditEvents.action, actor: auditEvents.actorUserId, data: auditEvents.data })
    .from(auditEvents)
    .where(and(eq(auditEvents.subjectType, 'service_item'), eq(auditEvents.subjectId, code)))
    .orderBy(asc(auditEvents.seq))

const versionsOf = (code: string) =>
  handle.db
    .select()
    .from(serviceItemVersions)
    .where(eq(serviceItemVersions.code, code))
    .orderBy(asc(serviceItemVersions.id))

describe('supervisors keep the catalogue', () => {
  it('creates an item with its first version and an audit event', async () => {
    const input = newItem()
    const item = await createServiceItem(as(supervisor), input)
    expect(item).toMatchObject({ code: input.code, aliases: ['地灾评估', '地灾危评'] })
    const [version] = await versionsOf(input.code)
    expect(version).toMatchObject({ change: 'created', changedBy: supervisor.userId })
    expect(version!.snapshot).toMatchObject({ name: input.name, timeLimitWorkdays: 30 })
    expect(await eventsFor(input.code)).toEqual([
      expect.objectContaining({ action: 'service_item.created', actor: supervisor.userId }),
    ])
    const active = await listActiveServiceItems(handle.db)
    expect(active.map((i) => i.code)).toContain(input.code)
  })

  it('keeps the seeded original before the first edit, so history shows old → new', async () => {
    const original = (await getServiceItem(handle.db, 'SI-002'))!
    const edited = await editServiceItem(as(supervisor), 'SI-002', {
      ...fieldsOf(original),
      name: '环境影响报告表编制（含专项评价）',
      conditions: '提供项目可行性研究报告',
      workflow: '委托、编制、技术评估、报批',
      aliases: original.aliases.join('、'),
    })
    expect(edited.changedFields).toEqual(['name', 'conditions', 'workflow'])
    const versions = await versionsOf('SI-002')
    expect(versions.map((v) => [v.change, v.changedBy])).toEqual([
      ['created', null],
      ['edited', supervisor.userId],
    ])
    expect(versions[0]!.snapshot).toMatchObject({ name: original.name, conditions: '' })
    const detail = (await getServiceItemDetail(handle.db, 'SI-002'))!
    expect(detail.history[0]!.changes).toContainEqual(
      expect.objectContaining({
        label: '事项名称',
        before: original.name,
        after: '环境影响报告表编制（含专项评价）',
      }),
    )
    expect(detail.history[1]).toMatchObject({ change: 'created', imported: true })
    const events = await eventsFor('SI-002')
    expect(events.map((e) => e.action)).toEqual(['service_item.edited'])
    expect(events[0]!.data).toMatchObject({ fields: ['name', 'conditions', 'workflow'] })
  })

  it('writes nothing when an edit changes nothing', async () => {
    const input = newItem()
    await createServiceItem(as(supervisor), input)
    expect(await editServiceItem(as(supervisor), input.code, input)).toEqual({
      changedFields: [],
    })
    expect(await versionsOf(input.code)).toHaveLength(1)
  })

  it('retires an item in use (it stays, hidden) and reinstates it, each change versioned and audited', async () => {
    const input = newItem()
    await createServiceItem(as(supervisor), input)
    const agencyOrg = agency.organisationId!
    await handle.db.insert(offerings).values({
      agencyId: agencyOrg,
      serviceItemCode: input.code,
      feeKind: 'fixed',
      feeMinFen: 100_000,
      feeMaxFen: 100_000,
      timeLimitDays: 20,
    })
    await retireServiceItem(as(supervisor), input.code, { reason: '已并入 SI-001' })
    const retired = (await getServiceItem(handle.db, input.code))!
    expect(retired.retiredAt).toBeInstanceOf(Date)
    expect((await listServiceItems(handle.db)).map((i) => i.code)).not.toContain(input.code)
    const all = await listServiceItems(handle.db, { includeRetired: true })
    expect(all.find((i) => i.code === input.code)).toMatchObject({ retired: true })
    expect((await getServiceItemDetail(handle.db, input.code))!.retireReason).toBe('已并入 SI-001')
    expect(
      await fieldErrorsOf(retireServiceItem(as(supervisor), input.code, { reason: '再停一次' })),
    ).toEqual({ reason: ['该事项已停用'] })

    await reinstateServiceItem(as(supervisor), input.code)
    expect((await getServiceItem(handle.db, input.code))!.retiredAt).toBeNull()
    await expect(reinstateServiceItem(as(supervisor), input.code)).rejects.toBeInstanceOf(
      ValidationError,
    )
    const versions = await versionsOf(input.code)
    expect(versions.map((v) => v.change)).toEqual(['created', 'retired', 'reinstated'])
    expect(versions[1]!.snapshot).toMatchObject({ retireReason: '已并入 SI-001' })
    expect(versions[2]!.snapshot).toMatchObject({ retiredAt: null, retireReason: null })
    expect((await eventsFor(input.code)).map((e) => e.action)).toEqual([
      'service_item.created',
      'service_item.retired',
      'service_item.reinstated',
    ])
    const history = (await getServiceItemDetail(handle.db, input.code))!.history
    expect(history.map((h) => h.change)).toEqual(['reinstated', 'retired', 'created'])
    expect(history[1]!.reason).toBe('已并入 SI-001')
  })

  it('suggests the code after the highest in use', async () => {
    const code = await suggestNextItemCode(as(supervisor))
    expect(code).toBe(`SI-${nextCode}`)
  })
})

describe('only supervisors change the catalogue', () => {
  it.each([
    ['agency', () => agency],
    ['department', () => department],
  ])(
    'a signed-in %s gets ForbiddenError from every change, and nothing is written',
    async (_, who) => {
      const ctx = as(who())
      const before = await handle.db
        .select()
        .from(serviceItems)
        .where(eq(serviceItems.code, 'SI-003'))
      const input = newItem()
      await expect(createServiceItem(ctx, input)).rejects.toBeInstanceOf(ForbiddenError)
      const fields = newItem({ name: '篡改的名称' })
      await expect(editServiceItem(ctx, 'SI-003', fields)).rejects.toBeInstanceOf(ForbiddenError)
      await expect(retireServiceItem(ctx, 'SI-003', { reason: '不需要了' })).rejects.toBeInstanceOf(
        ForbiddenError,
      )
      await expect(reinstateServiceItem(ctx, 'SI-003')).rejects.toBeInstanceOf(ForbiddenError)
      await expect(suggestNextItemCode(ctx)).rejects.toBeInstanceOf(ForbiddenError)
      expect(await getServiceItem(handle.db, input.code)).toBeNull()
      expect(
        await handle.db.select().from(serviceItems).where(eq(serviceItems.code, 'SI-003')),
      ).toEqual(before)
      expect(await versionsOf('SI-003')).toEqual([])
    },
  )

  it('an anonymous visitor is told to sign in', async () => {
    await expect(createServiceItem(as(null), newItem())).rejects.toBeInstanceOf(NotSignedInError)
  })
})

describe('bad input', () => {
  it('refuses a code already in use, on the code field, however it is typed', async () => {
    const errors = await fieldErrorsOf(
      createServiceItem(as(supervisor), newItem({ code: 'si-001' })),
    )
    expect(errors).toEqual({ code: [expect.stringContaining('已被其他事项使用')] })
    expect((await getServiceItem(handle.db, 'SI-001'))!.name).toBe('环境影响报告书编制')
  })

  it('refuses a name another item in use has, on create and on edit, but not a retired one’s', async () => {
    const errors = await fieldErrorsOf(
      createServiceItem(as(supervisor), newItem({ name: '地质灾害危险性评估' })),
    )
    expect(errors).toEqual({ name: ['该名称已被 SI-009 使用，请换一个名称'] })
    const own = await createServiceItem(as(supervisor), newItem())
    const renamed = await fieldErrorsOf(
      editServiceItem(as(supervisor), own.code, {
        ...fieldsOf(own),
        name: '地质灾害危险性评估',
        aliases: '',
      }),
    )
    expect(renamed).toEqual({ name: ['该名称已被 SI-009 使用，请换一个名称'] })
    // A replacement for a retired item may take its name.
    await retireServiceItem(as(supervisor), own.code, { reason: '由新的事项取代' })
    const replacement = await createServiceItem(as(supervisor), newItem({ name: own.name }))
    expect(replacement.name).toBe(own.name)
    // …and then the retired one cannot come back under the same name.
    expect(await fieldErrorsOf(reinstateServiceItem(as(supervisor), own.code))).toEqual({
      name: [`该名称已被 ${replacement.code} 使用，请换一个名称`],
    })
  })

  it('refuses a time limit of 0 and an empty name, beside those fields', async () => {
    const errors = await fieldErrorsOf(
      createServiceItem(as(supervisor), newItem({ name: '  ', timeLimitWorkdays: 0 })),
    )
    expect(Object.keys(errors).sort()).toEqual(['name', 'timeLimitWorkdays'])
    expect(errors.timeLimitWorkdays).toEqual(['办理时限至少 1 个工作日'])
    const tooLong = await fieldErrorsOf(
      createServiceItem(as(supervisor), newItem({ timeLimitWorkdays: 366, code: 'X-1' })),
    )
    expect(Object.keys(tooLong).sort()).toEqual(['code', 'timeLimitWorkdays'])
  })
})

describe('price transparency', () => {
  let code: string

  beforeAll(async () => {
    code = (await createServiceItem(as(supervisor), newItem({ timeLimitWorkdays: 40 }))).code
    const agencies = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const { organisation } = await signUp(ctxFor(handle), buildSignUp({ kind: 'agency' }))
        return organisation.id
      }),
    )
    const [a, b, c, d, paused, suspended] = agencies as [string, ...string[]]
    await handle.db
      .update(organisations)
      .set({ suspendedAt: new Date(), verifiedAt: new Date() })
      .where(eq(organisations.id, suspended!))
    await handle.db
      .update(organisations)
      .set({ verifiedAt: new Date() })
      .where(eq(organisations.id, c!))
    const offer = (
      agencyId: string,
      kind: 'fixed' | 'range' | 'rule',
      min: number,
      max: number,
      days: number,
    ) => ({
      agencyId,
      serviceItemCode: code,
      feeKind: kind,
      feeMinFen: min,
      feeMaxFen: max,
      feeRule: kind === 'rule' ? '按面积每亩 50 元' : '',
      timeLimitDays: days,
    })
    await handle.db.insert(offerings).values([
      offer(a, 'fixed', 100_000, 100_000, 30), // midpoint 100,000
      offer(b!, 'range', 80_000, 120_000, 25), // midpoint 100,000
      offer(c!, 'rule', 50_000, 250_000, 35), // midpoint 150,000
      offer(d!, 'range', 200_000, 300_001, 10), // midpoint 250,000.5
      { ...offer(paused!, 'fixed', 1, 1, 38), pausedAt: new Date() },
      offer(suspended!, 'fixed', 90_000_000, 90_000_000, 5),
    ])
  })

  it('shows min, median of midpoints and max over active offerings of non-suspended agencies', async () => {
    const { figures } = (await getServiceItemDetail(handle.db, code))!
    // Midpoints 100,000 / 100,000 / 150,000 / 250,000.5 → median (100,000 + 150,000) / 2.
    expect(figures).toEqual({
      offeringCount: 4,
      feeMinFen: 50_000,
      feeMedianFen: 125_000,
      feeMaxFen: 300_001,
    })
    const listed = (await listServiceItems(handle.db)).find((i) => i.code === code)
    expect(listed).toMatchObject(figures)
    const seeded = (await listServiceItems(handle.db)).find((i) => i.code === 'SI-010')
    expect(seeded).toMatchObject({ offeringCount: 0, feeMinFen: null, feeMedianFen: null })
  })

  it('lists the same offerings, by fee or by time limit', async () => {
    const byFee = await listItemOfferings(handle.db, code)
    expect(byFee.total).toBe(4)
    expect(byFee.offerings.map((o) => o.feeMinFen)).toEqual([50_000, 80_000, 100_000, 200_000])
    expect(byFee.offerings.map((o) => o.verified)).toEqual([true, false, false, false])
    const byTime = await listItemOfferings(handle.db, code, { sort: 'time' })
    expect(byTime.offerings.map((o) => o.timeLimitDays)).toEqual([10, 25, 30, 35])
  })

  it('refuses to lower the time limit below what offerings (paused ones too) commit', async () => {
    const item = (await getServiceItem(handle.db, code))!
    const fields = fieldsOf(item)
    const errors = await fieldErrorsOf(
      editServiceItem(as(supervisor), code, { ...fields, timeLimitWorkdays: 20 }),
    )
    expect(errors).toEqual({ timeLimitWorkdays: [expect.stringContaining('已有 4 个服务报价')] })
    expect((await getServiceItem(handle.db, code))!.timeLimitWorkdays).toBe(40)
    await expect(
      editServiceItem(as(supervisor), code, { ...fields, timeLimitWorkdays: 37 }),
    ).rejects.toBeInstanceOf(ValidationError)
    await editServiceItem(as(supervisor), code, { ...fields, timeLimitWorkdays: 38 })
    expect((await getServiceItem(handle.db, code))!.timeLimitWorkdays).toBe(38)
  })
})

describe('public reads', () => {
  it('filters by category and by name or alias', async () => {
    const eco = await listServiceItems(handle.db, { category: '生态环境' })
    expect(eco.length).toBeGreaterThan(0)
    expect(eco.every((i) => i.category === '生态环境')).toBe(true)
    const byAlias = await listServiceItems(handle.db, { q: '环评报告书' })
    expect(byAlias.map((i) => i.code)).toEqual(['SI-001'])
    expect(await listServiceItems(handle.db, { q: '100%_' })).toEqual([])
  })
})

describe("an item's offerings, page by page", () => {
  it('gives the first 20 by fee, then the rest, with the total on each page', async () => {
    const { code } = await createServiceItem(as(supervisor), newItem({ timeLimitWorkdays: 30 }))
    const fees = Array.from({ length: OFFERINGS_PER_PAGE + 3 }, (_, i) => (i + 1) * 10_000)
    const agencyIds = await Promise.all(
      fees.map(async () => {
        const { organisation } = await signUp(ctxFor(handle), buildSignUp({ kind: 'agency' }))
        return organisation.id
      }),
    )
    // Stored in reverse, so only the query's order can put them right.
    await handle.db.insert(offerings).values(
      fees.toReversed().map((fen, i) => ({
        agencyId: agencyIds[i]!,
        serviceItemCode: code,
        feeKind: 'fixed' as const,
        feeMinFen: fen,
        feeMaxFen: fen,
        timeLimitDays: 20,
      })),
    )
    const first = await listItemOfferings(handle.db, code)
    const second = await listItemOfferings(handle.db, code, { page: 2 })
    expect(first.total).toBe(fees.length)
    expect(second.total).toBe(fees.length)
    expect(first.offerings.map((o) => o.feeMinFen)).toEqual(fees.slice(0, OFFERINGS_PER_PAGE))
    expect(second.offerings.map((o) => o.feeMinFen)).toEqual(fees.slice(OFFERINGS_PER_PAGE))
  })
})
