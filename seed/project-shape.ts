import type { WorkdayGrid } from './project-clock.ts'
import { drawInvitee, drawProcurement, type Procurement } from './project-pricing.ts'
import type { ProjectDraft, ProjectRun, RunEnv } from './project-run.ts'
import { projectLocation, projectPlace, projectScope, projectTitle } from './project-texts.ts'
import type { Method, Scenario, Timing } from './project-timing.ts'
import type { SeedBuyer, SeedWorld } from './project-world.ts'

/** What a demo project is made of: its moments, item, cap, bidders and form. */

export interface PlanContext {
  env: RunEnv
  world: SeedWorld
  grid: WorkdayGrid
  /** Real time when the seed started: every scripted step happens before it. */
  now: Date
}

export interface PlannedProject {
  run: ProjectRun
  scenario: Scenario
}

export const MINUTE = 60_000
const weightSets: [number, number, number][] = [
  [30, 60, 10],
  [40, 50, 10],
  [30, 55, 15],
  [50, 40, 10],
]

/** When a project is published and when bidding closes. */
export interface Moments {
  publishedAt: Date
  deadline: Date
}

/** Published in office hours; closing at 9:30, 10:00 or 15:00 as announcements usually do. */
export function momentsOf(c: PlanContext, timing: Timing): Moments {
  const f = c.env.f
  const [hour, minute] = f.helpers.arrayElement([
    [9, 30],
    [9, 30],
    [10, 0],
    [15, 0],
  ]) as [number, number]
  return {
    publishedAt: c.grid.at(
      timing.publish,
      f.helpers.arrayElement([9, 10, 11, 14, 15, 16]),
      f.number.int({ min: 0, max: 59 }),
    ),
    deadline: c.grid.at(timing.deadline, hour, minute),
  }
}

/** How many agencies bid, as the scenario needs: enough to compete, or too few. */
export function bidderCount(c: PlanContext, scenario: Scenario, method: Method): number {
  const int = (min: number, max: number) => c.env.f.number.int({ min, max })
  switch (scenario) {
    case 'too_few':
    case 'cancelled_open':
      return int(0, 2)
    case 'withdrawn_too_few':
      return 3
    case 'open':
    case 'demo_open':
      return int(0, 3)
    case 'draft':
    case 'cancelled_draft':
      return 0
    case 'explanation_accepted':
    case 'explanation_rejected':
    case 'explanation_lapsed':
    case 'awaiting_explanation':
    case 'explained_undecided':
      return int(3, 4)
    case 'objection_upheld':
      return int(4, 5)
    default:
      return method === 'lottery' ? int(3, 6) : method === 'scoring' ? int(3, 4) : int(3, 5)
  }
}

const needsLowBidder = (scenario: Scenario) =>
  scenario.startsWith('explanation_') ||
  scenario === 'awaiting_explanation' ||
  scenario === 'explained_undecided'

/** The item, cap and bidders (or the invitee), with the abnormal-low share they were drawn for. */
export function procure(
  c: PlanContext,
  scenario: Scenario,
  method: Method,
  times: Moments,
  bidders: number,
  itemCodes?: readonly string[],
): (Procurement & { abnormalLowPercent: number }) | null {
  const f = c.env.f
  const abnormalLowPercent = f.helpers.weightedArrayElement([
    { weight: 8, value: 70 },
    { weight: 1, value: 75 },
    { weight: 1, value: 80 },
  ])
  const needs = { ...times, itemCodes }
  const found =
    method === 'direct'
      ? drawInvitee(f, c.world, needs)
      : drawProcurement(f, c.world, {
          ...needs,
          bidders,
          abnormalLowPercent,
          lowBidder: needsLowBidder(scenario),
        })
  return found && { ...found, abnormalLowPercent }
}

/** The form the buyer fills in: title, scope and place drawn for the item and the buyer. */
export function draftOf(
  c: PlanContext,
  buyer: SeedBuyer,
  method: Method,
  procurement: Procurement & { abnormalLowPercent: number },
  timing: Timing,
  times: Moments,
): ProjectDraft {
  const f = c.env.f
  const place = projectPlace(f, buyer)
  const location = projectLocation(f, place)
  const { item } = procurement
  return {
    item,
    title: projectTitle(f, item, buyer, place),
    scope: projectScope(f, item, location),
    regionCode: place.county.code,
    location,
    capFen: procurement.capFen,
    funding: buyer.kind === 'department' ? 'budget' : 'own',
    method,
    deadline: times.deadline,
    publicityWorkdays: timing.publicityWorkdays,
    weights: method === 'scoring' ? f.helpers.arrayElement(weightSets) : undefined,
    abnormalLowPercent: procurement.abnormalLowPercent,
    directAgencyId: method === 'direct' ? procurement.bidders[0]!.offer.agency.id : undefined,
  }
}

/** A moment on working day `day` between `from` and `to` o'clock (Beijing). */
export const at = (c: PlanContext, day: number, from: number, to: number) =>
  c.grid.at(
    day,
    c.env.f.number.int({ min: from, max: to }),
    c.env.f.number.int({ min: 0, max: 59 }),
  )

export const later = (instant: Date, minutes: number) =>
  new Date(instant.getTime() + minutes * MINUTE)
