import { isNull, sql } from 'drizzle-orm'
import type { Database } from './db/client.ts'
import { organisations, serviceItems } from './db/schema.ts'
import { keptFigures } from './kept-figures.ts'
import { isListedAgency } from './listed-agency.ts'

/** The home page's figures change slowly; counting 100,000 organisations once a minute is enough. */
export const HOME_FIGURES_TTL_MS = 60_000

/** The few public figures the home page shows, at most two minutes old (kept-figures.ts). */
export const getHomeFigures = keptFigures(HOME_FIGURES_TTL_MS, async (db: Database) => {
  const [orgs] = await db
    .select({
      // As the directory counts them: not suspended, not removed from the market.
      agencies: sql<number>`count(*) filter (where ${isListedAgency})::int`,
      buyers: sql<number>`count(*) filter (where ${organisations.kind} <> 'agency')::int`,
    })
    .from(organisations)
  const [items] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(serviceItems)
    .where(isNull(serviceItems.retiredAt))
  return { agencies: orgs?.agencies ?? 0, buyers: orgs?.buyers ?? 0, items: items?.count ?? 0 }
})
