import { platformNow } from './clock.ts'
import type { Ctx } from './context.ts'
import { isIsoDate, shanghaiDate } from './rules/qualifications.ts'
import {
  calendarYearCoverage,
  createWorkdayCalendar,
  officialCalendar,
  weekdayOf,
} from './rules/workdays.ts'
import { dayReason, listWorkdayOverrides, monthWeeks, shiftMonth } from './workday-calendar.ts'

/**
 * What the supervisor's calendar console shows: the entries by year, each with what the day
 * would be without it; the answer for one asked date; one month; and how much of this year's
 * and next year's holiday schedule is known. Supervisors only.
 */
export async function getCalendarConsole(
  ctx: Ctx,
  asked: { date: string | null; month: string | null },
) {
  const [overrides, now] = await Promise.all([listWorkdayOverrides(ctx), platformNow(ctx.db)])
  const calendar = createWorkdayCalendar(overrides)
  const officialOnly = officialCalendar
  const today = shanghaiDate(now)

  const askedDate = asked.date?.trim() || null
  const checked = askedDate && isIsoDate(askedDate) ? calendar.dayDetail(askedDate) : null
  const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(asked.month ?? '')
    ? asked.month!
    : (checked?.date ?? today).slice(0, 7)

  // Each entry beside what the built-in schedule alone would make of its day.
  const entries = overrides.map((entry) => {
    const official = officialOnly.dayDetail(entry.date)
    return {
      ...entry,
      weekday: weekdayOf(entry.date),
      without: { work: official.work, reason: dayReason(official), name: official.name },
    }
  })
  const years = new Map<string, typeof entries>()
  for (const entry of entries) {
    const year = entry.date.slice(0, 4)
    years.set(year, [...(years.get(year) ?? []), entry])
  }
  const thisYear = Number(today.slice(0, 4))
  return {
    today,
    coverage: [thisYear, thisYear + 1].map((y) => calendarYearCoverage(y, overrides)),
    years: [...years].map(([year, entries]) => ({ year, entries })),
    check: askedDate
      ? checked
        ? { ...checked, weekday: weekdayOf(checked.date), reason: dayReason(checked) }
        : { error: '请输入有效的日期，如 2027-01-01', date: askedDate }
      : null,
    month: {
      label: `${month.slice(0, 4)} 年 ${Number(month.slice(5))} 月`,
      weeks: monthWeeks(calendar, month),
      prev: shiftMonth(month, -1),
      next: shiftMonth(month, 1),
    },
  }
}

export type CalendarConsole = Awaited<ReturnType<typeof getCalendarConsole>>
