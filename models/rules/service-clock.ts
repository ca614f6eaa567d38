/**
 * The service clock (服务时限) of a signed contract, in working days on the Chinese calendar.
 *
 * Counting starts the working day after both parties signed. A working day is used unless
 * the clock stood still at some moment of it: while the buyer owed input (等待业主) or was
 * reviewing a delivery. Whole days keep the rule simple to explain and never charge the
 * agency for a day the buyer held it up (a review from the day after the delivery). The clock
 * stops for good at acceptance.
 */
import { shanghaiDate } from './qualifications.ts'
import type { WorkdayCalendar } from './workdays.ts'

/**
 * A span when the clock stood still; `to` null while it still does. A review starts the day
 * after the delivery (`fromNextDay`): the agency worked on the day it delivered, and a
 * delivery read as on time when handed in stays on time afterwards.
 */
export interface ClockStop {
  from: Date
  to: Date | null
  fromNextDay?: boolean
}

export interface ServiceClockInput {
  startedAt: Date
  /** The contract's time limit plus approved extensions. */
  allowedWorkdays: number
  stops: readonly ClockStop[]
  /** Acceptance: the clock reads as of that moment ever after. */
  stoppedAt: Date | null
  now: Date
}

export interface ServiceClockReading {
  usedWorkdays: number
  allowedWorkdays: number
  /** allowed − used; negative when overdue. */
  remainingWorkdays: number
  /** Standing still right now (waiting for the buyer or under review). */
  paused: boolean
  /**
   * The last working day of the limit (Shanghai 'YYYY-MM-DD'): when it was reached, or where
   * it falls if nothing stops the clock again; null while paused with days left.
   */
  dueDate: string | null
  overdue: boolean
}

function stoppedOn(day: string, stops: readonly ClockStop[], now: Date): boolean {
  return stops.some((s) => {
    const first = shanghaiDate(s.from)
    return (s.fromNextDay ? first < day : first <= day) && day <= shanghaiDate(s.to ?? now)
  })
}

export function readServiceClock(
  input: ServiceClockInput,
  calendar: WorkdayCalendar,
): ServiceClockReading {
  const asOf = input.stoppedAt ?? input.now
  const today = shanghaiDate(asOf)
  const allowed = input.allowedWorkdays
  let used = 0
  let reachedOn: string | null = null
  let day = shanghaiDate(input.startedAt)
  while ((day = calendar.nextWorkday(day)) <= today) {
    if (stoppedOn(day, input.stops, asOf)) continue
    used++
    if (used === allowed) reachedOn = day
  }
  const paused = !input.stoppedAt && input.stops.some((s) => s.to === null)
  const remaining = allowed - used
  let dueDate = reachedOn
  if (dueDate === null && !paused) {
    // Days left and running: the remaining-th working day after today.
    let d = today
    for (let i = 0; i < remaining; i++) d = calendar.nextWorkday(d)
    dueDate = d
  }
  return {
    usedWorkdays: used,
    allowedWorkdays: allowed,
    remainingWorkdays: remaining,
    paused,
    dueDate,
    overdue: used > allowed,
  }
}

/** What is left, for people: never '剩余 -3 个工作日'. */
export function remainingText(reading: Pick<ServiceClockReading, 'remainingWorkdays' | 'dueDate'>) {
  if (reading.remainingWorkdays < 0)
    return `已超期 ${-reading.remainingWorkdays} 个工作日（期限于 ${reading.dueDate ?? '—'} 届满）`
  return `剩余 ${reading.remainingWorkdays} 个工作日，预计 ${reading.dueDate ?? '—'} 到期`
}
