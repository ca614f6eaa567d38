import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import pg from 'pg'
import { inject } from 'vitest'
import { type DatabaseHandle, openDatabase } from '../../models/db/client.ts'
import type { Ctx, Actor } from '../../models/context.ts'
import { withDatabase } from './database-template.ts'

/**
 * A fresh, migrated database for one test file: PGlite in memory loaded from the migrated
 * data directory, or a copy of the migrated template on the PostgreSQL server named by
 * DATABASE_URL.
 */
export async function createTestDatabase(): Promise<DatabaseHandle> {
  const url = process.env.DATABASE_URL
  const template = inject('templateDatabase')
  if (!url || !template) {
    const dump = inject('templateDataDir')
    if (dump) return openDatabase({ loadDataDir: new Blob([readFileSync(dump)]) })
    const handle = await openDatabase({})
    await handle.migrate()
    return handle
  }
  const name = `zjcs_test_${randomBytes(6).toString('hex')}`
  await withAdmin(url, (admin) => admin.query(`create database ${name} template ${template}`))
  const handle = await openDatabase({ url: withDatabase(url, name), poolSize: 8 })
  return {
    ...handle,
    async close() {
      await handle.close()
      await withAdmin(url, (admin) => admin.query(`drop database if exists ${name} with (force)`))
    },
  }
}

async function withAdmin<T>(url: string, work: (client: pg.Client) => Promise<T>) {
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  try {
    return await work(admin)
  } finally {
    await admin.end()
  }
}

export function ctxFor(handle: DatabaseHandle, actor: Actor | null = null): Ctx {
  return { db: handle.db, actor }
}
