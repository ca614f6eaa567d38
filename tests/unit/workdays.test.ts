import { afterEach, describe, expect, it } from 'vitest'
import {
  checkOverrideUseful,
  calendarYearCoverage,
  checkWorkdayOverride,
  createWorkdayCalendar,
  earliestDeadline,
  OFFICIAL_CALENDAR_LAST_YEAR,
  type WorkdayOverride,
} from '../../models/rules/workdays.ts'

/** A Beijing wall-clock time, e.g. sh('2026-09-24T10:00'). */
const sh = (local: string) => new Date(`${local}:00+08:00`)

const official = createWorkdayCalendar([])

// The State Council's 2026 schedule (announced November 2025): 中秋 9-25 (Fri) to 9-27 (Sun);
// 国庆 10-1 to 10-7 with make-up working days Sun 9-20 and Sat 10-10.
describe('the official 2026 calendar', () => {
  it.each([
    ['2026-09-18', true, 'an ordinary Friday'],
    ['2026-09-19', false, 'an ordinary Saturday'],
    ['2026-09-20', true, 'a Sunday made a working day for 国庆'],
    ['2026-09-25', false, 'Friday of 中秋'],
    ['2026-09-28', true, 'Monday after 中秋'],
    ['2026-09-30', true, 'the Wednesday before 国庆'],
    ['2026-10-01', false, '国庆 day 1 (Thursday)'],
    ['2026-10-05', false, '国庆, a Monday'],
    ['2026-10-07', false, '国庆 day 7 (Wednesday)'],
    ['2026-10-08', true, 'the Thursday after'],
    ['2026-10-10', true, 'a Saturday made a working day'],
    ['2026-10-11', false, 'the Sunday after'],
    ['2026-02-14', true, 'Saturday before 春节, made a working day'],
    ['2026-02-23', false, 'Monday, last day of 春节'],
  ])('%s is a working day: %s (%s)', (date, work) => {
    expect(official.isWorkday(date)).toBe(work)
  })

  it('names holidays and make-up days', () => {
    expect(official.dayDetail('2026-10-01')).toEqual({
      date: '2026-10-01',
      work: false,
      name: '国庆节',
      source: 'official',
    })
    expect(official.dayDetail('2026-10-10')).toMatchObject({ work: true, name: '国庆节' })
    expect(official.dayDetail('2026-11-28')).toEqual({
      date: '2026-11-28',
      work: false,
      name: '',
      source: 'weekday',
    })
  })

  it('knows the package ends with 2026 and wrongly calls 2027-01-01 a working day', () => {
    expect(OFFICIAL_CALENDAR_LAST_YEAR).toBeGreaterThanOrEqual(2026)
    if (OFFICIAL_CALENDAR_LAST_YEAR === 2026) expect(official.isWorkday('2027-01-01')).toBe(true)
  })

  it('refuses malformed dates', () => {
    expect(() => official.isWorkday('2026-02-30')).toThrow(RangeError)
    expect(() => official.isWorkday('2026/10/01')).toThrow(RangeError)
  })
})

describe('addWorkdays', () => {
  it('keeps the wall-clock time and skips 中秋', () => {
    // Published Thursday 9-24; Fri to Sun are 中秋.
    expect(official.addWorkdays(sh('2026-09-24T10:00'), 1)).toEqual(sh('2026-09-28T10:00'))
    expect(official.addWorkdays(sh('2026-09-24T10:00'), 2)).toEqual(sh('2026-09-29T10:00'))
  })

  it('crosses 国庆 and counts the make-up Saturday', () => {
    const from = sh('2026-09-30T15:30')
    expect(official.addWorkdays(from, 1)).toEqual(sh('2026-10-08T15:30'))
    expect(official.addWorkdays(from, 2)).toEqual(sh('2026-10-09T15:30'))
    expect(official.addWorkdays(from, 3)).toEqual(sh('2026-10-10T15:30'))
    expect(official.addWorkdays(from, 4)).toEqual(sh('2026-10-12T15:30'))
  })

  it('counts the make-up Sunday before 国庆', () => {
    expect(official.addWorkdays(sh('2026-09-18T09:00'), 1)).toEqual(sh('2026-09-20T09:00'))
  })

  it('counts from a holiday to the next working day', () => {
    expect(official.addWorkdays(sh('2026-10-03T11:00'), 1)).toEqual(sh('2026-10-08T11:00'))
  })

  it('uses the Beijing date, not the UTC date', () => {
    // 2026-09-30T20:00Z is already 1 October, 04:00 in Beijing.
    expect(official.addWorkdays(new Date('2026-09-30T20:00:00Z'), 1)).toEqual(
      new Date('2026-10-07T20:00:00Z'),
    )
    // 2026-09-30T15:59Z is still 30 September, 23:59 in Beijing.
    expect(official.addWorkdays(new Date('2026-09-30T15:59:00Z'), 1)).toEqual(
      new Date('2026-10-08T15:59:00Z'),
    )
  })

  it('returns the same instant, as a new Date, for n = 0', () => {
    const from = sh('2026-10-03T11:00')
    const result = official.addWorkdays(from, 0)
    expect(result).toEqual(from)
    expect(result).not.toBe(from)
  })

  it('refuses negative or fractional counts and invalid dates', () => {
    expect(() => official.addWorkdays(sh('2026-09-30T10:00'), -1)).toThrow(RangeError)
    expect(() => official.addWorkdays(sh('2026-09-30T10:00'), 1.5)).toThrow(RangeError)
    expect(() => official.addWorkdays(new Date(Number.NaN), 1)).toThrow(RangeError)
  })

  it('the earliest deadline is two working days after publication', () => {
    expect(earliestDeadline(sh('2026-09-24T10:00'), official)).toEqual(sh('2026-09-29T10:00'))
    expect(earliestDeadline(sh('2026-11-26T16:45'), official)).toEqual(sh('2026-11-30T16:45'))
    // A publication at 19:28:50 may not set 19:28, and is told 19:29, which it may.
    const withSeconds = new Date(sh('2026-11-26T19:28').getTime() + 50_000)
    expect(earliestDeadline(withSeconds, official)).toEqual(sh('2026-11-30T19:29'))
  })
})

