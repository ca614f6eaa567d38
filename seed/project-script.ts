import { ESCALATION_WORKDAYS } from '../models/rules/objections.ts'
import { shanghaiDate } from '../models/rules/qualifications.ts'
import { type Bidder, ordinaryRange, type Procurement, roundPrice } from './project-pricing.ts'
import { scheduleContract } from './project-contracts.ts'
import type { ProjectRun } from './project-run.ts'
import { at, later, MINUTE, type Moments, type PlanContext } from './project-shape.ts'
import {
  acceptedReasons,
  cancelReasons,
  declineReasons,
  dismissalReasons,
  escalationReasons,
  explanations,
  objectionAnswers,
  objectionGrounds,
  questions,
  rejectedReasons,
  scopeChanges,
  supplements,
  upholdingReasons,
} from './project-texts.ts'
import {
  endsAwarded,
  OBJECTION_DAYS,
  officeTime,
  type Scenario,
  type Timing,
} from './project-timing.ts'
import type { SeedOffer } from './project-world.ts'

/** The steps of one project's story, by scenario: what each party does, and when. */

/** When a bid may go in: after publication, before the deadline (and before now). */
function bidMoment(c: PlanContext, timing: Timing, times: Moments, before?: Date) {
  const limit = Math.min(
    times.deadline.getTime() - 20 * MINUTE,
    c.now.getTime() - 10 * MINUTE,
    before?.getTime() ?? Infinity,
  )
  return officeTime(
    c.env.f,
    c.grid,
    [timing.publish, Math.min(timing.deadline, c.grid.last + 1)],
    later(times.publishedAt, 20),
    new Date(limit),
  )
}

/** Bids, plus now and then a revised price or a bid made and withdrawn. */
export function scheduleBids(
  c: PlanContext,
  run: ProjectRun,
  procurement: Procurement & { abnormalLowPercent: number },
  timing: Timing,
  times: Moments,
  options: { before?: Date; extras?: boolean } = {},
) {
  const f = c.env.f
  const method = run.draft.method
  const placed: { bidder: Bidder; at: Date }[] = []
  const all = procurement.lowBidder
    ? [...procurement.bidders, procurement.lowBidder]
    : procurement.bidders
  for (const bidder of all) {
    const moment = bidMoment(c, timing, times, options.before)
    if (!moment) continue
    run.bid(
      moment,
      bidder,
      method === 'lowest_price' && bidder !== procurement.lowBidder && f.datatype.boolean(0.25),
    )
    placed.push({ bidder, at: moment })
  }
  if (!options.extras) return placed
  const range = (offer: SeedOffer) =>
    ordinaryRange(offer, procurement.capFen, procurement.abnormalLowPercent)
  const ordinary = placed.filter((p) => p.bidder !== procurement.lowBidder)
  if (ordinary.length > 0 && f.datatype.boolean(0.1)) {
    const { bidder, at: first } = f.helpers.arrayElement(ordinary)
    const moment = officeTime(
      f,
      c.grid,
      [timing.publish, Math.min(timing.deadline, c.grid.last + 1)],
      later(first, 30),
      new Date(Math.min(times.deadline.getTime() - 10 * MINUTE, c.now.getTime() - 5 * MINUTE)),
    )
    const [lo, hi] = range(bidder.offer)!
    if (moment) run.bid(moment, { offer: bidder.offer, priceFen: roundPrice(f, lo, hi) })
  }
  const taken = new Set(all.map((b) => b.offer.agency.id))
  const spare = procurement.eligible.filter((o) => !taken.has(o.agency.id) && range(o))
  if (spare.length > 0 && f.datatype.boolean(0.08)) {
    const offer = f.helpers.arrayElement(spare)
    const moment = bidMoment(c, timing, times, options.before)
    const [lo, hi] = range(offer)!
    const withdrawal =
      moment &&
      officeTime(
        f,
        c.grid,
        [timing.publish, Math.min(timing.deadline, c.grid.last + 1)],
        later(moment, 30),
        new Date(Math.min(times.deadline.getTime() - 10 * MINUTE, c.now.getTime() - 5 * MINUTE)),
      )
    if (moment && withdrawal) {
      const bidder = { offer, priceFen: roundPrice(f, lo, hi) }
      run.bid(moment, bidder)
      run.withdraw(withdrawal, bidder)
    }
  }
  return placed
}

