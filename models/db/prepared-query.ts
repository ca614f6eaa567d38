import type { Database } from './client.ts'
import { preparedStatementsEnabled } from './prepared-statements.ts'

const queriesByDatabase = new WeakMap<Database, Map<string, unknown>>()

/**
 * A query of a busy public page, built once per database handle and run with placeholders
 * (`sql.placeholder`). Building a Drizzle query walks its whole column tree on every call:
 * on an agency profile that was ~15 % of the server's CPU (docs/decisions/005). A handle
 * inside a transaction is a new object each time, so its queries are simply built again.
 */
export function preparedQuery<Q>(db: Database, name: string, build: (db: Database) => Q): Q {
  let queries = queriesByDatabase.get(db)
  if (!queries) {
    queries = new Map()
    queriesByDatabase.set(db, queries)
  }
  let query = queries.get(name) as Q | undefined
  if (query === undefined) {
    query = build(db)
    queries.set(name, query)
  }
  return query
}

/**
 * The name a prepared query is kept under on PostgreSQL, unique per query text; none (an
 * unnamed statement) when DATABASE_PREPARED_STATEMENTS=0, as behind PgBouncer.
 */
export const statementName = (name: string) => (preparedStatementsEnabled() ? name : '')
