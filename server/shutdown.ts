import cluster from 'node:cluster'
import type { Server } from 'node:http'
import { releaseDataDir } from '../models/backup-lock.ts'
import { closeDatabase } from '../models/db/client.ts'
import { logger } from '../models/logger.ts'

/** What a cluster worker takes as SIGTERM: its primary is stopping (server/cluster.ts). */
export const STOP_MESSAGE = 'zjcs:stop'

/**
 * Stops accepting connections, lets requests in flight finish (idle keep-alive connections are
 * closed at once; requests still running after graceMs are cut off), then closes resources.
 */
export async function drainAndClose(
  server: Server,
  closeResources: () => Promise<void>,
  graceMs: number,
): Promise<void> {
  const deadline = setTimeout(() => {
    logger.warn('进行中的请求未在时限内完成，强制停止')
    server.closeAllConnections()
  }, graceMs)
  deadline.unref()
  const closed = new Promise<void>((resolve) => server.close(() => resolve()))
  server.closeIdleConnections()
  await closed
  clearTimeout(deadline)
  await closeResources()
}

/**
 * SIGTERM (a rolling deploy, `docker stop`, systemd) and SIGINT (Ctrl-C) stop the server
 * gracefully: for the embedded database, closing it is what writes it out cleanly, and the
 * data directory is given up for backup and restore.
 */
export function stopGracefullyOnSignal(
  server: Server,
  options: { embeddedDataDir: string | null },
) {
  const graceMs = Number(process.env.SHUTDOWN_GRACE_MS ?? 10_000)
  let stopping = false
  const stop = (signal: NodeJS.Signals | 'primary') => {
    // A second signal after the first is not caught: it ends the process at once.
    process.removeListener('SIGTERM', stop).removeListener('SIGINT', stop)
    if (stopping) return
    stopping = true
    logger.info({ signal }, '正在停止：不再接受新请求，等待进行中的请求完成')
    void drainAndClose(
      server,
      async () => {
        await closeDatabase({ forGood: true })
        if (options.embeddedDataDir) releaseDataDir(options.embeddedDataDir)
      },
      graceMs,
    ).then(
      () => {
        logger.info('已停止')
        process.exit(0)
      },
      (error: unknown) => {
        logger.error({ err: error }, 'stopping failed')
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
  // A cluster worker (WEB_CONCURRENCY > 1) stops when its primary asks, or is gone.
  if (cluster.isWorker) {
    process.on('message', (message) => message === STOP_MESSAGE && stop('primary'))
    process.once('disconnect', () => stop('primary'))
  }
}
