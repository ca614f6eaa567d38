/**
 * The Chinese working-day calendar: weekends, public holidays and make-up working days (调休上班).
 *
 * The official schedule comes from the `chinese-days` package, read from its data file rather
 * than through its functions: those parse 'YYYY-MM-DD' as UTC midnight and then read the day in
 * the process's local time zone, so on a server west of Greenwich every date shifts by one.
 * The package only knows the years already announced (through 2026); supervisors enter the
 * next year's schedule as overrides, and an override always wins over the package.
 */
import packageDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' }
import { isIsoDate, shanghaiDate } from './qualifications.ts'

export const workdayOverrideKinds = ['holiday', 'workday'] as const
export type WorkdayOverrideKind = (typeof workdayOverrideKinds)[number]

export const workdayOverrideKindNames: Record<WorkdayOverrideKind, string> = {
  holiday: '放假',
  workday: '调休上班',
}

export interface WorkdayOverride {
  /** 'YYYY-MM-DD', an Asia/Shanghai calendar date. */
  date: string
  kind: WorkdayOverrideKind
  /** What the day is, e.g. '元旦' or '春节调休上班'. */
  name: string
}

export interface DayDetail {
  date: string
  work: boolean
  /** The holiday or make-up day's name, or '' for an ordinary weekday or weekend. */
  name: string
  source: 'override' | 'official' | 'weekday'
}

export interface WorkdayCalendar {
  /** Whether a 'YYYY-MM-DD' date is a working day. Throws RangeError for a malformed date. */
  isWorkday(date: string): boolean
  dayDetail(date: string): DayDetail
  /**
   * The same Asia/Shanghai wall-clock time on the n-th working day strictly after the
   * instant's Shanghai date; n = 0 returns the instant itself. Throws RangeError if n is
   * negative or not an integer.
   */
  addWorkdays(from: Date, n: number): Date
  /** Working days d with shanghaiDate(from) < d <= shanghaiDate(to); 0 if to is not later. */
  workdaysBetween(from: Date, to: Date): number
  /** The first working day strictly after a 'YYYY-MM-DD' date. */
  nextWorkday(date: string): string
}

const DAY_MS = 86_400_000

interface PackageData {
  holidays: Record<string, string>
  workdays: Record<string, string>
}

const official = packageDays as PackageData

/** The last year whose official schedule the package knows. */
export const OFFICIAL_CALENDAR_LAST_YEAR = Math.max(
  ...Object.keys(official.holidays).map((date) => Number(date.slice(0, 4))),
)

// 'YYYY-MM-DD' ↔ days since 1970-01-01: calendar arithmetic with no time zone involved.
function dayNumber(date: string): number {
  if (!isIsoDate(date)) throw new RangeError(`不是有效的日期：${date}`)
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8)))
}

