import { sql } from 'drizzle-orm'
import { moveClockTo } from '../models/clock.ts'
import type { Database } from '../models/db/client.ts'
import { runProcedureClock } from '../models/project-scheduler.ts'
import { shanghaiDate } from '../models/rules/qualifications.ts'
import type { WorkdayCalendar } from '../models/rules/workdays.ts'

const HOUR = 3_600_000

/**
 * The working days of the demo's story, by index: 0 is the first working day on or after
 * the start, `last` the last one before today (Beijing time). Scripts place steps on
 * these days, so every step of the past happened on a working day, in office hours.
 */
/**
 * The story's first moment, `days` before `now`: a Beijing midnight, so that the first working
 * day's morning steps never fall before it, whatever time of day the seed runs (a step before
 * the start would be played without moving the platform clock).
 */
export function storyStart(now: Date, days: number): Date {
  return new Date(`${shanghaiDate(new Date(now.getTime() - days * 24 * HOUR))}T00:00:00+08:00`)
}

export class WorkdayGrid {
  readonly days: string[] = []
  readonly last: number

  constructor(calendar: WorkdayCalendar, from: Date, now: Date, daysAhead = 45) {
    const today = shanghaiDate(now)
    const end = shanghaiDate(new Date(now.getTime() + daysAhead * 24 * HOUR))
    let day = shanghaiDate(from)
    if (!calendar.isWorkday(day)) day = calendar.nextWorkday(day)
    while (day <= end) {
      this.days.push(day)
      day = calendar.nextWorkday(day)
    }
    this.last = this.days.findLastIndex((d) => d < today)
    if (this.last < 20) throw new RangeError('seed: the story needs at least 20 past working days')
  }

  /** Beijing wall-clock time on working day `index`. */
  at(index: number, hour: number, minute = 0): Date {
    const day = this.days[index]
    if (!day) throw new RangeError(`seed: working day ${index} is outside the grid`)
    const [y, m, d] = day.split('-').map(Number) as [number, number, number]
    return new Date(Date.UTC(y, m - 1, d, hour - 8, minute))
  }
}

export interface Step {
  at: Date
  label: string
  run: () => Promise<void>
  /** False for steps that cannot bring a due moment nearer (bids, drafts, questions). */
  movesDue: boolean
}

/**
 * Plays scripted steps in time order on the platform clock. Between two steps it stops at
 * every moment the procedure clock has work (a deadline, an explanation's due time, the end
 * of a publicity period) and runs it there, as the running server would within seconds.
 */
export class StoryClock {
  private readonly steps: (Step & { order: number })[] = []
  private now: Date
  /** The next due moment as last read; undefined once a step or tick may have changed it. */
  private due: Date | null | undefined

  constructor(
    private readonly db: Database,
    private readonly start: Date,
  ) {
    this.now = start
  }

  schedule(at: Date, label: string, run: () => Promise<void>, movesDue = true) {
    this.steps.push({ at, label, run, movesDue, order: this.steps.length })
  }

  get size() {
    return this.steps.length
  }

  async play(onStep?: (done: number, total: number, at: Date) => void) {
    const queue = [...this.steps].sort((a, b) => +a.at - +b.at || a.order - b.order)
    for (const [i, step] of queue.entries()) {
      if (step.at < this.start)
        throw new RangeError(`seed: ${step.label} is scripted before the story starts`)
      await this.advanceTo(step.at)
      try {
        await step.run()
        if (step.movesDue) this.due = undefined
      } catch (error) {
        throw new Error(`seed step failed at ${step.at.toISOString()}: ${step.label}`, {
          cause: error,
        })
      }
      onStep?.(i + 1, queue.length, step.at)
    }
  }

  /**
   * Moves the platform clock to `instant`, running the procedure clock wherever it is due.
   * A remembered due moment may be early (a cancellation took its deadline away): the tick
   * there then finds nothing to do, and the next one is read afresh.
   */
  async advanceTo(instant: Date) {
    for (;;) {
      if (this.due === undefined) this.due = await this.nextDue()
      if (!this.due || this.due >= instant) break
      await this.moveTo(new Date(this.due.getTime() + 1000))
      await this.tick()
    }
    if (instant > this.now) await this.moveTo(instant)
  }

  async tick() {
    await runProcedureClock(this.db)
    this.due = undefined
  }

  private async moveTo(instant: Date) {
    await moveClockTo(this.db, instant)
    this.now = instant
  }

  /**
   * The next moment, now included, at which runProcedureClock has something to do. A step
   * scripted at a deadline's very minute leaves the clock there: strictly after now would
   * skip that deadline until some later one happened to run the procedure clock.
   */
  private async nextDue(): Promise<Date | null> {
    const now = this.now.toISOString()
    const [row] = await this.db
      .select({
        due: sql<string | null>`least(
          (select min(deadline_at) from projects
            where status = 'published' and deadline_at >= ${now}::timestamptz),
          (select min(b.explanation_due_at) from bids b join projects p on p.id = b.project_id
            where p.status = 'opened' and b.explained_at is null
              and b.explanation_decision is null and b.explanation_due_at >= ${now}::timestamptz),
          (select min(publicity_ends_at) from projects
            where status = 'awarded' and award_final_at is null
              and publicity_ends_at >= ${now}::timestamptz),
          (select min(sign_due_at) from contracts
            where status = 'signing' and sign_due_at >= ${now}::timestamptz))`,
      })
      .from(sql`(select 1) as one`)
    return row?.due ? new Date(row.due) : null
  }
}
