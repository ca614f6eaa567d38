import { type SQLWrapper, sql } from 'drizzle-orm'
import type { Database } from './db/client.ts'
import { platformClock } from './db/schema-procedures.ts'

/**
 * The platform's time is the database's (platform_now()), so deadlines are judged by one
 * clock whatever the app servers' clocks say. Tests and the demo seed may move it.
 */
export async function platformNow(db: Database): Promise<Date> {
  const [row] = await db.select({ now: sql<string>`platform_now()` }).from(sql`(select 1) as one`)
  return new Date(row!.now)
}

/**
 * True while an agency is not blacklisted, by the platform's time. The clock is read once per
 * statement (a subquery): platform_now() reads platform_clock at every call, and called plainly
 * in a filter it ran once per agency (agency search over 100,000 agencies: 90 → 33 ms).
 */
export const notBlacklistedNow = (blacklistedUntil: SQLWrapper) =>
  sql`coalesce(${blacklistedUntil} <= (select platform_now()), true)`

/** Moves the platform clock so that platform_now() reads `instant` now. */
export async function moveClockTo(db: Database, instant: Date): Promise<void> {
  await db.execute(sql`
    insert into ${platformClock} (id, offset_ms)
    values (true, (extract(epoch from ${instant.toISOString()}::timestamptz - clock_timestamp()) * 1000)::bigint)
    on conflict (id) do update set offset_ms = excluded.offset_ms`)
}

export async function moveClockBy(db: Database, ms: number): Promise<void> {
  await moveClockTo(db, new Date((await platformNow(db)).getTime() + ms))
}

export async function resetClock(db: Database): Promise<void> {
  await db.delete(platformClock)
}
