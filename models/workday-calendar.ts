import { asc, eq, inArray, sql } from 'drizzle-orm'
import { appendAuditEvents } from './audit.ts'
import { type Ctx, requireRole } from './context.ts'
import type { Database } from './db/client.ts'
import { workdayOverrides } from './db/schema-procedures.ts'
import { users } from './db/schema.ts'
import { inTransaction } from './db/transaction.ts'
import { NotFoundError, ValidationError } from './errors.ts'
import { platformNow } from './clock.ts'
import { isIsoDate, shanghaiDate } from './rules/qualifications.ts'
import {
  checkOverrideUseful,
  checkWorkdayOverride,
  createWorkdayCalendar,
  type DayDetail,
  type WorkdayCalendar,
  type WorkdayOverride,
} from './rules/workdays.ts'
import {
  bulkErrorMessage,
  parseBulkOverrides,
  workdayOverrideSchema,
} from './validation/calendar.ts'

/**
 * The calendar as it stands now: the package's official schedule with every supervisor entry
 * on top. The table is small (a few dozen rows a year) and read afresh on every call, so an
 * entry saved in one process counts in every other at once.
 */
export async function loadWorkdayCalendar(db: Database): Promise<WorkdayCalendar> {
  return createWorkdayCalendar(await readOverrides(db))
}

function readOverrides(db: Database): Promise<WorkdayOverride[]> {
  return db
    .select({
      date: workdayOverrides.date,
      kind: workdayOverrides.kind,
      name: workdayOverrides.name,
    })
    .from(workdayOverrides)
    .orderBy(asc(workdayOverrides.date))
}

export async function listWorkdayOverrides(ctx: Ctx) {
  requireRole(ctx, 'supervisor')
  return ctx.db
    .select({
      date: workdayOverrides.date,
      kind: workdayOverrides.kind,
      name: workdayOverrides.name,
      createdAt: workdayOverrides.createdAt,
      createdByName: users.name,
    })
    .from(workdayOverrides)
    .leftJoin(users, eq(users.id, workdayOverrides.createdBy))
    .orderBy(asc(workdayOverrides.date))
}

/** Adds or replaces the entry for one date. An entry identical to the stored one changes nothing. */
export async function setWorkdayOverride(ctx: Ctx, input: WorkdayOverride) {
  requireRole(ctx, 'supervisor')
  const parsed = workdayOverrideSchema.safeParse(input)
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {}
    for (const issue of parsed.error.issues)
      (fieldErrors[String(issue.path[0] ?? 'date')] ??= []).push(issue.message)
    throw new ValidationError(fieldErrors)
  }
  const changed = await saveOverrides(ctx, [parsed.data], (field, reason) =>
    ValidationError.field(field, reason),
  )
  return { changed: changed > 0 }
}

/**
 * Enters a pasted schedule (see parseBulkOverrides) in one transaction: a bad line writes
 * nothing, and the message names the line.
 */
export async function setWorkdayOverrides(ctx: Ctx, input: { lines: string }) {
  requireRole(ctx, 'supervisor')
  const parsed = parseBulkOverrides(input.lines)
  if (!parsed.ok) throw ValidationError.field('lines', bulkErrorMessage(parsed))
  const changed = await saveOverrides(ctx, parsed.entries, (_, reason) =>
    ValidationError.field('lines', reason),
  )
  return { entered: parsed.entries.length, changed }
}

