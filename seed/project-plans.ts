import { planDemoInvited, planDemoOpen } from './project-demo.ts'
import { ProjectRun } from './project-run.ts'
import { scheduleContract } from './project-contracts.ts'
import { finalDay, scheduleBids, script } from './project-script.ts'
import {
  at,
  bidderCount,
  draftOf,
  later,
  momentsOf,
  type PlanContext,
  type PlannedProject,
  procure,
} from './project-shape.ts'
import { cancelReasons } from './project-texts.ts'
import { drawTiming, type Method, type Scenario, type Timing } from './project-timing.ts'
import { canTakePart, type SeedBuyer } from './project-world.ts'

/** How many demo projects of each kind, for whom, and how each one's story is scripted. */

interface Slot {
  count: number
  kind: 'department' | 'enterprise'
  methods: Method[]
  scenario: Scenario
  /** How many of them belong to the demo account's organisation. */
  demo?: number
}

const competitive: Method[] = ['lowest_price', 'lottery', 'scoring']
const lowest: Method[] = ['lowest_price']
const lottery: Method[] = ['lottery']
const scoring: Method[] = ['scoring']
const direct: Method[] = ['direct']

const slot = (
  count: number,
  kind: Slot['kind'],
  methods: Method[],
  scenario: Scenario,
  demo = 0,
): Slot => ({ count, kind, methods, scenario, demo })

// Departments spend budget money, competitively; enterprises their own, directly too.
const slots: Slot[] = [
  slot(24, 'department', lowest, 'final', 2),
  slot(18, 'department', lottery, 'final', 1),
  slot(14, 'department', scoring, 'final', 1),
  slot(3, 'department', lowest, 'explanation_accepted'),
  slot(3, 'department', lowest, 'explanation_rejected', 1),
  slot(2, 'department', lowest, 'explanation_lapsed'),
  slot(6, 'department', lowest, 'publicity', 1),
  slot(4, 'department', lottery, 'publicity'),
  slot(3, 'department', scoring, 'publicity'),
  slot(4, 'department', scoring, 'awaiting_scores', 1),
  slot(2, 'department', lowest, 'awaiting_explanation'),
  slot(2, 'department', lowest, 'explained_undecided', 1),
  slot(3, 'department', lowest, 'too_few'),
  slot(3, 'department', lottery, 'too_few'),
  slot(2, 'department', scoring, 'too_few'),
  slot(2, 'department', lowest, 'withdrawn_too_few'),
  slot(12, 'department', lowest, 'open', 1),
  slot(8, 'department', lottery, 'open'),
  slot(6, 'department', scoring, 'open', 1),
  slot(2, 'department', competitive, 'cancelled_draft'),
  slot(4, 'department', competitive, 'cancelled_open', 1),
  slot(5, 'department', competitive, 'draft', 2),
  slot(4, 'department', competitive, 'republished_failed', 1),
  slot(2, 'department', competitive, 'republished_cancelled'),
  slot(1, 'department', lowest, 'demo_open'),
  slot(1, 'department', lottery, 'demo_open'),
  slot(10, 'enterprise', direct, 'direct_accepted', 1),
  slot(4, 'enterprise', direct, 'direct_declined'),
  slot(2, 'enterprise', direct, 'direct_expired'),
  slot(3, 'enterprise', direct, 'direct_pending'),
  slot(10, 'enterprise', lowest, 'final', 1),
  slot(5, 'enterprise', lottery, 'final'),
  slot(4, 'enterprise', scoring, 'final', 1),
  slot(3, 'enterprise', competitive, 'publicity'),
  slot(1, 'enterprise', scoring, 'awaiting_scores'),
  slot(8, 'enterprise', competitive, 'open', 1),
  slot(3, 'enterprise', competitive, 'too_few'),
  slot(2, 'enterprise', competitive, 'cancelled_open'),
  slot(3, 'enterprise', [...competitive, 'direct'], 'draft', 1),
  slot(2, 'enterprise', competitive, 'republished_failed'),
  slot(1, 'enterprise', direct, 'demo_invited'),
  slot(2, 'department', competitive, 'objection_lapsed'),
  slot(2, 'department', competitive, 'objection_dismissed'),
  slot(1, 'department', lowest, 'objection_upheld'),
  slot(2, 'department', competitive, 'objection_pending', 1),
  slot(1, 'department', competitive, 'objection_escalated'),
  slot(1, 'enterprise', competitive, 'objection_dismissed'),
]

