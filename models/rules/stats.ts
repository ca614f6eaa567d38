/**
 * The market statistics' formulas (the /stats page): savings, concentration, medians and the
 * Beijing-time months everything is counted in. The queries in models/stats-queries.ts only
 * add up; every ratio is taken here.
 */

/** Months are Beijing calendar months: an award at 00:30 on 1 April Beijing time is April's. */
export const STATS_TIME_ZONE = 'Asia/Shanghai'

/** China has kept UTC+8 without daylight saving since 1991. */
const SHANGHAI_OFFSET_MS = 8 * 3600_000

/** 'YYYY-MM' */
export type Month = string

const monthPattern = /^(\d{4})-(0[1-9]|1[0-2])$/

export function isMonth(text: string): text is Month {
  return monthPattern.test(text)
}

const shanghaiYearMonth = new Intl.DateTimeFormat('en-CA', {
  timeZone: STATS_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
})

/** The Beijing month an instant falls in. */
export function shanghaiMonthOf(instant: Date): Month {
  const parts = shanghaiYearMonth.formatToParts(instant)
  const part = (type: string) => parts.find((p) => p.type === type)!.value
  return `${part('year')}-${part('month')}`
}

function monthParts(month: Month): [number, number] {
  const match = monthPattern.exec(month)
  if (!match) throw new RangeError(`not a month: ${month}`)
  return [Number(match[1]), Number(match[2])]
}

export function addMonths(month: Month, count: number): Month {
  const [year, m] = monthParts(month)
  const index = year * 12 + (m - 1) + count
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`
}

/** Midnight Beijing time on the 1st of the month, as a UTC instant. */
export function monthStart(month: Month): Date {
  const [year, m] = monthParts(month)
  return new Date(Date.UTC(year, m - 1, 1) - SHANGHAI_OFFSET_MS)
}

/** Every month from `from` to `to`, both included. */
export function monthsBetween(from: Month, to: Month): Month[] {
  const months: Month[] = []
  for (let m = from; m <= to; m = addMonths(m, 1)) months.push(m)
  return months
}

/** The instants [start, end) a period of whole months covers. */
export function periodBounds(from: Month, to: Month): { start: Date; end: Date } {
  return { start: monthStart(from), end: monthStart(addMonths(to, 1)) }
}

/** The twelve months up to and including the current one. */
export function defaultPeriod(now: Date): { from: Month; to: Month } {
  const to = shanghaiMonthOf(now)
  return { from: addMonths(to, -11), to }
}

/** 节约率 of one award: what the buyer did not spend of its budget cap, as a fraction. */
export function savingsRate(capFen: number, awardFen: number): number {
  return (capFen - awardFen) / capFen
}

/** Amount-weighted: all savings over all caps, so a large project counts for more. */
export function weightedSavingsRate(capSumFen: number, awardSumFen: number): number | null {
  return capSumFen > 0 ? savingsRate(capSumFen, awardSumFen) : null
}

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null
  return values.reduce((sum, v) => sum + v, 0) / values.length
}

/** The middle value; between the two middle ones for an even count. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

export interface Frequency {
  value: number
  count: number
}

/** Mean and median of values given as (value, how many times) pairs. */
export function frequencySummary(frequencies: readonly Frequency[]) {
  const sorted = frequencies.filter((f) => f.count > 0).sort((a, b) => a.value - b.value)
  const n = sorted.reduce((sum, f) => sum + f.count, 0)
  if (n === 0) return { n, total: 0, mean: null, median: null }
  const total = sorted.reduce((sum, f) => sum + f.value * f.count, 0)
  // The values at 0-based positions lo and hi of the sorted list; equal for an odd count.
  const at = (position: number) => {
    let seen = 0
    for (const f of sorted) {
      seen += f.count
      if (position < seen) return f.value
    }
    return sorted.at(-1)!.value
  }
  const lo = at(Math.floor((n - 1) / 2))
  const hi = at(Math.floor(n / 2))
  return { n, total, mean: total / n, median: (lo + hi) / 2 }
}

/** Days from one instant to the next; a step recorded out of order counts as no time. */
export function daysBetween(fromMs: number, toMs: number): number {
  return Math.max(0, toMs - fromMs) / 86_400_000
}

/**
 * Herfindahl–Hirschman index of a market from each firm's sales: the sum of squared
 * percentage shares, 0 (perfectly spread) to 10,000 (one firm has it all).
 */
export function herfindahl(amounts: readonly number[]): number | null {
  const total = amounts.reduce((sum, a) => sum + a, 0)
  if (total <= 0) return null
  return amounts.reduce((sum, a) => sum + ((a / total) * 100) ** 2, 0)
}

/** The largest firm's share of the market, as a fraction. */
export function largestShare(amounts: readonly number[]): number | null {
  const total = amounts.reduce((sum, a) => sum + a, 0)
  return total > 0 ? Math.max(...amounts) / total : null
}

export type Concentration = 'low' | 'moderate' | 'high'

/** The 2023 US merger guidelines' bands: above 1,800 highly, from 1,000 moderately concentrated. */
export function concentrationOf(hhi: number): Concentration {
  if (hhi > 1800) return 'high'
  if (hhi >= 1000) return 'moderate'
  return 'low'
}

export const concentrationNames: Record<Concentration, string> = {
  low: '竞争充分',
  moderate: '中度集中',
  high: '高度集中',
}

/**
 * 外地机构: the winner is registered outside the buyer's city. An organisation outside Henan
 * has no city code and so is outside every Henan city; when neither side has one we cannot
 * tell, and count it as outside rather than claim a local win.
 */
export function isOutsideCity(agencyCity: string | null, buyerCity: string | null): boolean {
  return agencyCity == null || agencyCity !== buyerCity
}

/** A share as a fraction, or null when there is nothing to share. */
export function shareOf(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null
}