describe('workdaysBetween', () => {
  it('counts working days after the start date up to and including the end date', () => {
    expect(official.workdaysBetween(sh('2026-09-30T10:00'), sh('2026-10-12T10:00'))).toBe(4)
    expect(official.workdaysBetween(sh('2026-09-30T10:00'), sh('2026-10-07T23:00'))).toBe(0)
    expect(official.workdaysBetween(sh('2026-09-29T23:00'), sh('2026-09-30T01:00'))).toBe(1)
  })

  it('is 0 on the same day or backwards', () => {
    expect(official.workdaysBetween(sh('2026-11-26T08:00'), sh('2026-11-26T20:00'))).toBe(0)
    expect(official.workdaysBetween(sh('2026-11-30T08:00'), sh('2026-11-26T08:00'))).toBe(0)
  })

  it('undoes addWorkdays', () => {
    for (const start of [
      '2026-09-17T09:00',
      '2026-09-30T18:00',
      '2026-10-04T00:30',
      '2026-12-30T12:00',
    ])
      for (let n = 0; n <= 15; n++) {
        const from = sh(start)
        expect(official.workdaysBetween(from, official.addWorkdays(from, n))).toBe(n)
      }
  })
})

describe('supervisor overrides', () => {
  const year2027: WorkdayOverride[] = [
    { date: '2027-01-01', kind: 'holiday', name: '元旦' },
    { date: '2027-02-20', kind: 'workday', name: '春节调休上班' },
  ]
  const calendar = createWorkdayCalendar(year2027)

  it('fix 2027-01-01, which the package calls a working day', () => {
    expect(calendar.isWorkday('2027-01-01')).toBe(false)
    expect(calendar.dayDetail('2027-01-01')).toEqual({
      date: '2027-01-01',
      work: false,
      name: '元旦',
      source: 'override',
    })
    // Thursday 2026-12-31 + 1: Friday is 元旦, then the weekend.
    expect(calendar.addWorkdays(sh('2026-12-31T10:00'), 1)).toEqual(sh('2027-01-04T10:00'))
    expect(official.addWorkdays(sh('2026-12-31T10:00'), 1)).toEqual(sh('2027-01-01T10:00'))
  })

  it('make a Saturday a working day', () => {
    expect(official.isWorkday('2027-02-20')).toBe(false)
    expect(calendar.isWorkday('2027-02-20')).toBe(true)
    expect(calendar.addWorkdays(sh('2027-02-19T09:00'), 1)).toEqual(sh('2027-02-20T09:00'))
  })

  it('win over the package data', () => {
    const changed = createWorkdayCalendar([
      { date: '2026-10-08', kind: 'holiday', name: '临时放假' },
      { date: '2026-10-10', kind: 'holiday', name: '取消调休' },
    ])
    expect(changed.addWorkdays(sh('2026-09-30T10:00'), 1)).toEqual(sh('2026-10-09T10:00'))
    expect(changed.addWorkdays(sh('2026-09-30T10:00'), 2)).toEqual(sh('2026-10-12T10:00'))
  })

  it('take the later of two entries for the same date', () => {
    const twice = createWorkdayCalendar([
      { date: '2027-01-01', kind: 'workday', name: '误录' },
      { date: '2027-01-01', kind: 'holiday', name: '元旦' },
    ])
    expect(twice.isWorkday('2027-01-01')).toBe(false)
  })

  it('refuse a malformed entry', () => {
    expect(() =>
      createWorkdayCalendar([{ date: '2027-13-01', kind: 'holiday', name: '元旦' }]),
    ).toThrow(RangeError)
  })

  it('tell which years are known, and which only in part', () => {
    expect(calendarYearCoverage(2026, [])).toEqual({ year: 2026, state: 'official' })
    if (OFFICIAL_CALENDAR_LAST_YEAR >= 2028) return
    expect(calendarYearCoverage(2028, [])).toEqual({ year: 2028, state: 'unknown' })
    // 2028-01-01 is a Saturday and 2028-01-29 a Saturday make-up day: neither counts.
    const begun: WorkdayOverride[] = [
      { date: '2028-01-01', kind: 'holiday', name: '元旦' },
      { date: '2028-01-29', kind: 'workday', name: '春节调休上班' },
      { date: '2028-01-26', kind: 'holiday', name: '春节' },
    ]
    expect(calendarYearCoverage(2028, begun)).toEqual({
      year: 2028,
      state: 'partial',
      weekdayHolidays: 1,
    })
    const weekdays = ['01-27', '01-28', '01-31', '02-01', '02-02', '02-03'].map(
      (day): WorkdayOverride => ({ date: `2028-${day}`, kind: 'holiday', name: '春节' }),
    )
    expect(calendarYearCoverage(2028, [...begun, ...weekdays])).toEqual({
      year: 2028,
      state: 'entered',
    })
    // Another year's entries do not count.
    expect(calendarYearCoverage(2029, [...begun, ...weekdays]).state).toBe('unknown')
  })
})

