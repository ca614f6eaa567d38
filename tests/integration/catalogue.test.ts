import { and, asc, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
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
  listServiceItems,
} from '../../models/catalogue.ts'
import type { Actor } from '../../models/context.ts'
import {
  auditEvents,
  offerings,
  serviceItems,
  serviceItemVersions,
} from '../../models/db/schema.ts'
import { ForbiddenError, NotSignedInError, ValidationError } from '../../models/errors.ts'
import { ctxFor } from '../setup/test-database.ts'
import { fieldErrorsOf, fieldsOf, newItem, setUpCatalogue } from './catalogue-world.ts'

// Supervisors' changes to the catalogue; prices and public reads are in catalogue-prices.test.ts.
const world = setUpCatalogue()
const as = (actor: Actor | null) => ctxFor(world.handle, actor)

const eventsFor = (code: string) =>
  world.handle.db
    .select({ action: auditEvents.action, actor: auditEvents.actorUserId, data: auditEvents.data })
    .from(auditEvents)
    .where(and(eq(auditEvents.subjectType, 'service_item'), eq(auditEvents.subjectId, code)))
    .orderBy(asc(auditEvents.seq))

const versionsOf = (code: string) =>
  world.handle.db
    .select()
    .from(serviceItemVersions)
    .where(eq(serviceItemVersions.code, code))
    .orderBy(asc(serviceItemVersions.id))

