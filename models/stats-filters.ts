import { OUTSIDE_HENAN } from './directory-query.ts'
import { OUTSIDE_HENAN_LABEL } from './directory.ts'
import { cityNameOfCityCode } from './regions.ts'
import { addMonths, defaultPeriod, isMonth, type Month } from './rules/stats.ts'

/** The /stats page's filters: a period of whole Beijing months and the buyer's city. */
export interface StatsFilter {
  from: Month
  to: Month
  /** A Henan city code (4 digits), OUTSIDE_HENAN, or null for everywhere. */
  city: string | null
}

/** Ten years: the monthly table stays readable and the queries bounded. */
export const MAX_STATS_MONTHS = 120

/** A buyer's or agency's city by its code; no code means registered outside Henan. */
export const cityName = (code: string | null) =>
  code == null ? OUTSIDE_HENAN_LABEL : (cityNameOfCityCode(code) ?? code)

/**
 * Filters from a query string. A bad value is reported and replaced by the default, so the
 * page still answers (the CSV route refuses instead).
 */
export function readStatsFilter(
  params: URLSearchParams,
  now: Date,
): { filter: StatsFilter; problems: string[]; issues: string[] } {
  // `issues` say what is wrong; `problems` add what the page did instead, for the page only.
  const issues: string[] = []
  const problems: string[] = []
  const report = (issue: string, instead?: string) => {
    issues.push(issue)
    problems.push(instead ? `${issue}，${instead}` : issue)
  }
  const fallback = defaultPeriod(now)
  const month = (name: 'from' | 'to', label: string) => {
    const value = params.get(name)?.trim()
    if (!value) return fallback[name]
    if (isMonth(value)) return value
    report(`${label}「${value}」无效，应为“年-月”，如 2026-01`)
    return fallback[name]
  }
  let from = month('from', '起始月份')
  let to = month('to', '截止月份')
  if (from > to) {
    report('起始月份晚于截止月份', '已按默认期间统计')
    ;({ from, to } = fallback)
  } else if (addMonths(from, MAX_STATS_MONTHS - 1) < to) {
    report(`统计期间最长 ${MAX_STATS_MONTHS} 个月`, '已从截止月份往前截取')
    from = addMonths(to, -(MAX_STATS_MONTHS - 1))
  }
  let city: string | null = null
  const cityParam = (params.get('city') ?? '').trim()
  if (cityParam) {
    if (cityParam === OUTSIDE_HENAN || cityNameOfCityCode(cityParam)) city = cityParam
    else report(`地区「${cityParam}」无效`, '已统计全部地区')
  }
  return { filter: { from, to, city }, problems, issues }
}

/** The query string that reproduces a filter (for CSV links). */
export function statsFilterQuery(filter: StatsFilter): string {
  const params = new URLSearchParams({ from: filter.from, to: filter.to })
  if (filter.city) params.set('city', filter.city)
  return params.toString()
}

/** '2026-01 至 2026-06，采购人在郑州市' */
export function periodLabel(filter: StatsFilter): string {
  const period = filter.from === filter.to ? filter.from : `${filter.from} 至 ${filter.to}`
  if (!filter.city) return period
  return `${period}，采购人在${cityName(filter.city === OUTSIDE_HENAN ? null : filter.city)}`
}
