import { sql } from 'drizzle-orm'
import { type Database, openConfiguredDatabase } from '../models/db/client.ts'
import { serviceItems } from '../models/db/schema.ts'
import { logger } from '../models/logger.ts'
import { formatDemoAccounts, seedEmptyDatabase, writeDemoAccounts } from '../seed/run.ts'
import { loadCatalogue } from '../seed/catalogue.ts'
import { reindexMissing } from '../search/indexing.ts'

async function hasNoCatalogue(db: Database) {
  const rows = await db
    .select({ one: sql`1` })
    .from(serviceItems)
    .limit(1)
  return rows.length === 0
}

/**
 * Migrates, and on an empty database loads the demo so a new user has something
 * to look at. The handle is closed before the app opens its own: an embedded
 * PGlite directory can have only one owner at a time.
 */
export async function prepareDatabase() {
  const handle = await openConfiguredDatabase()
  try {
    await handle.migrate()
    const accounts =
      process.env.SEED_DEMO === '0'
        ? null
        : await seedEmptyDatabase(handle, {
            seed: 1,
            progress: true,
            onDiscard: () =>
              logger.warn('上次生成演示数据没有完成（启动被中断）：清空数据库，重新生成'),
            onStart: () => logger.info('数据库为空，正在生成演示数据…'),
          })
    // Offerings a migration could not put into the search index are indexed now.
    await reindexMissing(handle.db)
    // The catalogue is reference data every installation needs, demo or not.
    if (await hasNoCatalogue(handle.db)) await loadCatalogue(handle.db)
    if (!accounts) return
    const file = await writeDemoAccounts(accounts)
    console.log(
      `\n演示账号（密码仅此一次随机生成，已另存于 ${file}）：\n${formatDemoAccounts(accounts)}\n`,
    )
  } finally {
    await handle.close()
  }
}
