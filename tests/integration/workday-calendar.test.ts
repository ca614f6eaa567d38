import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createSupervisor, signIn, signUp } from '../../models/accounts.ts'
import { verifyAuditChain } from '../../models/audit.ts'
import type { Actor, Ctx } from '../../models/context.ts'
import type { DatabaseHandle } from '../../models/db/client.ts'
import { workdayOverrides } from '../../models/db/schema-procedures.ts'
import { auditEvents, type OrganisationKind } from '../../models/db/schema.ts'
import {
  ForbiddenError,
  NotFoundError,
  NotSignedInError,
  ValidationError,
} from '../../models/errors.ts'
import { platformNow } from '../../models/clock.ts'
import { shanghaiDate } from '../../models/rules/qualifications.ts'
import { findSessionActor } from '../../models/sessions.ts'
import {
  listWorkdayOverrides,
  loadWorkdayCalendar,
  removeWorkdayOverride,
  setWorkdayOverride,
  setWorkdayOverrides,
} from '../../models/workday-calendar.ts'
import { buildSignUp, fakePhone } from '../../seed/factories.ts'
import { createTestDatabase, ctxFor } from '../setup/test-database.ts'

let handle: DatabaseHandle
let supervisor: Actor
beforeAll(async () => {
  handle = await createTestDatabase()
  const phone = fakePhone()
  await createSupervisor(handle.db, { name: '监管丙', phone, password: 'Supervise123' }, null)
  supervisor = (await actorFor(phone, 'Supervise123'))!
})
afterAll(() => handle.close())
beforeEach(async () => {
  await handle.db.delete(workdayOverrides)
})

const asSupervisor = (): Ctx => ctxFor(handle, supervisor)

async function actorFor(login: string, password: string) {
  const { session } = await signIn(ctxFor(handle), { login, password })
  return findSessionActor(handle.db, session.id)
}

async function member(kind: OrganisationKind): Promise<Ctx> {
  const input = buildSignUp({ kind })
  await signUp(ctxFor(handle), input)
  return ctxFor(handle, (await actorFor(input.phone, input.password))!)
}

async function errorOf(promise: Promise<unknown>) {
  return promise.then(
    () => null,
    (e: unknown) => e,
  )
}

const calendarEvents = () =>
  handle.db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.subjectType, 'workday_override'))
    .orderBy(auditEvents.seq)

const storedDates = async () =>
  (await handle.db.select().from(workdayOverrides).orderBy(workdayOverrides.date)).map(
    (r) => `${r.date} ${r.kind} ${r.name}`,
  )

// 2026-12-31 is a Thursday, 10:00 in Beijing; 2027-01-02/03 are a weekend.
const newYearsEve = new Date('2026-12-31T02:00:00Z')

