import { afterEach, describe, expect, it, vi } from 'vitest'
import { count, eq, sql } from 'drizzle-orm'
import { signIn } from '../../models/accounts.ts'
import type { Database, DatabaseHandle } from '../../models/db/client.ts'
import { platformClock } from '../../models/db/schema-procedures.ts'
import { demoSeedRuns, organisations, users } from '../../models/db/schema.ts'
import { searchParamsFrom } from '../../search/filters.ts'
import { search } from '../../search/query.ts'
import { loadCatalogue } from '../../seed/catalogue.ts'
import { seedDemo } from '../../seed/demo.ts'
import { demoSeedState, seedEmptyDatabase } from '../../seed/run.ts'
import { createTestDatabase, ctxFor } from '../setup/test-database.ts'

const counts = { agencies: 30, departments: 1, enterprises: 1 }

let handle: DatabaseHandle | undefined
afterEach(() => handle?.close())

async function ginIndexes(db: Database) {
  const { rows } = (await db.execute(sql`
    select indexname as name from pg_indexes
    where schemaname = current_schema() and indexdef like '% USING gin %' order by 1`)) as unknown as {
    rows: { name: string }[]
  }
  return rows.map((row) => row.name)
}

const organisationCount = async (db: Database) =>
  (await db.select({ n: count() }).from(organisations))[0]!.n

describe('the demo seed, started again after an interruption', () => {
  it('throws the unfinished seed away and seeds afresh: no duplicates, accounts that sign in, search indexes back', async () => {
    handle = await createTestDatabase()
    const db = handle.db
    const gin = await ginIndexes(db)
    expect(gin.length).toBeGreaterThan(0)
    // What a first start killed in its bulk load leaves: the run begun, part of the registry
    // written, the search tables' GIN indexes dropped, the platform clock moved.
    await db.insert(demoSeedRuns).values({ seed: 1 })
    await loadCatalogue(db)
    await seedDemo(db, { seed: 1, ...counts })
    for (const name of gin) await db.execute(sql`drop index ${sql.identifier(name)}`)
    await db.insert(platformClock).values({ offsetMs: -30 * 86_400_000 })
    expect(await demoSeedState(db)).toBe('unfinished')

    const discarded = vi.fn()
    const accounts = await seedEmptyDatabase(handle, {
      seed: 1,
      ...counts,
      projects: false,
      onDiscard: discarded,
    })

    expect(discarded).toHaveBeenCalledOnce()
    expect(accounts?.map((a) => a.role).sort()).toEqual([
      'agency',
      'department',
      'enterprise',
      'supervisor',
    ])
    expect(await demoSeedState(db)).toBe('finished')
    expect(await organisationCount(db)).toBe(
      counts.agencies + counts.departments + counts.enterprises,
    )
    expect(await ginIndexes(db)).toEqual(gin)
    expect(await db.select().from(platformClock)).toEqual([])
    for (const account of accounts!) {
      const { userId } = await signIn(ctxFor(handle), account)
      const [user] = await db.select().from(users).where(eq(users.id, userId))
      expect(user!.role).toBe(account.role)
    }
    const found = await search(db, searchParamsFrom(new URL('http://localhost/search?q=环评')))
    expect(found.total).toBeGreaterThan(0)
  })

  it('leaves a finished seed alone, and a database where people registered without one', async () => {
    handle = await createTestDatabase()
    const db = handle.db
    const first = await seedEmptyDatabase(handle, { seed: 1, ...counts, projects: false })
    expect(first).not.toBeNull()
    const discarded = vi.fn()
    expect(await seedEmptyDatabase(handle, { seed: 2, ...counts, onDiscard: discarded })).toBeNull()
    expect(discarded).not.toHaveBeenCalled()
    expect(await db.select({ seed: demoSeedRuns.seed }).from(demoSeedRuns)).toEqual([{ seed: 1 }])

    // Registrations and no demo seed run (SEED_DEMO=0, or a database from before the marker).
    await db.delete(demoSeedRuns)
    expect(await demoSeedState(db)).toBe('none')
    const before = await organisationCount(db)
    expect(await seedEmptyDatabase(handle, { seed: 2, ...counts, onDiscard: discarded })).toBeNull()
    expect(discarded).not.toHaveBeenCalled()
    expect(await organisationCount(db)).toBe(before)
  })
})
