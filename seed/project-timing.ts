import type { Faker } from '@faker-js/faker'
import type { WorkdayGrid } from './project-clock.ts'

/** When each kind of demo project is published and closes, so it ends where it should today. */

export type Scenario =
  /** Awarded long enough ago that publicity is over and the award final. */
  | 'final'
  /** Awarded, publicity still running. */
  | 'publicity'
  /** Scoring: opened, the buyer's panel has not scored yet. */
  | 'awaiting_scores'
  /** Lowest price: the would-be winner is abnormally low and has not explained yet. */
  | 'awaiting_explanation'
  /** …has explained; the buyer has not decided. */
  | 'explained_undecided'
  | 'explanation_accepted'
  | 'explanation_rejected'
  | 'explanation_lapsed'
  /** Fewer than three valid bids: failed at opening. */
  | 'too_few'
  /** Three bids, one withdrawn before the deadline: failed. */
  | 'withdrawn_too_few'
  /** Still taking bids. */
  | 'open'
  | 'draft'
  | 'cancelled_draft'
  | 'cancelled_open'
  | 'direct_accepted'
  | 'direct_declined'
  | 'direct_expired'
  | 'direct_pending'
  /** Failed, then copied, edited and published again (a second project). */
  | 'republished_failed'
  | 'republished_cancelled'
  /** Open, with a bid from the demo agency, which joined only hours ago. */
  | 'demo_open'
  /** A direct invitation from the demo enterprise to the demo agency, unanswered. */
  | 'demo_invited'
  /** Objected to in publicity: answered, not escalated, closed by the clock; award final. */
  | 'objection_lapsed'
  /** …escalated and dismissed by a supervisor; award final. */
  | 'objection_dismissed'
  /** …upheld: the winning bid is found invalid, and the next one awarded. */
  | 'objection_upheld'
  /** Objected to yesterday; the buyer has not answered yet. */
  | 'objection_pending'
  /** Answered and escalated; waiting for a supervisor's ruling. */
  | 'objection_escalated'

export type Method = 'lowest_price' | 'lottery' | 'scoring' | 'direct'

export interface Timing {
  /** Working-day indices on the grid: publication and deadline. */
  publish: number
  deadline: number
  /** Extra working days after the deadline until the award (scores, explanations). */
  toAward: number
  publicityWorkdays: number
}

/** Scenarios whose outcome comes after the deadline and then runs through publicity. */
const awarded = new Set<Scenario>([
  'final',
  'publicity',
  'explanation_accepted',
  'explanation_rejected',
  'explanation_lapsed',
  'objection_lapsed',
  'objection_dismissed',
  'objection_upheld',
  'objection_pending',
  'objection_escalated',
])

export const endsAwarded = (scenario: Scenario) => awarded.has(scenario)

/** Working days from the award to an objection's last step (see scheduleObjection). */
export const OBJECTION_DAYS = 5

/**
 * Days for a scenario, `minPublish` the earliest publication day; null if none fit.
 * `last` is the last working day before today: an award is final if its publicity ended by
 * then, still in publicity if it ends two working days after it or later (today's may be
 * past or not, depending on the hour), and a project is open if its deadline is that late.
 */
export function drawTiming(
  f: Faker,
  grid: WorkdayGrid,
  scenario: Scenario,
  method: Method,
  minPublish = 0,
): Timing | null {
  const last = grid.last
  const int = (min: number, max: number) => (min > max ? null : f.number.int({ min, max }))
  let k = f.number.int({ min: 3, max: 6 })
  const publicityWorkdays = f.helpers.weightedArrayElement([
    { weight: 7, value: 3 },
    { weight: 3, value: 5 },
  ])
  const toAward =
    scenario === 'explanation_accepted' || scenario === 'explanation_rejected'
      ? 1
      : scenario === 'explanation_lapsed'
        ? 2
        : method === 'scoring' && awarded.has(scenario)
          ? f.number.int({ min: 1, max: 2 })
          : 0
  const span = k + toAward
  let publish: number | null
  switch (scenario) {
    case 'final':
    case 'explanation_accepted':
    case 'explanation_rejected':
    case 'explanation_lapsed':
      publish = int(minPublish, last - publicityWorkdays - span)
      break
    case 'publicity':
    case 'objection_pending':
      publish = int(Math.max(minPublish, last + 2 - publicityWorkdays - span), last - span)
      break
    case 'objection_lapsed':
    case 'objection_dismissed':
      publish = int(minPublish, last - Math.max(publicityWorkdays, OBJECTION_DAYS) - span)
      break
    case 'objection_upheld':
      publish = int(minPublish, last - OBJECTION_DAYS - span)
      break
    case 'objection_escalated':
      publish = int(Math.max(minPublish, last - 3 - span - 4), last - 3 - span)
      break
    case 'awaiting_scores':
      publish = last - f.number.int({ min: 0, max: 1 }) - k
      break
    case 'awaiting_explanation':
      publish = last - k
      break
    case 'explained_undecided':
      publish = last - 1 - k
      break
    case 'too_few':
    case 'withdrawn_too_few':
    case 'direct_expired':
      publish = int(minPublish, last - k)
      break
    case 'open':
    case 'direct_pending':
    case 'demo_open':
    case 'demo_invited':
      publish = int(Math.max(minPublish, last - 4), last)
      if (publish != null) k = Math.max(3, last + 2 - publish) + f.number.int({ min: 0, max: 2 })
      break
    case 'cancelled_open':
      publish = int(minPublish, last - 2)
      break
    case 'direct_accepted':
    case 'direct_declined':
      publish = int(minPublish, last - 1)
      break
    case 'draft':
      publish = int(Math.max(minPublish, last - 20), last)
      break
    case 'cancelled_draft':
      publish = int(minPublish, last - 3)
      break
    case 'republished_failed':
    case 'republished_cancelled':
      publish = null // two projects: see planRepublished
      break
  }
  if (publish == null || publish < minPublish) return null
  return { publish, deadline: publish + k, toAward, publicityWorkdays }
}

/** A Beijing office-hours moment strictly between `after` and `before`, or null. */
export function officeTime(
  f: Faker,
  grid: WorkdayGrid,
  days: [from: number, to: number],
  after: Date,
  before: Date,
): Date | null {
  const [from, to] = [Math.max(0, days[0]), Math.min(grid.days.length - 1, days[1])]
  if (from > to) return null
  for (let attempt = 0; attempt < 24; attempt++) {
    const at = grid.at(
      f.number.int({ min: from, max: to }),
      f.number.int({ min: 8, max: 17 }),
      f.number.int({ min: 0, max: 59 }),
    )
    if (at > after && at < before) return at
  }
  // Nothing inside office hours: any moment in between, if there is room for one.
  const gap = before.getTime() - after.getTime()
  return gap > 60_000 ? new Date(after.getTime() + Math.floor(gap / 2)) : null
}