/** Schedules the project's story: draft, publication, bids and what follows the deadline. */
export function script(
  c: PlanContext,
  run: ProjectRun,
  scenario: Scenario,
  procurement: Procurement & { abnormalLowPercent: number },
  timing: Timing,
  times: Moments,
) {
  const f = c.env.f
  const d = timing.deadline
  const draftedAt = later(times.publishedAt, -f.number.int({ min: 15, max: 150 }))
  if (scenario === 'draft' || scenario === 'cancelled_draft') {
    run.saveDraft(times.publishedAt)
    const next = Math.min(timing.publish + f.number.int({ min: 1, max: 2 }), c.grid.last)
    if (scenario === 'cancelled_draft')
      run.cancel(at(c, next, 9, 16), f.helpers.arrayElement(cancelReasons))
    else if (next > timing.publish && f.datatype.boolean(0.5)) run.editDraft(at(c, next, 9, 16))
    return
  }
  run.saveDraft(draftedAt)
  run.publish(times.publishedAt)
  switch (scenario) {
    case 'direct_accepted':
      run.respond(at(c, timing.publish + 1, 9, 17), procurement.bidders[0]!, { accept: true })
      scheduleContract(c, run, timing.publish + 2)
      return
    case 'direct_declined':
      run.respond(at(c, timing.publish + 1, 9, 17), procurement.bidders[0]!, {
        accept: false,
        reason: f.helpers.arrayElement(declineReasons),
      })
      return
    case 'direct_expired':
    case 'direct_pending':
      return
    case 'cancelled_open': {
      const day = f.number.int({ min: timing.publish + 1, max: Math.min(d - 1, c.grid.last) })
      const cancelAt = at(c, day, 9, 16)
      scheduleBids(c, run, procurement, timing, times, { before: cancelAt })
      run.cancel(cancelAt, f.helpers.arrayElement(cancelReasons))
      return
    }
    case 'withdrawn_too_few': {
      const placed = scheduleBids(c, run, procurement, timing, times)
      if (placed.length === 0) return
      const last = placed.reduce((a, b) => (a.at > b.at ? a : b))
      const withdrawal = officeTime(
        f,
        c.grid,
        [timing.publish, d],
        last.at,
        later(times.deadline, -5),
      )
      if (withdrawal) run.withdraw(withdrawal, f.helpers.arrayElement(placed).bidder)
      return
    }
  }
  scheduleBids(c, run, procurement, timing, times, {
    extras: scenario === 'final' || scenario === 'publicity' || scenario === 'open',
  })
  scheduleQuestions(c, run, procurement, timing, times, scenario)
  if (run.draft.method === 'scoring' && endsAwarded(scenario))
    run.scores(at(c, d + timing.toAward, 10, 16))
  if (scenario.startsWith('objection_')) {
    scheduleObjection(c, run, scenario, timing)
    if (scenario === 'objection_lapsed' || scenario === 'objection_dismissed')
      scheduleContract(c, run, finalDay(timing) + OBJECTION_DAYS)
    return
  }
  if (scenario === 'final' || scenario.startsWith('explanation_'))
    scheduleContract(c, run, finalDay(timing) + 1)
  const low = procurement.lowBidder!
  switch (scenario) {
    case 'explanation_accepted':
    case 'explanation_rejected': {
      run.explain(at(c, d + 1, 9, 11), low, f.helpers.arrayElement(explanations))
      const accepted = scenario === 'explanation_accepted'
      run.decide(
        at(c, d + 1, 14, 17),
        accepted ? 'accepted' : 'rejected',
        f.helpers.arrayElement(accepted ? acceptedReasons : rejectedReasons),
      )
      return
    }
    case 'explained_undecided':
      run.explain(at(c, c.grid.last, 9, 11), low, f.helpers.arrayElement(explanations))
      return
  }
}

