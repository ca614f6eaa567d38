import { describe, expect, it } from 'vitest'
import { formatShanghaiDate, formatShanghaiDateTime } from '../../models/rules/shanghai-time.ts'

const intl = (options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', ...options })
const dateTime = intl({
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
})
const dateOnly = intl({ year: 'numeric', month: '2-digit', day: '2-digit' })

describe('Beijing time on screen', () => {
  it('turns UTC into Beijing wall-clock time across midnight, month and year ends', () => {
    expect(formatShanghaiDateTime('2026-11-27T16:00:00Z')).toBe('2026/11/28 00:00')
    expect(formatShanghaiDateTime('2026-11-27T15:59:59Z')).toBe('2026/11/27 23:59')
    expect(formatShanghaiDate(new Date('2026-12-31T16:00:00Z'))).toBe('2027/01/01')
    expect(formatShanghaiDate('2028-02-28T16:30:00Z')).toBe('2028/02/29')
  })

  it('agrees with the time-zone database for any time from 1992 to 2100', () => {
    const from = Date.UTC(1992, 0, 1)
    // An irregular step (19 days 18 h 46 min 14.117 s) lands on every hour and minute.
    for (let i = 0; i < 2000; i++) {
      const at = new Date(from + i * 1_709_174_117)
      expect(formatShanghaiDateTime(at), at.toISOString()).toBe(dateTime.format(at))
      expect(formatShanghaiDate(at), at.toISOString()).toBe(dateOnly.format(at))
    }
  })

  it('keeps summer time for 1986–1991, and refuses an invalid date', () => {
    expect(formatShanghaiDateTime('1990-07-01T00:00:00Z')).toBe('1990/07/01 09:00')
    expect(() => formatShanghaiDate('not a date')).toThrow(RangeError)
  })
})
