/** Whether a qualification counts on a given day, and how certificates are shown in public. */

/** The select option that lets an agency type a qualification the catalogue does not name. */
export const OTHER_QUALIFICATION = '其他'

export interface QualificationDates {
  /** 'YYYY-MM-DD', the first day it counts. */
  validFrom: string
  /** 'YYYY-MM-DD', the last day it counts; null when it never expires (长期有效). */
  validTo: string | null
}

export type QualificationStatus = 'valid' | 'expired' | 'not_yet_valid'

export const qualificationStatusNames: Record<QualificationStatus, string> = {
  valid: '有效',
  expired: '已过期',
  not_yet_valid: '未生效',
}

// ISO dates compare correctly as strings.
export function isQualificationValidOn(q: QualificationDates, date: string): boolean {
  return q.validFrom <= date && (q.validTo == null || date <= q.validTo)
}

type HeldQualification = QualificationDates & { id: string; type: string }

/**
 * How many of these deadlines (Beijing dates) `removedId` alone covers for `type`: the bids
 * that removing it would leave without a valid qualification at their opening.
 */
export function deadlinesLeftUncovered(
  held: readonly HeldQualification[],
  removedId: string,
  type: string,
  deadlineDates: readonly string[],
): number {
  const covers = (q: HeldQualification, date: string) =>
    q.type.trim() === type.trim() && isQualificationValidOn(q, date)
  return deadlineDates.filter(
    (date) =>
      held.some((q) => q.id === removedId && covers(q, date)) &&
      !held.some((q) => q.id !== removedId && covers(q, date)),
  ).length
}

/** `today` is a 'YYYY-MM-DD' date in Asia/Shanghai (see shanghaiDate). */
export function qualificationStatus(q: QualificationDates, today: string): QualificationStatus {
  if (today < q.validFrom) return 'not_yet_valid'
  if (q.validTo != null && today > q.validTo) return 'expired'
  return 'valid'
}

const shanghaiDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})

/** The calendar date in Beijing at `now`, as 'YYYY-MM-DD'. */
export function shanghaiDate(now: Date): string {
  return shanghaiDay.format(now)
}

/** True for a real calendar date written 'YYYY-MM-DD' (no 2025-02-30). */
export function isIsoDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  if (!match) return false
  const [, y, m, d] = match.map(Number) as [number, number, number, number]
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}

/**
 * '豫1234567890' → '豫1*******90': enough to recognise a certificate, not to copy it.
 * Short numbers keep only their first character.
 */
export function maskCertificateNumber(number: string): string {
  const chars = Array.from(number.trim())
  if (chars.length === 0) return ''
  if (chars.length <= 4) return chars[0] + '*'.repeat(chars.length - 1)
  return chars.slice(0, 2).join('') + '*'.repeat(chars.length - 4) + chars.slice(-2).join('')
}