/** Upserts the entries and writes one audit event for each that differs from what was stored. */
async function saveOverrides(
  ctx: Ctx,
  entries: readonly WorkdayOverride[],
  refuse: (field: 'date' | 'kind', reason: string) => ValidationError,
) {
  const actor = requireRole(ctx, 'supervisor')
  // The rule's own check too: a row it refuses would stop every later calendar from loading.
  for (const entry of entries) {
    const check = checkWorkdayOverride(entry)
    if (!check.ok) throw ValidationError.field(check.field, check.reason)
  }
  const today = shanghaiDate(await platformNow(ctx.db))
  for (const entry of entries) {
    const useful = checkOverrideUseful(entry, today)
    if (!useful.ok) throw refuse(useful.field, useful.reason)
  }
  return inTransaction(ctx.db, async (tx) => {
    const dates = entries.map((e) => e.date)
    const stored = await tx
      .select({
        date: workdayOverrides.date,
        kind: workdayOverrides.kind,
        name: workdayOverrides.name,
      })
      .from(workdayOverrides)
      .where(inArray(workdayOverrides.date, dates))
      .for('update')
    const before = new Map(stored.map((row) => [row.date, row]))
    const changes = entries.filter((entry) => {
      const old = before.get(entry.date)
      return !old || old.kind !== entry.kind || old.name !== entry.name
    })
    if (changes.length === 0) return 0
    await tx
      .insert(workdayOverrides)
      .values(changes.map((e) => ({ ...e, createdBy: actor.userId })))
      .onConflictDoUpdate({
        target: workdayOverrides.date,
        set: {
          kind: sql`excluded.kind`,
          name: sql`excluded.name`,
          createdBy: sql`excluded.created_by`,
          createdAt: sql`now()`,
        },
      })
    await appendAuditEvents(
      tx,
      changes.map((entry) => {
        const old = before.get(entry.date)
        return {
          actorUserId: actor.userId,
          action: 'calendar.override_set',
          subjectType: 'workday_override',
          subjectId: entry.date,
          data: {
            kind: entry.kind,
            name: entry.name,
            previous: old ? { kind: old.kind, name: old.name } : null,
          },
        }
      }),
    )
    return changes.length
  })
}

/** Deletes a supervisor's entry: the date falls back to the package's calendar. */
export async function removeWorkdayOverride(ctx: Ctx, date: string) {
  const actor = requireRole(ctx, 'supervisor')
  const notFound = () => new NotFoundError(`${date} 没有监管人员设置的条目`)
  if (!isIsoDate(date)) throw notFound()
  const today = shanghaiDate(await platformNow(ctx.db))
  if (date < today)
    throw ValidationError.field('date', `${date} 已经过去，其条目不能再删除（今天是 ${today}）`)
  return inTransaction(ctx.db, async (tx) => {
    const [removed] = await tx
      .delete(workdayOverrides)
      .where(eq(workdayOverrides.date, date))
      .returning()
    if (!removed) throw notFound()
    await appendAuditEvents(tx, [
      {
        actorUserId: actor.userId,
        action: 'calendar.override_removed',
        subjectType: 'workday_override',
        subjectId: date,
        data: { kind: removed.kind, name: removed.name },
      },
    ])
    return removed
  })
}

export type DayReason = 'override' | 'holiday' | 'make_up' | 'weekend' | 'weekday'

/** Why a day is (or is not) a working day; the console words it (app/components/workday-month.tsx). */
export function dayReason(detail: DayDetail): DayReason {
  if (detail.source === 'override') return 'override'
  if (detail.source === 'official') return detail.work ? 'make_up' : 'holiday'
  return detail.work ? 'weekday' : 'weekend'
}

export interface MonthDay {
  date: string
  day: number
  work: boolean
  reason: DayReason
  name: string
}

/** A 'YYYY-MM' month moved by `delta` months. */
export function shiftMonth(month: string, delta: number): string {
  const first = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1 + delta))
  return first.toISOString().slice(0, 7)
}

/** A month as weeks of seven cells, Monday first; null pads the first and last week. */
export function monthWeeks(calendar: WorkdayCalendar, month: string): (MonthDay | null)[][] {
  const year = Number(month.slice(0, 4))
  const monthIndex = Number(month.slice(5, 7)) - 1
  const length = new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate()
  const lead = (new Date(Date.UTC(year, monthIndex, 1)).getUTCDay() + 6) % 7
  const cells: (MonthDay | null)[] = Array.from({ length: lead }, () => null)
  for (let day = 1; day <= length; day++) {
    const date = `${month}-${String(day).padStart(2, '0')}`
    const detail = calendar.dayDetail(date)
    cells.push({ date, day, work: detail.work, reason: dayReason(detail), name: detail.name })
  }
  while (cells.length % 7 !== 0) cells.push(null)
  return Array.from({ length: cells.length / 7 }, (_, i) => cells.slice(i * 7, i * 7 + 7))
}
