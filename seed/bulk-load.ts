import { sql } from 'drizzle-orm'
import type { Database } from '../models/db/client.ts'

/**
 * Runs a bulk load with the search tables' GIN indexes dropped and builds them once at the
 * end, which is several times faster than keeping them up batch by batch. Only for loading
 * an empty database: a load killed half way leaves a database to throw away anyway.
 */
export async function withoutGinIndexes<T>(db: Database, load: () => Promise<T>): Promise<T> {
  const indexes = (await db.execute(sql`
    select indexname as name, indexdef as definition from pg_indexes
    where schemaname = current_schema() and tablename in ('offering_search', 'organisations')
      and indexdef like '% USING gin %'`)) as unknown as {
    rows: { name: string; definition: string }[]
  }
  for (const { name } of indexes.rows) await db.execute(sql`drop index ${sql.identifier(name)}`)
  try {
    return await load()
  } finally {
    for (const { definition } of indexes.rows) await db.execute(sql.raw(definition))
  }
}
