import type { Database } from './client.ts'
import { preparedStatementsEnabled } from './prepared-statements.ts'

const queriesByDatabase = new WeakMap<Database, Map<string, unknown>>()

/**
 * A query of a busy public page, built and prepared once per database handle and run with
 * placeholders (`sql.placeholder`). Building a Drizzle query walks its whole column tree on
 * every call: on an agency profile that was ~15 % of the server's CPU (docs/decisions/006).
 * A handle inside a transaction is a new object each time, so its queries are built again.
 * `name` is unique per query text; it also names the statement on PostgreSQL, unless
 * DATABASE_PREPARED_STATEMENTS=0 (behind PgBouncer), when the statement goes unnamed.
 */
export function preparedQuery<Q>(
  db: Database,
  name: string,
  build: (db: Database) => { prepare(name: string): Q },
): Q {
  let queries = queriesByDatabase.get(db)
  if (!queries) {
    queries = new Map()
    queriesByDatabase.set(db, queries)
  }
  let query = queries.get(name) as Q | undefined
  if (query === undefined) {
    query = build(db).prepare(preparedStatementsEnabled() ? name : '')
    queries.set(name, query)
  }
  return query
}
