import { PgTransaction } from 'drizzle-orm/pg-core'
import type { Database } from './client.ts'

/** Runs `work` in a transaction, joining the caller's if one is already open. */
export function inTransaction<T>(db: Database, work: (tx: Database) => Promise<T>): Promise<T> {
  if (db instanceof PgTransaction) return work(db as unknown as Database)
  return db.transaction((tx) => work(tx as unknown as Database))
}
