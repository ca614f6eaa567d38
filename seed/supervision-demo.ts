import { base, Faker, zh_CN } from '@faker-js/faker'
import { and, asc, eq, isNotNull, isNull, sql } from 'drizzle-orm'
import { moveClockTo, resetClock } from '../models/clock.ts'
import { runCollusionScreens } from '../models/collusion.ts'
import { runComplaintClock } from '../models/complaints.ts'
import type { Actor, Ctx } from '../models/context.ts'
import type { Database } from '../models/db/client.ts'
import { contracts } from '../models/db/schema-contracts.ts'
import { bids, emailOutbox, projects } from '../models/db/schema-procedures.ts'
import { organisations } from '../models/db/schema.ts'
import { loadWorkdayCalendar } from '../models/workday-calendar.ts'
import { WorkdayGrid } from './project-clock.ts'
import { loadSeedWorld, type SeedAgency, type SeedBuyer, type SeedWorld } from './project-world.ts'
import {
  blacklistStory,
  complaintStories,
  inspectionStory,
  type StoryEnv,
} from './supervision-stories.ts'

export interface SeedSupervisionOptions {
  seed: number
  /** The demo accounts' logins: the demo agency is never complained about or blacklisted. */
  demoLogins?: readonly string[]
  /** Called after each step with steps done, steps in all and the step's platform time. */
  onProgress?: (done: number, total: number, at: Date) => void
}

export interface SeedSupervisionReport {
  steps: number
  /** Cases the seeded history could not cast (too small a registry): none in the default seed. */
  skipped: string[]
  collusionFlags: number
}

const DAY = 86_400_000
/** The story's working days reach this far back; its first step is 17 working days ago. */
const LOOKBACK_DAYS = 40

interface Step {
  at: Date
  label: string
  run: () => Promise<unknown>
}

/**
 * Three weeks of a supervisor's work after the projects' stories, played on the moved
 * platform clock through the real operations: complaints filed and answered (one overdue),
 * findings replied to, confirmed and appealed, a false-materials finding that blacklists its
 * agency, a 双随机 inspection drawn and partly recorded. Then, at real time, the clock steps
 * (overdue complaints) and the collusion screens over the whole history. The clock is
 * handed back to real time at the end.
 */
export async function seedSupervision(
  db: Database,
  options: SeedSupervisionOptions,
): Promise<SeedSupervisionReport> {
  const now = new Date()
  const world = await loadSeedWorld(db, options.demoLogins ?? [], new Date(now.getTime() - DAY))
  const grid = new WorkdayGrid(
    await loadWorkdayCalendar(db),
    new Date(now.getTime() - LOOKBACK_DAYS * DAY),
    now,
  )
  // Its own stream, as the projects have theirs: neither moves the other's draws.
  const f = new Faker({ locale: [zh_CN, base] })
  f.seed([options.seed, 3])
  const cases = await SupervisionCases.load(db, f, world)
  const ago = (workdays: number, hour: number, minute = 0) =>
    grid.at(grid.last - workdays, hour, minute)
  const as = (actor: Actor): Ctx => ({ db, actor })
  const steps: Step[] = []
  const skipped: string[] = []
  const step = (at: Date, label: string, run: () => Promise<unknown>) =>
    steps.push({ at, label, run })

  const env: StoryEnv = { db, cases, ago, as, supervisor: as(world.supervisor), step, skipped }
  blacklistStory(env)
  complaintStories(env)
  await inspectionStory(env)

  const ordered = steps
    .map((s, order) => ({ ...s, order }))
    .sort((a, b) => +a.at - +b.at || a.order - b.order)
  try {
    for (const [i, s] of ordered.entries()) {
      await moveClockTo(db, s.at)
      try {
        await s.run()
      } catch (error) {
        throw new Error(`seed step failed at ${s.at.toISOString()}: ${s.label}`, { cause: error })
      }
      options.onProgress?.(i + 1, ordered.length + 1, s.at)
    }
    await resetClock(db)
    // What the running server's clock would do at once: flag the overdue complaint.
    await runComplaintClock(db)
    const screens = await runCollusionScreens(db)
    options.onProgress?.(ordered.length + 1, ordered.length + 1, new Date())
    // As with the projects: the supervision mail went out when it happened.
    await db
      .update(emailOutbox)
      .set({ sentAt: sql`${emailOutbox.createdAt}` })
      .where(isNull(emailOutbox.sentAt))
    return { steps: ordered.length, skipped, collusionFlags: screens.raised }
  } finally {
    await resetClock(db)
  }
}

/** An agency's part in a buyer's project, and since when. */
export interface Dealing {
  projectId: string
  title: string
  buyer: SeedBuyer
  agency: SeedAgency
  since: Date
  /** The contract's amount, when the dealing is a started contract. */
  amountFen: number | null
  projectStatus: string
  deadlineAt: Date
  withdrawn: boolean
}

/**
 * Who the supervision demo is about, read from the history the projects' stories left: a
 * buyer complains about the agency serving it, a project is questioned by an agency that
 * bid on it. Lists come in an order the seed repeats and are drawn from the seeded Faker,
 * so the same seed gives the same cases.
 */