describe('overrides beat the package', () => {
  it('makes 2027-01-01 a holiday that addWorkdays skips, at once and until removed', async () => {
    const before = await loadWorkdayCalendar(handle.db)
    // The package knows nothing of 2027 and takes New Year's Day for a Friday at work.
    expect(before.isWorkday('2027-01-01')).toBe(true)
    expect(before.addWorkdays(newYearsEve, 1)).toEqual(new Date('2027-01-01T02:00:00Z'))

    await setWorkdayOverride(asSupervisor(), { date: '2027-01-01', kind: 'holiday', name: '元旦' })

    const after = await loadWorkdayCalendar(handle.db)
    expect(after.isWorkday('2027-01-01')).toBe(false)
    expect(after.dayDetail('2027-01-01')).toMatchObject({ source: 'override', name: '元旦' })
    expect(after.addWorkdays(newYearsEve, 1)).toEqual(new Date('2027-01-04T02:00:00Z'))
    expect(after.workdaysBetween(newYearsEve, new Date('2027-01-04T02:00:00Z'))).toBe(1)

    await removeWorkdayOverride(asSupervisor(), '2027-01-01')
    expect((await loadWorkdayCalendar(handle.db)).isWorkday('2027-01-01')).toBe(true)
  })

  it('turns a Sunday into a make-up working day', async () => {
    expect((await loadWorkdayCalendar(handle.db)).isWorkday('2027-02-07')).toBe(false)
    await setWorkdayOverride(asSupervisor(), {
      date: '2027-02-07',
      kind: 'workday',
      name: '春节调休上班',
    })
    expect((await loadWorkdayCalendar(handle.db)).isWorkday('2027-02-07')).toBe(true)
  })

  it('refuses an entry that changes nothing, and days already past', async () => {
    const ctx = asSupervisor()
    // 2027-03-03 is a Wednesday: already a working day.
    const wednesday = await errorOf(
      setWorkdayOverride(ctx, { date: '2027-03-03', kind: 'workday', name: '调休上班' }),
    )
    expect((wednesday as ValidationError).fieldErrors).toEqual({
      kind: [expect.stringMatching(/^2027-03-03（周三）本来就是工作日/)],
    })
    const pasted = await errorOf(
      setWorkdayOverrides(ctx, { lines: '2027-02-06 休 春节\n2027-03-03 班 调休' }),
    )
    expect((pasted as ValidationError).fieldErrors).toEqual({
      lines: [expect.stringContaining('2027-03-03（周三）本来就是工作日')],
    })
    // Yesterday, by the platform's Beijing date: deadlines have counted it already.
    const yesterday = shanghaiDate(new Date((await platformNow(handle.db)).getTime() - 86_400_000))
    const past = await errorOf(
      setWorkdayOverride(ctx, { date: yesterday, kind: 'holiday', name: '补录' }),
    )
    expect((past as ValidationError).fieldErrors).toEqual({
      date: [expect.stringContaining('已经过去')],
    })
    expect(await storedDates()).toEqual([])
    // An entry stored earlier for a day now past stays, as history.
    await handle.db
      .insert(workdayOverrides)
      .values({ date: yesterday, kind: 'holiday', name: '旧条目', createdBy: supervisor.userId })
    expect(await errorOf(removeWorkdayOverride(ctx, yesterday))).toBeInstanceOf(ValidationError)
    expect(await storedDates()).toEqual([`${yesterday} holiday 旧条目`])
  })

  it('replaces an entry for the same date, and a repeat changes nothing', async () => {
    const ctx = asSupervisor()
    // A Saturday mistaken for a make-up working day, then the holiday it is.
    expect(
      await setWorkdayOverride(ctx, { date: '2027-01-02', kind: 'workday', name: '误录' }),
    ).toEqual({ changed: true })
    expect(
      await setWorkdayOverride(ctx, { date: '2027-01-02', kind: 'holiday', name: '元旦' }),
    ).toEqual({ changed: true })
    const events = (await calendarEvents()).length
    expect(
      await setWorkdayOverride(ctx, { date: '2027-01-02', kind: 'holiday', name: ' 元旦 ' }),
    ).toEqual({ changed: false })
    expect(await calendarEvents()).toHaveLength(events)
    expect(await storedDates()).toEqual(['2027-01-02 holiday 元旦'])
  })
})

describe('permissions', () => {
  it('refuses agencies, buyers and visitors, and writes nothing', async () => {
    const others = [await member('agency'), await member('department'), await member('enterprise')]
    const entry = { date: '2027-01-01', kind: 'holiday' as const, name: '元旦' }
    for (const ctx of others) {
      expect(await errorOf(setWorkdayOverride(ctx, entry))).toBeInstanceOf(ForbiddenError)
      expect(
        await errorOf(setWorkdayOverrides(ctx, { lines: '2027-01-01 休 元旦' })),
      ).toBeInstanceOf(ForbiddenError)
      expect(await errorOf(listWorkdayOverrides(ctx))).toBeInstanceOf(ForbiddenError)
    }
    const visitor = ctxFor(handle)
    expect(await errorOf(setWorkdayOverride(visitor, entry))).toBeInstanceOf(NotSignedInError)
    expect(await storedDates()).toEqual([])

    await setWorkdayOverride(asSupervisor(), entry)
    for (const ctx of [...others, visitor])
      expect(await errorOf(removeWorkdayOverride(ctx, '2027-01-01'))).toBeInstanceOf(
        ctx.actor ? ForbiddenError : NotSignedInError,
      )
    expect(await storedDates()).toEqual(['2027-01-01 holiday 元旦'])
  })
})

describe('validation', () => {
  it('refuses a date that does not exist, a missing or long name, with the field named', async () => {
    const ctx = asSupervisor()
    const bad = [
      [{ date: '2027-02-30', kind: 'holiday', name: '不存在' }, 'date'],
      [{ date: '2027-1-1', kind: 'holiday', name: '元旦' }, 'date'],
      [{ date: '2027-01-01', kind: 'holiday', name: '  ' }, 'name'],
      [{ date: '2027-01-01', kind: 'holiday', name: '长'.repeat(31) }, 'name'],
      [{ date: '2027-01-01', kind: 'weekend', name: '元旦' }, 'kind'],
    ] as const
    for (const [input, field] of bad) {
      const error = await errorOf(setWorkdayOverride(ctx, input as never))
      expect(error).toBeInstanceOf(ValidationError)
      expect(Object.keys((error as ValidationError).fieldErrors)).toEqual([field])
    }
    expect(await storedDates()).toEqual([])
  })

  it('says when there is nothing to remove', async () => {
    expect(await errorOf(removeWorkdayOverride(asSupervisor(), '2027-05-01'))).toBeInstanceOf(
      NotFoundError,
    )
    expect(await errorOf(removeWorkdayOverride(asSupervisor(), 'not-a-date'))).toBeInstanceOf(
      NotFoundError,
    )
  })
})

