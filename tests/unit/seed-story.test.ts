import { describe, expect, it } from 'vitest'
import { createWorkdayCalendar } from '../../models/rules/workdays.ts'
import { storyStart, WorkdayGrid } from '../../seed/project-clock.ts'

describe('the demo story', () => {
  const calendar = createWorkdayCalendar([])

  // 2026-11-27 11:33 Beijing: sixty days back is Monday 2026-09-28, a working day, at 11:33.
  const lateMorning = new Date('2026-11-27T03:33:00Z')

  it('starts at a Beijing midnight, so the first working day is wholly inside it', () => {
    const start = storyStart(lateMorning, 60)
    expect(start.toISOString()).toBe('2026-09-27T16:00:00.000Z')
    const grid = new WorkdayGrid(calendar, start, lateMorning)
    expect(grid.days[0]).toBe('2026-09-28')
    expect(grid.at(0, 8, 0).getTime()).toBeGreaterThanOrEqual(start.getTime())
  })

  it('starts on the same day whatever the time of day the seed runs', () => {
    const early = storyStart(new Date('2026-11-26T16:05:00Z'), 60) // 00:05 Beijing on the 27th
    const late = storyStart(new Date('2026-11-27T15:55:00Z'), 60) // 23:55 Beijing
    expect(early).toEqual(late)
  })
})