/** The working day the award became final: publicity ends at the award's hour on it. */
export const finalDay = (timing: Timing) =>
  timing.deadline + timing.toAward + timing.publicityWorkdays

const dayOf = (c: PlanContext, instant: Date) => c.grid.days.indexOf(shanghaiDate(instant))

/**
 * 答疑 while bids are open: now and then an agency asks and the buyer answers (on a demo
 * buyer's open project the question waits for the demo user), and a few buyers add a
 * supplement of their own. A scope change only where the deadline stays 2 working days off.
 */
function scheduleQuestions(
  c: PlanContext,
  run: ProjectRun,
  procurement: Procurement,
  timing: Timing,
  times: Moments,
  scenario: Scenario,
) {
  const f = c.env.f
  const demo = [c.world.demo.departmentId, c.world.demo.enterpriseId].includes(run.buyer.id)
  const waiting = scenario === 'open' && demo
  const days: [number, number] = [timing.publish, Math.min(timing.deadline, c.grid.last + 1)]
  const before = (minutes: number) =>
    new Date(Math.min(times.deadline.getTime() - minutes * MINUTE, c.now.getTime() - 10 * MINUTE))
  if (
    procurement.eligible.length > 0 &&
    (waiting || f.datatype.boolean(scenario === 'open' ? 0.4 : 0.2))
  ) {
    const [question, answer] = f.helpers.arrayElement(questions)
    const asker = f.helpers.arrayElement(procurement.eligible).agency
    const askedAt = officeTime(f, c.grid, days, later(times.publishedAt, 30), before(120))
    const answeredAt =
      askedAt && !waiting && officeTime(f, c.grid, days, later(askedAt, 60), before(30))
    if (askedAt) run.ask(askedAt, asker, question)
    if (answeredAt) {
      const keepsDeadline = dayOf(c, answeredAt) + 2 < timing.deadline
      if (keepsDeadline && f.datatype.boolean(0.2))
        run.answer(answeredAt, f.helpers.arrayElement(scopeChanges), true)
      else run.answer(answeredAt, answer)
    }
  }
  if (f.datatype.boolean(0.05)) {
    const moment = officeTime(f, c.grid, days, later(times.publishedAt, 60), before(60))
    if (moment) run.supplement(moment, f.helpers.arrayElement(supplements))
  }
}

/**
 * An objection to the award, by the best-placed agency that lost: filed the working day after
 * the award, answered the day after; then it lapses, is escalated and ruled on, or waits.
 */
function scheduleObjection(c: PlanContext, run: ProjectRun, scenario: Scenario, timing: Timing) {
  const f = c.env.f
  const award = timing.deadline + timing.toAward
  const grounds = f.helpers.arrayElement(objectionGrounds)
  if (scenario === 'objection_pending') {
    run.object(at(c, c.grid.last, 17, 17), grounds)
    return
  }
  run.object(at(c, award + 1, 9, 11), grounds)
  const answeredAt = at(c, award + 2, 14, 16)
  run.answerObjection(answeredAt, f.helpers.arrayElement(objectionAnswers))
  if (scenario === 'objection_lapsed') {
    // The clock closes it ESCALATION_WORKDAYS after the answer, at the answer's time of day.
    const sameTime = answeredAt.getTime() - c.grid.at(award + 2, 0).getTime()
    const lapses = c.grid.at(award + 2 + ESCALATION_WORKDAYS, 0).getTime() + sameTime
    run.tick(new Date(lapses + MINUTE))
    return
  }
  run.escalate(at(c, award + 3, 9, 11), f.helpers.arrayElement(escalationReasons))
  if (scenario === 'objection_escalated') return
  const ruledAt = at(c, award + OBJECTION_DAYS, 14, 16)
  const upheld = scenario === 'objection_upheld'
  run.rule(
    ruledAt,
    upheld ? 'upheld' : 'dismissed',
    f.helpers.arrayElement(upheld ? upholdingReasons : dismissalReasons),
  )
  // A dismissal leaves the award to become final once publicity is over: the clock's next pass.
  if (!upheld) run.tick(later(ruledAt, 1))
}