export class SupervisionCases {
  /** Agencies already given a part: each case has its own, and never the demo agency. */
  private readonly taken = new Set<string>()

  private constructor(
    private readonly f: Faker,
    readonly world: SeedWorld,
    private readonly served: Dealing[],
    private readonly bidFor: Dealing[],
    private readonly flagged: Set<string>,
  ) {
    if (world.demo.agencyId) this.taken.add(world.demo.agencyId)
  }

  static async load(db: Database, f: Faker, world: SeedWorld) {
    // Contracts and bids have random ids: sorted by what the seed repeats (titles, and the
    // agencies' ids, made in order) instead.
    const buyers = new Map([...world.departments, ...world.enterprises].map((b) => [b.id, b]))
    type Row = Omit<Dealing, 'buyer' | 'agency'> & { buyerId: string; agencyId: string }
    const dealing = ({ buyerId, agencyId, ...rest }: Row): Dealing[] => {
      const buyer = buyers.get(buyerId)
      const agency = world.agencies.get(agencyId)
      return buyer && agency ? [{ ...rest, buyer, agency }] : []
    }
    const started = await db
      .select({
        projectId: contracts.projectId,
        title: contracts.title,
        buyerId: contracts.buyerId,
        agencyId: contracts.agencyId,
        since: contracts.startedAt,
        amountFen: contracts.amountFen,
        projectStatus: projects.status,
        deadlineAt: projects.deadlineAt,
      })
      .from(contracts)
      .innerJoin(projects, eq(projects.id, contracts.projectId))
      .where(isNotNull(contracts.startedAt))
      .orderBy(asc(projects.title), asc(contracts.agencyId), asc(contracts.startedAt))
    const submitted = await db
      .select({
        projectId: bids.projectId,
        title: projects.title,
        buyerId: projects.buyerId,
        agencyId: bids.agencyId,
        since: bids.submittedAt,
        projectStatus: projects.status,
        deadlineAt: projects.deadlineAt,
        withdrawn: sql<boolean>`${bids.withdrawnAt} is not null`,
      })
      .from(bids)
      .innerJoin(projects, eq(projects.id, bids.projectId))
      .orderBy(asc(projects.title), asc(bids.agencyId), asc(bids.submittedAt))
    const flagged = await db
      .select({ id: organisations.id })
      .from(organisations)
      .where(and(eq(organisations.kind, 'agency'), isNotNull(organisations.flaggedAt)))
    return new SupervisionCases(
      f,
      world,
      started.flatMap((r) => dealing({ ...r, since: r.since!, withdrawn: false })),
      submitted.flatMap((r) => dealing({ ...r, amountFen: null })),
      new Set(flagged.map((r) => r.id)),
    )
  }

  private free(agencyId: string) {
    return !this.taken.has(agencyId) && !this.flagged.has(agencyId)
  }

  private take<T extends { agency: SeedAgency }>(list: T[]): T | null {
    if (list.length === 0) return null
    const chosen = this.f.helpers.arrayElement(list)
    this.taken.add(chosen.agency.id)
    return chosen
  }

  /** A buyer and the agency serving it under a contract started before `at`; of `kind` if any. */
  servedBefore(at: Date, kind?: SeedBuyer['kind']): Dealing | null {
    const served = this.served.filter((d) => d.since < at && this.free(d.agency.id))
    const own = served.filter((d) => d.buyer.kind === kind)
    return this.take(own.length > 0 ? own : served)
  }

  /** A bid made before `at` whose project an agency may question; one still open if any is. */
  bidToQuestion(at: Date): Dealing | null {
    const fits = this.bidFor.filter((d) => d.since < at && !d.withdrawn && this.free(d.agency.id))
    const open = fits.filter((d) => d.projectStatus === 'published')
    return this.take(open.length > 0 ? open : fits)
  }

  /**
   * An agency whose every bid closed before `at`, so that a blacklisting from then on sets
   * nothing aside and no later bid of the story contradicts it; one with a bid if possible,
   * for the finding to name the project.
   */
  quietAgencySince(at: Date): { agency: SeedAgency; lastBid: Dealing | null } | null {
    const latest = new Map<string, Dealing>()
    const busy = new Set<string>()
    for (const d of this.bidFor) {
      // A bid still open then, even one withdrawn later, would have been set aside.
      if (d.deadlineAt >= at) busy.add(d.agency.id)
      if (d.withdrawn) continue
      const seen = latest.get(d.agency.id)
      if (!seen || d.since > seen.since) latest.set(d.agency.id, d)
    }
    const candidates = [...this.world.agencies.values()].filter(
      (a) => a.createdAt < at && this.free(a.id) && !busy.has(a.id),
    )
    const withBids = candidates.filter((a) => latest.has(a.id))
    const chosen = this.take(
      (withBids.length > 0 ? withBids : candidates).map((agency) => ({ agency })),
    )
    return chosen && { agency: chosen.agency, lastBid: latest.get(chosen.agency.id) ?? null }
  }

  /** Whether an agency (say, one the inspection drew) has no part yet; if so it has one now. */
  claim(agencyId: string) {
    if (!this.free(agencyId)) return false
    this.taken.add(agencyId)
    return true
  }
}
