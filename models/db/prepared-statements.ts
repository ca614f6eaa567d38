import { createHash } from 'node:crypto'
import type pg from 'pg'

/** Statements one connection keeps prepared; past this, new ones go unnamed as before. */
const MAX_PER_CONNECTION = 500
/** Longer texts (bulk inserts) are rarely repeated: not worth a slot. */
const MAX_TEXT_LENGTH = 8_000

interface QueryConfigLike {
  text?: unknown
  name?: unknown
  submit?: unknown
}

/**
 * Names each parameterised query by a hash of its text, so PostgreSQL parses it once per
 * connection (and, once its plan settles, plans it once) instead of on every request: that
 * halves the database's work on a page of small queries (decision 005). Plain-text queries
 * (BEGIN, migrations) and named ones pass through unchanged. Behind PgBouncer in transaction
 * mode without max_prepared_statements, turn it off with DATABASE_PREPARED_STATEMENTS=0.
 */
export function prepareRepeatedStatements(client: pg.PoolClient) {
  const named = new Set<string>()
  const query = client.query.bind(client) as (...args: unknown[]) => unknown
  const withName = (config: unknown): unknown => {
    if (typeof config !== 'object' || config === null) return config
    const { text, name, submit } = config as QueryConfigLike
    if (typeof text !== 'string' || name !== undefined || typeof submit === 'function')
      return config
    if (text.length > MAX_TEXT_LENGTH) return config
    const statement = 's' + createHash('sha1').update(text).digest('base64url')
    if (!named.has(statement)) {
      if (named.size >= MAX_PER_CONNECTION) return config
      named.add(statement)
    }
    return { ...config, name: statement }
  }
  client.query = ((config: unknown, ...rest: unknown[]) =>
    query(withName(config), ...rest)) as typeof client.query
}

export const preparedStatementsEnabled = () => process.env.DATABASE_PREPARED_STATEMENTS !== '0'
