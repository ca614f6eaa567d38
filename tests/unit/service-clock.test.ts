import { describe, expect, it } from 'vitest'
import { readServiceClock } from '../../models/rules/service-clock.ts'
import { createWorkdayCalendar } from '../../models/rules/workdays.ts'

const calendar = createWorkdayCalendar([])
/** Beijing wall-clock time as a UTC instant. */
const bj = (date: string, hour: number) =>
  new Date(`${date}T${String(hour).padStart(2, '0')}:00:00+08:00`)

// Signed on Monday 2026-09-28; National Day runs 10-01 to 10-07, Saturday 10-10 is a make-up working day.
const startedAt = bj('2026-09-28', 10)

describe('service clock over National Day 2026', () => {
  it('skips the holiday and counts the make-up Saturday', () => {
    const reading = readServiceClock(
      { startedAt, allowedWorkdays: 5, stops: [], stoppedAt: null, now: bj('2026-10-09', 16) },
      calendar,
    )
    // 09-29, 09-30, 10-08, 10-09 used; 10-10 (Saturday, 调休上班) is the last day.
    expect(reading).toMatchObject({ usedWorkdays: 4, remainingWorkdays: 1, dueDate: '2026-10-10' })
    expect(reading.overdue).toBe(false)
  })

  it('does not count days the buyer held it up, and stands still while paused', () => {
    const stops = [{ from: bj('2026-10-08', 10), to: bj('2026-10-09', 15) }]
    const after = readServiceClock(
      { startedAt, allowedWorkdays: 5, stops, stoppedAt: null, now: bj('2026-10-12', 9) },
      calendar,
    )
    expect(after).toMatchObject({ usedWorkdays: 4, remainingWorkdays: 1, dueDate: '2026-10-13' })

    const during = readServiceClock(
      {
        startedAt,
        allowedWorkdays: 5,
        stops: [{ from: bj('2026-10-08', 10), to: null }],
        stoppedAt: null,
        now: bj('2026-10-12', 9),
      },
      calendar,
    )
    expect(during).toMatchObject({ usedWorkdays: 2, paused: true, dueDate: null })
  })

  it('is overdue once the used days exceed the limit, and keeps the day it ran out', () => {
    const reading = readServiceClock(
      { startedAt, allowedWorkdays: 5, stops: [], stoppedAt: null, now: bj('2026-10-14', 9) },
      calendar,
    )
    expect(reading).toMatchObject({ usedWorkdays: 8, remainingWorkdays: -3, dueDate: '2026-10-10' })
    expect(reading.overdue).toBe(true)
  })

  it('stops for good at acceptance', () => {
    const reading = readServiceClock(
      {
        startedAt,
        allowedWorkdays: 5,
        stops: [],
        stoppedAt: bj('2026-09-30', 17),
        now: bj('2026-12-01', 9),
      },
      calendar,
    )
    expect(reading).toMatchObject({ usedWorkdays: 2, overdue: false, paused: false })
  })

  it('counts the day of a delivery; the review stands still from the next day', () => {
    const review = { from: bj('2026-10-10', 11), to: null, fromNextDay: true }
    const reading = readServiceClock(
      { startedAt, allowedWorkdays: 5, stops: [review], stoppedAt: null, now: bj('2026-10-14', 9) },
      calendar,
    )
    // Delivered on the last day (10-10): on time, and it stays on time while the buyer reviews.
    expect(reading).toMatchObject({
      usedWorkdays: 5,
      overdue: false,
      paused: true,
      dueDate: '2026-10-10',
    })
  })
})
