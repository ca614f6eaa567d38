import cluster, { type Worker } from 'node:cluster'
import { logger } from '../models/logger.ts'
import { prepareDatabase } from './prepare-database.ts'
import { STOP_MESSAGE } from './shutdown.ts'

/** Set for workers: the primary has already migrated (and seeded) the database. */
export const PREPARED_BY_PRIMARY = 'ZJCS_DATABASE_PREPARED'

/**
 * WEB_CONCURRENCY (the usual name on Heroku, Render and the like): how many server processes
 * share the port. Node runs JavaScript on one core, so a 2-core machine wants 2. Embedded
 * PGlite has one owner per data directory, so more than one needs DATABASE_URL.
 */
export function workerCountFrom(value: string | undefined, databaseUrl: string | undefined) {
  if (value === undefined || value === '') return 1
  const count = Number(value)
  if (!Number.isInteger(count) || count < 1 || count > 64)
    throw new Error(`WEB_CONCURRENCY 应为 1 到 64 之间的整数，而不是「${value}」`)
  if (count > 1 && !databaseUrl)
    throw new Error(
      'WEB_CONCURRENCY 大于 1 时需要 DATABASE_URL：嵌入式数据库（PGlite）同一时间只能由一个进程打开',
    )
  return count
}

/** A worker that dies sooner than this after starting is not restarted: it would only loop. */
const MIN_UPTIME_MS = 5000
const RESTART_DELAY_MS = 1000

/**
 * Migrates once, then forks the workers and keeps them running: a worker that dies is
 * replaced. Only the first worker runs the procedure clock (its replacement takes it over),
 * though the clock's steps are safe to run on several instances at once. SIGTERM or SIGINT
 * stops every worker gracefully, then this process.
 */
export async function superviseWorkers(count: number) {
  await prepareDatabase()
  const clockOff = process.env.PROCEDURE_CLOCK === '0'
  let stopping = false
  const listening = new WeakSet<Worker>()
  const start = (slot: number) => {
    const env = { [PREPARED_BY_PRIMARY]: '1', PROCEDURE_CLOCK: clockOff || slot > 0 ? '0' : '1' }
    const worker = cluster.fork(env)
    const startedAt = Date.now()
    logger.info({ slot, pid: worker.process.pid }, '工作进程已启动')
    worker.once('listening', () => listening.add(worker))
    worker.once('exit', (code, signal) => {
      if (stopping) return
      const uptime = Date.now() - startedAt
      if (uptime < MIN_UPTIME_MS) {
        logger.fatal({ slot, code, signal, uptime }, '工作进程启动后很快退出，停止全部进程')
        void stopAll(1)
        return
      }
      logger.error({ slot, code, signal }, '工作进程意外退出，正在重新启动')
      setTimeout(() => !stopping && start(slot), RESTART_DELAY_MS)
    })
  }
  // A worker that has exited stays in cluster.workers until its IPC channel is closed too.
  const living = () =>
    Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w && !w.isDead())
  const stopAll = async (exitCode: number) => {
    if (stopping) return
    stopping = true
    const workers = living()
    const exits = workers.map((w) => new Promise((resolve) => w.once('exit', resolve)))
    // A message, not a signal: a Ctrl-C has already signalled the workers, and a second
    // signal would cut them off without draining. A worker still starting has no handler
    // for it yet, so it is asked once it listens.
    const ask = (worker: Worker) => worker.isConnected() && worker.send(STOP_MESSAGE)
    for (const worker of workers)
      if (listening.has(worker)) ask(worker)
      else worker.once('listening', () => ask(worker))
    // A worker past its own grace period (it cuts requests off then) is stuck: kill it.
    const graceMs = Number(process.env.SHUTDOWN_GRACE_MS ?? 10_000) + 5000
    const deadline = setTimeout(() => {
      for (const worker of living()) worker.process.kill('SIGKILL')
    }, graceMs)
    await Promise.all(exits)
    clearTimeout(deadline)
    process.exit(exitCode)
  }
  for (let slot = 0; slot < count; slot++) start(slot)
  logger.info({ workers: count }, `已启动 ${count} 个工作进程`)
  process.once('SIGTERM', () => void stopAll(0))
  process.once('SIGINT', () => void stopAll(0))
}
