import { asc, eq, sql } from 'drizzle-orm'
import type { Contract } from './contracts.ts'
import type { Database } from './db/client.ts'
import { contractPauses, contracts, deliveries } from './db/schema-contracts.ts'
import {
  type ClockStop,
  readServiceClock,
  type ServiceClockReading,
} from './rules/service-clock.ts'
import { loadWorkdayCalendar } from './workday-calendar.ts'

/** When the clock stood still: the buyer's pauses and every delivery under review. */
export async function clockStops(db: Database, contractId: string): Promise<ClockStop[]> {
  const pauses = await db
    .select({ from: contractPauses.startedAt, to: contractPauses.endedAt })
    .from(contractPauses)
    .where(eq(contractPauses.contractId, contractId))
    .orderBy(asc(contractPauses.startedAt))
  const reviews = await db
    .select({
      from: deliveries.submittedAt,
      to: deliveries.decidedAt,
      fromNextDay: sql<boolean>`true`,
    })
    .from(deliveries)
    .where(eq(deliveries.contractId, contractId))
    .orderBy(asc(deliveries.round))
  return [...pauses, ...reviews]
}

/** The clock of a signed contract as of `now`; null before both parties signed. */
export async function readContractClock(
  db: Database,
  contract: Contract,
  now: Date,
): Promise<ServiceClockReading | null> {
  if (!contract.startedAt) return null
  const calendar = await loadWorkdayCalendar(db)
  return readServiceClock(
    {
      startedAt: contract.startedAt,
      allowedWorkdays: contract.timeLimitWorkdays + contract.extendedWorkdays,
      stops: await clockStops(db, contract.id),
      stoppedAt: contract.acceptedAt,
      now,
    },
    calendar,
  )
}

/** Reads the clock and stores its due date, which the reminders and overdue checks query. */
export async function writeServiceClock(tx: Database, contract: Contract, now: Date) {
  const reading = await readContractClock(tx, contract, now)
  if (!reading) throw new Error('the service clock starts only when both parties have signed')
  await tx.update(contracts).set({ dueDate: reading.dueDate }).where(eq(contracts.id, contract.id))
  return reading
}