describe('checkWorkdayOverride', () => {
  it('accepts a good entry and names the wrong field', () => {
    expect(checkWorkdayOverride({ date: '2027-01-01', kind: 'holiday', name: '元旦' })).toEqual({
      ok: true,
    })
    expect(
      checkWorkdayOverride({ date: '2027-02-29', kind: 'holiday', name: '元旦' }),
    ).toMatchObject({ ok: false, field: 'date' })
    expect(
      checkWorkdayOverride({ date: '2027-01-01', kind: 'weekend' as never, name: '元旦' }),
    ).toMatchObject({ ok: false, field: 'kind' })
    expect(checkWorkdayOverride({ date: '2027-01-01', kind: 'holiday', name: '  ' })).toMatchObject(
      {
        ok: false,
        field: 'name',
      },
    )
  })
})

describe('checkOverrideUseful', () => {
  const today = '2026-11-29'
  it('keeps entries that change a day or name a rest day', () => {
    // A Sunday made a working day; a Saturday named as part of a holiday.
    expect(
      checkOverrideUseful({ date: '2027-02-07', kind: 'workday', name: '调休' }, today),
    ).toEqual({ ok: true })
    expect(
      checkOverrideUseful({ date: '2026-12-05', kind: 'holiday', name: '春节' }, today),
    ).toEqual({ ok: true })
  })

  it('refuses a make-up working day on a working day, and any day already past', () => {
    expect(
      checkOverrideUseful({ date: '2027-03-03', kind: 'workday', name: '调休' }, today),
    ).toEqual({
      ok: false,
      field: 'kind',
      reason: expect.stringMatching(/^2027-03-03（周三）本来就是工作日/),
    })
    expect(checkOverrideUseful({ date: '2026-11-28', kind: 'holiday', name: '补' }, today)).toEqual(
      { ok: false, field: 'date', reason: expect.stringContaining('已经过去') },
    )
    // Today itself may still change: it is not over.
    expect(checkOverrideUseful({ date: today, kind: 'holiday', name: '临时' }, today).ok).toBe(true)
  })
})

describe('the host time zone', () => {
  const saved = process.env.TZ
  afterEach(() => {
    if (saved === undefined) delete process.env.TZ
    else process.env.TZ = saved
  })

  // chinese-days' own functions read dates in local time and shift them west of Greenwich.
  it('does not change any answer', () => {
    for (const tz of ['America/Los_Angeles', 'Pacific/Kiritimati', 'UTC']) {
      process.env.TZ = tz
      const calendar = createWorkdayCalendar([])
      expect(calendar.isWorkday('2026-10-08')).toBe(true)
      expect(calendar.isWorkday('2026-10-10')).toBe(true)
      expect(calendar.isWorkday('2026-10-01')).toBe(false)
      expect(calendar.addWorkdays(sh('2026-09-30T15:30'), 1)).toEqual(sh('2026-10-08T15:30'))
    }
  })
})
