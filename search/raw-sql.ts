import { type Placeholder, type SQL, sql } from 'drizzle-orm'
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

/**
 * A row count written into the SQL text, not sent as a parameter. PostgreSQL plans a
 * prepared statement with `limit $n` as if it returned a tenth of the table, so it never
 * settles on a generic plan and plans again on every call (~1 ms of the search page's
 * ~3 ms in the database). Page sizes and caps are few, so the texts stay few.
 */
export function rowLimit(n: number): SQL {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`row limit ${n}`)
  return sql.raw(String(n))
}

/**
 * rowLimit for the query builder's `.limit()`, whose type says number or placeholder: Drizzle
 * writes any SQL object there as it is, and a number it would send as a parameter.
 */
export const writtenLimit = (n: number) => rowLimit(n) as unknown as Placeholder
