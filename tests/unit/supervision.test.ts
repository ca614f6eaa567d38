import { describe, expect, it } from 'vitest'
import { queueDeadlines } from '../../models/rules/supervision.ts'

const day = 86_400_000
const at = (d: number) => new Date(Date.UTC(2026, 10, 2) + d * day)
// Calendar days stand in for working days: the calendar is tested elsewhere.
const addDays = (from: Date, n: number) => new Date(from.getTime() + n * day)

describe('supervisor queue deadlines', () => {
  it('takes an item’s own due time, or counts the limit from when it began to wait', () => {
    const items = [
      { dueAt: at(9), since: at(0) },
      { dueAt: null, since: at(1) }, // due at(6)
      { dueAt: null, since: at(5) }, // due at(10)
    ]
    expect(queueDeadlines(items, 5, at(3), addDays)).toEqual({ nextDueAt: at(6), overdue: 0 })
    expect(queueDeadlines(items, 5, at(9.5), addDays)).toEqual({ nextDueAt: at(6), overdue: 2 })
  })

  it('has no deadline for an empty queue', () => {
    expect(queueDeadlines([], 5, at(0), addDays)).toEqual({ nextDueAt: null, overdue: 0 })
  })
})