function isoFromDayNumber(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

/** Official entries carry 'English,中文,days'; show the Chinese name. */
function officialName(entry: string): string {
  return entry.split(',')[1] ?? entry
}

export function createWorkdayCalendar(overrides: readonly WorkdayOverride[]): WorkdayCalendar {
  // A later entry for the same date replaces an earlier one.
  const byDate = new Map<string, WorkdayOverride>()
  for (const override of overrides) {
    const problem = checkWorkdayOverride(override)
    if (!problem.ok) throw new RangeError(problem.reason)
    byDate.set(override.date, override)
  }

  function dayDetail(date: string): DayDetail {
    const ms = dayNumber(date)
    const override = byDate.get(date)
    if (override)
      return { date, work: override.kind === 'workday', name: override.name, source: 'override' }
    const makeUp = official.workdays[date]
    if (makeUp) return { date, work: true, name: officialName(makeUp), source: 'official' }
    const holiday = official.holidays[date]
    if (holiday) return { date, work: false, name: officialName(holiday), source: 'official' }
    const weekday = new Date(ms).getUTCDay()
    return { date, work: weekday !== 0 && weekday !== 6, name: '', source: 'weekday' }
  }

  const isWorkday = (date: string) => dayDetail(date).work

  function nextWorkday(date: string): string {
    let ms = dayNumber(date)
    // Terminates: overrides and official entries are finite, and every week has weekdays.
    for (;;) {
      ms += DAY_MS
      const next = isoFromDayNumber(ms)
      if (isWorkday(next)) return next
    }
  }

  function addWorkdays(from: Date, n: number): Date {
    if (!Number.isInteger(n) || n < 0) throw new RangeError('工作日数须为非负整数')
    if (Number.isNaN(from.getTime())) throw new RangeError('无效的时间')
    if (n === 0) return new Date(from.getTime())
    const start = shanghaiDate(from)
    let day = start
    for (let i = 0; i < n; i++) day = nextWorkday(day)
    // Asia/Shanghai has had no daylight saving since 1991: whole days keep the wall-clock time.
    return new Date(from.getTime() + (dayNumber(day) - dayNumber(start)))
  }

  function workdaysBetween(from: Date, to: Date): number {
    const end = dayNumber(shanghaiDate(to))
    let ms = dayNumber(shanghaiDate(from))
    let count = 0
    while ((ms += DAY_MS) <= end) if (isWorkday(isoFromDayNumber(ms))) count++
    return count
  }

  return { isWorkday, dayDetail, addWorkdays, workdaysBetween, nextWorkday }
}

export type OverrideCheck =
  { ok: true } | { ok: false; field: 'date' | 'kind' | 'name'; reason: string }

/** What a supervisor typed for one calendar entry. */
export function checkWorkdayOverride(input: WorkdayOverride): OverrideCheck {
  if (!isIsoDate(input.date))
    return { ok: false, field: 'date', reason: '请填写有效的日期，如 2027-01-01' }
  if (!workdayOverrideKinds.includes(input.kind))
    return { ok: false, field: 'kind', reason: '请选择放假或调休上班' }
  const name = input.name.trim()
  if (name.length === 0) return { ok: false, field: 'name', reason: '请填写名称，如“元旦”' }
  if (name.length > 30) return { ok: false, field: 'name', reason: '名称不超过 30 个字' }
  return { ok: true }
}

const weekdayNames = ['周日', '周一', '周二', '周三', '周四', '周五', '周六']

/** '2027-03-03' → '周三'. */
export const weekdayOf = (date: string) => weekdayNames[new Date(`${date}T00:00:00Z`).getUTCDay()]!

/** The package's schedule alone, to see what an entry would change. */
export const officialCalendar = createWorkdayCalendar([])

/**
 * An entry worth saving: one that changes the calendar, or names a rest day (春节 over its
 * weekend). A make-up working day on a day that is already one changes nothing and, once
 * the official schedule is entered, only hides mistakes; past days are history, which
 * deadlines already counted.
 */
export function checkOverrideUseful(
  entry: WorkdayOverride,
  today: string,
): { ok: true } | { ok: false; field: 'date' | 'kind'; reason: string } {
  if (entry.date < today)
    return {
      ok: false,
      field: 'date',
      reason: `${entry.date} 已经过去，不能再修改（今天是 ${today}）`,
    }
  if (entry.kind === 'holiday') return { ok: true }
  const base = officialCalendar.dayDetail(entry.date)
  if (!base.work) return { ok: true }
  return {
    ok: false,
    field: 'kind',
    reason: `${entry.date}（${weekdayOf(entry.date)}）本来就是工作日，调休上班只用于周末或法定假日；如要取消该日放假，请删除该日的条目`,
  }
}

/**
 * A State Council schedule gives each of the seven statutory festivals at least one weekday
 * off, so a year with fewer weekday holidays entered has not been entered in full.
 */
export const WEEKDAY_HOLIDAYS_IN_A_SCHEDULE = 7

export type CalendarYearCoverage =
  | { year: number; state: 'official' | 'entered' }
  | { year: number; state: 'partial'; weekdayHolidays: number }
  | { year: number; state: 'unknown' }

/**
 * How much of a year's holiday schedule the calendar knows: announced in the package, entered
 * by a supervisor, entered only in part, or not at all (weekends only).
 */
export function calendarYearCoverage(
  year: number,
  overrides: readonly WorkdayOverride[],
): CalendarYearCoverage {
  if (year <= OFFICIAL_CALENDAR_LAST_YEAR) return { year, state: 'official' }
  const ofYear = overrides.filter((o) => o.date.startsWith(`${year}-`))
  if (ofYear.length === 0) return { year, state: 'unknown' }
  const weekdayHolidays = ofYear.filter(
    (o) => o.kind === 'holiday' && ![0, 6].includes(new Date(`${o.date}T00:00:00Z`).getUTCDay()),
  ).length
  return weekdayHolidays >= WEEKDAY_HOLIDAYS_IN_A_SCHEDULE
    ? { year, state: 'entered' }
    : { year, state: 'partial', weekdayHolidays }
}

/** Bids and sign-ups stay open at least this many working days after publication. */
export const MIN_BIDDING_WORKDAYS = 2

/**
 * The earliest deadline a project published at `publishedAt` may set, rounded up to the
 * minute: deadlines are typed and shown to the minute, so the time a buyer is told is one
 * they can enter.
 */
export function earliestDeadline(publishedAt: Date, calendar: WorkdayCalendar): Date {
  const exact = calendar.addWorkdays(publishedAt, MIN_BIDDING_WORKDAYS)
  return new Date(Math.ceil(exact.getTime() / 60_000) * 60_000)
}
