import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres'
import { migrate as migratePostgres } from 'drizzle-orm/node-postgres/migrator'
import pg from 'pg'
import { assertDataDirFree, dataRoot } from '../backup-lock.ts'
import { logger } from '../logger.ts'
import { advisoryLocks } from './advisory-locks.ts'
import { preparedStatementsEnabled, prepareRepeatedStatements } from './prepared-statements.ts'
import * as schema from './schema.ts'

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>

export interface DatabaseHandle {
  db: Database
  kind: 'pglite' | 'postgres'
  migrate(): Promise<void>
  /**
   * Runs `work` while no other process holding the same key runs its own: a PostgreSQL
   * advisory lock. An embedded PGlite directory has a single owner already.
   */
  exclusively<T>(key: number, work: () => Promise<T>): Promise<T>
  close(): Promise<void>
}

export const migrationsFolder = path.resolve(process.cwd(), 'models/db/migrations')

export interface OpenOptions {
  /** postgres://… — a real server; otherwise embedded PGlite. */
  url?: string
  /** PGlite data directory; omitted means in memory. */
  dataDir?: string
  /** A PGlite data directory tarball (dumpDataDir) to fill an empty dataDir with: a restore. */
  loadDataDir?: Blob
  poolSize?: number
}

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  if (options.url) return openPostgres(options.url, options.poolSize ?? 10)
  return openPglite(options.dataDir, options.loadDataDir)
}

async function openPglite(
  dataDir: string | undefined,
  loadDataDir?: Blob,
): Promise<DatabaseHandle> {
  if (dataDir) mkdirSync(dataDir, { recursive: true })
  const client = await PGlite.create(dataDir, { extensions: { pg_trgm }, loadDataDir })
  const db = drizzlePglite(client, { schema }) as unknown as Database
  return {
    db,
    kind: 'pglite',
    migrate: () => migratePglite(drizzlePglite(client), { migrationsFolder }),
    exclusively: (_key, work) => work(),
    close: () => client.close(),
  }
}

async function openPostgres(url: string, poolSize: number): Promise<DatabaseHandle> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize })
  // An idle connection the server closes (restart, dropped database) must not crash the process.
  pool.on('error', (error) => logger.warn({ err: error }, 'idle database connection closed'))
  if (preparedStatementsEnabled()) pool.on('connect', prepareRepeatedStatements)
  const db = drizzlePostgres(pool, { schema }) as unknown as Database
  // The lock is the connection's: it goes with the process if the process dies.
  async function exclusively<T>(
    key: number,
    work: (connection: pg.PoolClient) => Promise<T>,
  ): Promise<T> {
    const connection = await pool.connect()
    try {
      await connection.query('select pg_advisory_lock($1)', [key])
      return await work(connection)
    } finally {
      await connection.query('select pg_advisory_unlock($1)', [key])
      connection.release()
    }
  }
  return {
    db,
    kind: 'postgres',
    migrate: () =>
      exclusively(advisoryLocks.migrations, (connection) =>
        migratePostgres(drizzlePostgres(connection), { migrationsFolder }),
      ),
    exclusively: (key, work) => exclusively(key, () => work()),
    close: () => pool.end(),
  }
}

export function defaultDataDir(): string {
  return path.resolve(process.cwd(), process.env.DATA_DIR ?? 'data', 'pglite')
}

/**
 * The database named by the environment: DATABASE_URL, else PGlite under data/. The commands
 * (create-supervisor, seed, audit:verify…) refuse the embedded one while a server holds it:
 * two processes writing one PGlite directory corrupt it.
 */
export async function openConfiguredDatabase(): Promise<DatabaseHandle> {
  const url = process.env.DATABASE_URL
  if (url) return openDatabase({ url })
  assertDataDirFree(dataRoot())
  return openDatabase({ dataDir: defaultDataDir() })
}

// On globalThis, not in this module: the server build bundles its own copy of this file, and
// server/index.ts (the health check) must reach the same handle: PGlite has one owner.
const processWide = globalThis as {
  zjcsDatabase?: Promise<DatabaseHandle>
  zjcsDatabaseStopped?: boolean
}

/** The process-wide database, migrated on first use. */
export function getDatabase(): Promise<Database> {
  // A procedure-clock tick during shutdown must not open the embedded directory again.
  if (processWide.zjcsDatabaseStopped)
    return Promise.reject(new Error('服务器正在停止，数据库已关闭'))
  processWide.zjcsDatabase ??= openConfiguredDatabase().then(async (handle) => {
    await handle.migrate()
    return handle
  })
  return processWide.zjcsDatabase.then((handle) => handle.db)
}

/**
 * Closes the process-wide database; the next getDatabase() opens the configured one afresh,
 * unless the process is stopping (forGood), when it is refused.
 */
export async function closeDatabase(options: { forGood?: boolean } = {}): Promise<void> {
  if (options.forGood) processWide.zjcsDatabaseStopped = true
  const handle = processWide.zjcsDatabase
  processWide.zjcsDatabase = undefined
  if (handle) await (await handle).close()
}
