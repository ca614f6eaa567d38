import { type SQL, sql } from 'drizzle-orm'
import type { Database } from '../models/db/client.ts'
import { feeBuckets } from './filters.ts'

/**
 * Rows of a hand-written query. Search writes some queries as SQL (unions, grouping sets,
 * CTEs that delete) that the query builder does not express; both drivers answer `{ rows }`.
 */
export async function selectRows<T extends Record<string, unknown>>(
  db: Database,
  query: SQL,
): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] }
  return result.rows
}

/** The fee bucket key of an offering's lowest fee, as SQL (offering_search_counts keys on it). */
export function feeBucketOf(feeMinFen: SQL): SQL<string> {
  const cases = feeBuckets
    .filter((b) => b.max != null)
    .map((b) => sql`when ${feeMinFen} < ${sql.raw(String(b.max))} then ${sql.raw(`'${b.key}'`)}`)
  const last = feeBuckets.at(-1)!.key
  return sql<string>`(case ${sql.join(cases, sql` `)} else ${sql.raw(`'${last}'`)} end)`
}
