// Times are stored in UTC and always shown in Beijing time.

const dateTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
})

const dateOnly = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})

// Beijing time has been UTC+8 all year since 1992 (China kept summer time 1986–1991), so later
// times are shifted by hand: Intl.DateTimeFormat costs ~5 µs a call, and a list page shows
// dozens of dates. Earlier (and invalid) times still go through Intl.
const FIXED_OFFSET_SINCE = Date.UTC(1992, 0, 1)
const EIGHT_HOURS = 8 * 3_600_000
const two = (n: number) => (n < 10 ? `0${n}` : String(n))

/** The time shifted to Beijing's wall clock, read with the UTC getters; null before 1992. */
function beijingWallClock(value: Date | string): Date | null {
  const ms = new Date(value).getTime()
  return ms >= FIXED_OFFSET_SINCE ? new Date(ms + EIGHT_HOURS) : null
}

const dateText = (wall: Date) =>
  `${wall.getUTCFullYear()}/${two(wall.getUTCMonth() + 1)}/${two(wall.getUTCDate())}`

/** '2026/11/28 00:00' */
export function formatShanghaiDateTime(value: Date | string): string {
  const wall = beijingWallClock(value)
  if (!wall) return dateTime.format(new Date(value))
  return `${dateText(wall)} ${two(wall.getUTCHours())}:${two(wall.getUTCMinutes())}`
}

/** '2026/11/28' */
export function formatShanghaiDate(value: Date | string): string {
  const wall = beijingWallClock(value)
  return wall ? dateText(wall) : dateOnly.format(new Date(value))
}

/** '2026-12-17' (a calendar day in Beijing, as dates are stored) → '2026/12/17', as shown. */
export function formatDayKey(day: string): string {
  return day.replaceAll('-', '/')
}