describe('supervisors keep the catalogue', () => {
  it('creates an item with its first version and an audit event', async () => {
    const input = newItem()
    const item = await createServiceItem(as(world.supervisor), input)
    expect(item).toMatchObject({ code: input.code, aliases: ['地灾评估', '地灾危评'] })
    const [version] = await versionsOf(input.code)
    expect(version).toMatchObject({ change: 'created', changedBy: world.supervisor.userId })
    expect(version!.snapshot).toMatchObject({ name: input.name, timeLimitWorkdays: 30 })
    expect(await eventsFor(input.code)).toEqual([
      expect.objectContaining({ action: 'service_item.created', actor: world.supervisor.userId }),
    ])
    const active = await listActiveServiceItems(world.handle.db)
    expect(active.map((i) => i.code)).toContain(input.code)
  })

  it('keeps the seeded original before the first edit, so history shows old → new', async () => {
    const original = (await getServiceItem(world.handle.db, 'SI-002'))!
    const edited = await editServiceItem(as(world.supervisor), 'SI-002', {
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
      ['edited', world.supervisor.userId],
    ])
    expect(versions[0]!.snapshot).toMatchObject({ name: original.name, conditions: '' })
    const detail = (await getServiceItemDetail(world.handle.db, 'SI-002'))!
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
    await createServiceItem(as(world.supervisor), input)
    expect(await editServiceItem(as(world.supervisor), input.code, input)).toEqual({
      changedFields: [],
    })
    expect(await versionsOf(input.code)).toHaveLength(1)
  })

  it('retires an item in use (it stays, hidden) and reinstates it, each change versioned and audited', async () => {
    const input = newItem()
    await createServiceItem(as(world.supervisor), input)
    const agencyOrg = world.agency.organisationId!
    await world.handle.db.insert(offerings).values({
      agencyId: agencyOrg,
      serviceItemCode: input.code,
      feeKind: 'fixed',
      feeMinFen: 100_000,
      feeMaxFen: 100_000,
      timeLimitDays: 20,
    })
    await retireServiceItem(as(world.supervisor), input.code, { reason: '已并入 SI-001' })
    const retired = (await getServiceItem(world.handle.db, input.code))!
    expect(retired.retiredAt).toBeInstanceOf(Date)
    expect((await listServiceItems(world.handle.db)).map((i) => i.code)).not.toContain(input.code)
    const all = await listServiceItems(world.handle.db, { includeRetired: true })
    expect(all.find((i) => i.code === input.code)).toMatchObject({ retired: true })
    expect((await getServiceItemDetail(world.handle.db, input.code))!.retireReason).toBe(
      '已并入 SI-001',
    )
    expect(
      await fieldErrorsOf(
        retireServiceItem(as(world.supervisor), input.code, { reason: '再停用一次试试' }),
      ),
    ).toEqual({ reason: ['该事项已停用'] })
    // Shown on the public item page, so like every public supervision reason it must say something.
    expect(
      await fieldErrorsOf(retireServiceItem(as(world.supervisor), input.code, { reason: '重复' })),
    ).toEqual({ reason: ['理由至少 5 个字，将向公众公开'] })

    await reinstateServiceItem(as(world.supervisor), input.code)
    expect((await getServiceItem(world.handle.db, input.code))!.retiredAt).toBeNull()
    await expect(reinstateServiceItem(as(world.supervisor), input.code)).rejects.toBeInstanceOf(
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
    const history = (await getServiceItemDetail(world.handle.db, input.code))!.history
    expect(history.map((h) => h.change)).toEqual(['reinstated', 'retired', 'created'])
    expect(history[1]!.reason).toBe('已并入 SI-001')
  })

  it('suggests the code after the highest in use', async () => {
    const code = await suggestNextItemCode(as(world.supervisor))
    // The highest code in use is the last one newItem gave out: the suggestion is its next.
    expect(code).toBe(newItem().code)
  })
})

describe('only supervisors change the catalogue', () => {
  it.each([
    ['agency', () => world.agency],
    ['department', () => world.department],
  ])(
    'a signed-in %s gets ForbiddenError from every change, and nothing is written',
    async (_, who) => {
      const ctx = as(who())
      const before = await world.handle.db
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
      expect(await getServiceItem(world.handle.db, input.code)).toBeNull()
      expect(
        await world.handle.db.select().from(serviceItems).where(eq(serviceItems.code, 'SI-003')),
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
      createServiceItem(as(world.supervisor), newItem({ code: 'si-001' })),
    )
    expect(errors).toEqual({ code: [expect.stringContaining('已被其他事项使用')] })
    expect((await getServiceItem(world.handle.db, 'SI-001'))!.name).toBe('环境影响报告书编制')
  })

  it('refuses a name another item in use has, on create and on edit, but not a retired one’s', async () => {
    const errors = await fieldErrorsOf(
      createServiceItem(as(world.supervisor), newItem({ name: '地质灾害危险性评估' })),
    )
    expect(errors).toEqual({ name: ['该名称已被 SI-009 使用，请换一个名称'] })
    const own = await createServiceItem(as(world.supervisor), newItem())
    const renamed = await fieldErrorsOf(
      editServiceItem(as(world.supervisor), own.code, {
        ...fieldsOf(own),
        name: '地质灾害危险性评估',
        aliases: '',
      }),
    )
    expect(renamed).toEqual({ name: ['该名称已被 SI-009 使用，请换一个名称'] })
    // A replacement for a retired item may take its name.
    await retireServiceItem(as(world.supervisor), own.code, { reason: '由新的事项取代' })
    const replacement = await createServiceItem(as(world.supervisor), newItem({ name: own.name }))
    expect(replacement.name).toBe(own.name)
    // …and then the retired one cannot come back under the same name.
    expect(await fieldErrorsOf(reinstateServiceItem(as(world.supervisor), own.code))).toEqual({
      name: [`该名称已被 ${replacement.code} 使用，请换一个名称`],
    })
  })

  it('refuses a time limit of 0 and an empty name, beside those fields', async () => {
    const errors = await fieldErrorsOf(
      createServiceItem(as(world.supervisor), newItem({ name: '  ', timeLimitWorkdays: 0 })),
    )
    expect(Object.keys(errors).sort()).toEqual(['name', 'timeLimitWorkdays'])
    expect(errors.timeLimitWorkdays).toEqual(['办理时限至少 1 个工作日'])
    const tooLong = await fieldErrorsOf(
      createServiceItem(as(world.supervisor), newItem({ timeLimitWorkdays: 366, code: 'X-1' })),
    )
    expect(Object.keys(tooLong).sort()).toEqual(['code', 'timeLimitWorkdays'])
  })
})
