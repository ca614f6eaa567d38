import { shanghaiDate } from '../models/rules/qualifications.ts'
import { drawInvitee, ordinaryRange, roundPrice } from './project-pricing.ts'
import { ProjectRun } from './project-run.ts'
import {
  bidderCount,
  draftOf,
  later,
  momentsOf,
  type PlanContext,
  procure,
} from './project-shape.ts'
import { script } from './project-script.ts'
import { drawTiming, type Method, type Timing } from './project-timing.ts'
import { canTakePart, type SeedBuyer } from './project-world.ts'

/** The demo agency's part: it joined hours ago, yet has bids and an invitation to look at. */

/**
 * The demo agency's offers and a moment for it to act: it joined hours ago and listed its
 * services when the registry was seeded, moments before this seed started; `share` places
 * the step that far into the gap (0–1), so it is past when the story ends.
 */
function demoAgency(c: PlanContext) {
  const id = c.world.demo.agencyId
  if (!id) return null
  const offers = [...c.world.offersByItem.values()].flat().filter((o) => o.agency.id === id)
  if (offers.length === 0) return null
  const since = Math.max(offers[0]!.agency.createdAt.getTime(), ...offers.map((o) => +o.listedAt))
  const gap = c.now.getTime() - since
  if (gap < 100) return null
  return { id, offers, moment: (share: number) => new Date(since + Math.ceil(gap * share)) }
}

export function planDemoOpen(c: PlanContext, buyer: SeedBuyer, method: Method, label: string) {
  const f = c.env.f
  const agency = demoAgency(c)
  const timing = drawTiming(f, c.grid, 'open', method)
  if (!agency || !timing) return []
  const times = momentsOf(c, timing)
  const bidAt = agency.moment(method === 'lottery' ? 0.8 : 0.7)
  const usable = agency.offers.filter((o) => {
    const item = c.world.items.find((i) => i.code === o.itemCode)
    return item && canTakePart(o, item, bidAt, times.deadline)
  })
  const codes = usable.map((o) => o.itemCode)
  // A cap the demo agency's own fee range can quote under, among the ordinary quotes.
  for (let attempt = 0; attempt < 8; attempt++) {
    const procurement = procure(c, 'open', method, times, bidderCount(c, 'open', method), codes)
    if (!procurement) return []
    const offer = usable.find((o) => o.itemCode === procurement.item.code)!
    const range = ordinaryRange(offer, procurement.capFen, procurement.abnormalLowPercent)
    if (!range) continue
    const draft = draftOf(c, buyer, method, procurement, timing, times)
    const run = new ProjectRun(c.env, buyer, draft, label)
    script(c, run, 'open', procurement, timing, times)
    run.bid(bidAt, { offer, priceFen: roundPrice(f, range[0], range[1]) })
    return [{ run, scenario: 'demo_open' as const }]
  }
  return []
}

/** The demo enterprise invites the demo agency directly; the invitation waits for an answer. */
export function planDemoInvited(c: PlanContext, buyer: SeedBuyer, label: string) {
  const f = c.env.f
  const agency = demoAgency(c)
  if (!agency) return []
  const publishedAt = agency.moment(0.5)
  const nextDay = c.grid.days.findIndex((day) => day > shanghaiDate(publishedAt))
  if (nextDay < 0) return []
  const timing: Timing = {
    publish: nextDay - 1,
    deadline: nextDay + 2,
    toAward: 0,
    publicityWorkdays: 3,
  }
  const times = { publishedAt, deadline: c.grid.at(nextDay + 2, 17, 0) }
  const found = drawInvitee(f, c.world, {
    ...times,
    agencyId: agency.id,
    itemCodes: agency.offers.map((o) => o.itemCode),
  })
  if (!found) return []
  const procurement = { ...found, abnormalLowPercent: 70 }
  const run = new ProjectRun(
    c.env,
    buyer,
    draftOf(c, buyer, 'direct', procurement, timing, times),
    label,
  )
  run.saveDraft(later(publishedAt, -f.number.int({ min: 10, max: 25 })))
  run.publish(publishedAt)
  return [{ run, scenario: 'demo_invited' as const }]
}
