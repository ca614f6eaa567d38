import { base, Faker, zh_CN } from '@faker-js/faker'
import { isNull, sql } from 'drizzle-orm'
import { moveClockTo, resetClock } from '../models/clock.ts'
import type { Database } from '../models/db/client.ts'
import { emailOutbox } from '../models/db/schema-procedures.ts'
import { runProcedureClock } from '../models/project-scheduler.ts'
import { loadWorkdayCalendar } from '../models/workday-calendar.ts'
import { StoryClock, storyStart, WorkdayGrid } from './project-clock.ts'
import { planProjects } from './project-plans.ts'
import { loadSeedWorld } from './project-world.ts'

export interface SeedProjectsOptions {
  seed: number
  /** The demo accounts' logins: their organisations get projects that need their action. */
  demoLogins?: readonly string[]
  /** Called after each step with steps done, steps in all and the story's time. */
  onProgress?: (done: number, total: number, at: Date) => void
}

export interface SeedProjectsReport {
  projects: number
  steps: number
  /** Planned stories the registry could not staff (too few agencies): none in the default seed. */
  skipped: string[]
}

/** How far back the story starts. */
export const STORY_DAYS = 60

/**
 * Scripts the demo projects' stories on a story clock starting STORY_DAYS before `now`,
 * without running them: every draw from the seed happens here, so the same seed and
 * registry give the same projects.
 */
export async function planSeedProjects(
  db: Database,
  options: Pick<SeedProjectsOptions, 'seed' | 'demoLogins'>,
  now = new Date(),
) {
  const startsAt = storyStart(now, STORY_DAYS)
  const world = await loadSeedWorld(db, options.demoLogins ?? [], startsAt)
  const grid = new WorkdayGrid(await loadWorkdayCalendar(db), startsAt, now)
  // Its own stream, so the registry's draws (and hence its data) do not depend on this one.
  const f = new Faker({ locale: [zh_CN, base] })
  f.seed([options.seed, 2])
  const story = new StoryClock(db, startsAt)
  const { planned, skipped } = planProjects({
    env: { db, story, f, agencies: world.agencies, supervisor: world.supervisor },
    world,
    grid,
    now,
  })
  return { story, planned, skipped }
}

/**
 * Demo projects made the way real ones are: the platform clock is moved back ~60 days and
 * buyers, agencies and the supervisor call the model operations step by step — drafts,
 * publication, bids, withdrawals, questions, explanations, scores, invitations, objections,
 * cancellations and re-publication — while the procedure clock opens, evaluates and
 * finalises on its own as time passes. At the end the clock is handed back to real time,
 * with some projects still open, some awaiting a decision, some in publicity and many final.
 */
export async function seedProjects(
  db: Database,
  options: SeedProjectsOptions,
): Promise<SeedProjectsReport> {
  const { story, planned, skipped } = await planSeedProjects(db, options)
  try {
    await story.play(options.onProgress)
    // Whatever fell due between the last step and now, at its own moment; then real time.
    await story.advanceTo(new Date())
    await moveClockTo(db, new Date())
    await runProcedureClock(db)
    // The story's mail went out when it happened; a real mailer must not send it now.
    await db
      .update(emailOutbox)
      .set({ sentAt: sql`${emailOutbox.createdAt}` })
      .where(isNull(emailOutbox.sentAt))
  } finally {
    await resetClock(db)
  }
  return { projects: planned.length, steps: story.size, skipped }
}