describe('bulk entry', () => {
  it('enters a pasted schedule, ranges included, in one go', async () => {
    const result = await setWorkdayOverrides(asSupervisor(), {
      lines: [
        '2027-01-01 休 元旦',
        '',
        '# 春节',
        '2027-02-06~2027-02-08 休 春节',
        '2027-02-20 班 春节调休上班',
      ].join('\n'),
    })
    expect(result).toEqual({ entered: 5, changed: 5 })
    expect(await storedDates()).toEqual([
      '2027-01-01 holiday 元旦',
      '2027-02-06 holiday 春节',
      '2027-02-07 holiday 春节',
      '2027-02-08 holiday 春节',
      '2027-02-20 workday 春节调休上班',
    ])
    const calendar = await loadWorkdayCalendar(handle.db)
    expect(calendar.isWorkday('2027-02-08')).toBe(false) // a Monday off
    expect(calendar.isWorkday('2027-02-20')).toBe(true) // a Saturday at work
  })

  it('writes nothing when any line is bad, and names the line', async () => {
    await setWorkdayOverride(asSupervisor(), { date: '2027-01-01', kind: 'holiday', name: '元旦' })
    const events = (await calendarEvents()).length
    const error = await errorOf(
      setWorkdayOverrides(asSupervisor(), {
        lines: ['2027-01-01 班 改错了', '2027-02-06 休 春节', '2027-02-31 休 春节'].join('\n'),
      }),
    )
    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).fieldErrors.lines?.[0]).toMatch(/^第 3 行：/)
    expect(await storedDates()).toEqual(['2027-01-01 holiday 元旦'])
    expect(await calendarEvents()).toHaveLength(events)
  })

  it('refuses the same date twice and an unknown kind', async () => {
    const twice = await errorOf(
      setWorkdayOverrides(asSupervisor(), {
        lines: '2027-02-06~2027-02-08 休 春节\n2027-02-07 班 调休',
      }),
    )
    expect((twice as ValidationError).fieldErrors.lines?.[0]).toBe(
      '第 2 行：2027-02-07 已在第 1 行出现',
    )
    const kind = await errorOf(setWorkdayOverrides(asSupervisor(), { lines: '2027-01-01 放 元旦' }))
    expect((kind as ValidationError).fieldErrors.lines?.[0]).toMatch(/^第 1 行：第二项应为/)
    expect(await storedDates()).toEqual([])
  })
})

describe('audit', () => {
  it('writes an event for each entry set or removed, in a chain that verifies', async () => {
    const before = (await calendarEvents()).length
    await setWorkdayOverride(asSupervisor(), { date: '2027-01-02', kind: 'workday', name: '误录' })
    await setWorkdayOverride(asSupervisor(), { date: '2027-01-02', kind: 'holiday', name: '元旦' })
    await setWorkdayOverrides(asSupervisor(), { lines: '2027-02-06~2027-02-07 休 春节' })
    await removeWorkdayOverride(asSupervisor(), '2027-02-07')
    const events = (await calendarEvents()).slice(before)
    expect(events.map((e) => [e.action, e.subjectId, e.actorUserId])).toEqual([
      ['calendar.override_set', '2027-01-02', supervisor.userId],
      ['calendar.override_set', '2027-01-02', supervisor.userId],
      ['calendar.override_set', '2027-02-06', supervisor.userId],
      ['calendar.override_set', '2027-02-07', supervisor.userId],
      ['calendar.override_removed', '2027-02-07', supervisor.userId],
    ])
    expect(events[1]!.data).toEqual({
      kind: 'holiday',
      name: '元旦',
      previous: { kind: 'workday', name: '误录' },
    })
    expect(events[4]!.data).toEqual({ kind: 'holiday', name: '春节' })
    expect((await verifyAuditChain(handle.db)).problem).toBeNull()
  })

  it('lists entries with who set them', async () => {
    await setWorkdayOverride(asSupervisor(), { date: '2027-01-01', kind: 'holiday', name: '元旦' })
    const [entry] = await listWorkdayOverrides(asSupervisor())
    expect(entry).toMatchObject({ date: '2027-01-01', createdByName: '监管丙' })
  })
})