/** Plans every slot; returns the projects scheduled and the slots that found no fit. */
export function planProjects(c: PlanContext): {
  planned: PlannedProject[]
  skipped: Scenario[]
} {
  const f = c.env.f
  const planned: PlannedProject[] = []
  const skipped: Scenario[] = []
  let n = 0
  for (const s of slots) {
    const buyers = s.kind === 'department' ? c.world.departments : c.world.enterprises
    const demoId = s.kind === 'department' ? c.world.demo.departmentId : c.world.demo.enterpriseId
    const demoBuyer = buyers.find((b) => b.id === demoId)
    for (let i = 0; i < s.count; i++) {
      const buyer =
        (i < (s.demo ?? 0) || s.scenario === 'demo_invited') && demoBuyer
          ? demoBuyer
          : f.helpers.arrayElement(buyers)
      const method = f.helpers.arrayElement(s.methods)
      const made = buyer ? planOne(c, s.scenario, buyer, method, `p${++n}`) : []
      if (made.length === 0) skipped.push(s.scenario)
      planned.push(...made)
    }
  }
  return { planned, skipped }
}

function planOne(
  c: PlanContext,
  scenario: Scenario,
  buyer: SeedBuyer,
  method: Method,
  label: string,
): PlannedProject[] {
  if (scenario === 'republished_failed' || scenario === 'republished_cancelled')
    return planRepublished(c, scenario, buyer, method, label)
  if (scenario === 'demo_open') return planDemoOpen(c, buyer, method, label)
  if (scenario === 'demo_invited') return planDemoInvited(c, buyer, label)
  const timing = drawTiming(c.env.f, c.grid, scenario, method)
  if (!timing) return []
  const times = momentsOf(c, timing)
  const procurement = procure(c, scenario, method, times, bidderCount(c, scenario, method))
  if (!procurement) return []
  const run = new ProjectRun(
    c.env,
    buyer,
    draftOf(c, buyer, method, procurement, timing, times),
    label,
  )
  script(c, run, scenario, procurement, timing, times)
  return [{ run, scenario }]
}

/**
 * A failed or cancelled project, and its copy: re-published the next working day with a
 * new deadline and 「（二次）」 in the title, then run as `second` says.
 */
function planRepublished(
  c: PlanContext,
  scenario: 'republished_failed' | 'republished_cancelled',
  buyer: SeedBuyer,
  method: Method,
  label: string,
): PlannedProject[] {
  const f = c.env.f
  const second = f.helpers.weightedArrayElement<Scenario>([
    { weight: 2, value: 'final' },
    { weight: 1, value: 'publicity' },
    { weight: 1, value: 'open' },
  ])
  const firstDays = f.number.int({ min: 3, max: 5 })
  const timing = drawTiming(f, c.grid, second, method, firstDays + 2)
  if (!timing) return []
  const times = momentsOf(c, timing)
  const procurement = procure(c, second, method, times, bidderCount(c, second, method))
  if (!procurement) return []
  const draft = draftOf(c, buyer, method, procurement, timing, times)
  // The first attempt: closes (or is cancelled) the working day before the copy is published.
  const failed = scenario === 'republished_failed'
  const firstTiming: Timing = failed
    ? { ...timing, publish: timing.publish - 1 - firstDays, deadline: timing.publish - 1 }
    : {
        ...timing,
        publish: timing.publish - 1 - f.number.int({ min: 1, max: 2 }),
        deadline: timing.publish + 2,
      }
  const firstTimes = momentsOf(c, firstTiming)
  const first = new ProjectRun(c.env, buyer, { ...draft, deadline: firstTimes.deadline }, label)
  const copy = new ProjectRun(
    c.env,
    buyer,
    { ...draft, title: `${draft.title}（二次）` },
    `${label}b`,
  )
  const firstBidders = procurement.bidders
    .filter((b) => canTakePart(b.offer, draft.item, firstTimes.publishedAt, firstTimes.deadline))
    .slice(0, f.number.int({ min: 0, max: 2 }))
  const firstProcurement = { ...procurement, bidders: firstBidders, lowBidder: undefined }
  first.saveDraft(later(firstTimes.publishedAt, -f.number.int({ min: 15, max: 150 })))
  first.publish(firstTimes.publishedAt)
  const cancelAt = at(c, timing.publish - 1, 9, 16)
  scheduleBids(c, first, firstProcurement, firstTiming, firstTimes, {
    before: failed ? undefined : cancelAt,
  })
  if (!failed) first.cancel(cancelAt, f.helpers.arrayElement(cancelReasons))
  // Copied and edited first thing in the morning; published from 9 o'clock on.
  copy.republishFrom(at(c, timing.publish, 8, 8), first)
  copy.publish(times.publishedAt)
  scheduleBids(c, copy, procurement, timing, times, { extras: true })
  if (method === 'scoring' && second !== 'open')
    copy.scores(at(c, timing.deadline + timing.toAward, 10, 16))
  if (second === 'final') scheduleContract(c, copy, finalDay(timing) + 1)
  return [
    { run: first, scenario: failed ? 'too_few' : 'cancelled_open' },
    { run: copy, scenario: second },
  ]
}
