import { and, eq, inArray, isNull, type SQL } from 'drizzle-orm'
import { bids, projects } from './db/schema-procedures.ts'
import { SEALED_STATUSES } from './rules/project-states.ts'

/**
 * An agency's live bids not opened yet (taking bids, or closed), for a query that joins bids
 * to their projects: what pausing an offering, lowering its ceiling, removing a qualification
 * or a blacklisting must reckon with.
 */
export function liveSealedBidsOf(agencyId: string): SQL {
  return and(
    eq(bids.agencyId, agencyId),
    isNull(bids.withdrawnAt),
    inArray(projects.status, [...SEALED_STATUSES]),
  )!
}
