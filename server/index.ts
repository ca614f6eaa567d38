import cluster from 'node:cluster'
import { bidSealKey } from '../models/bid-sealing.ts'
import { logger } from '../models/logger.ts'
import { superviseWorkers, workerCountFrom } from './cluster.ts'

let workers = 1
try {
  workers = workerCountFrom(process.env.WEB_CONCURRENCY, process.env.DATABASE_URL)
  // Read before the database is touched: without it the demo seed would stop at its first bid.
  bidSealKey()
} catch (error) {
  logger.fatal((error as Error).message)
  process.exit(1)
}
// Vite's dev server (with its HMR socket) is one per process: development stays single.
if (workers > 1 && process.env.NODE_ENV !== 'production') {
  logger.warn('开发模式下忽略 WEB_CONCURRENCY，只启动一个进程')
  workers = 1
}
// WEB_CONCURRENCY > 1: this process only migrates and supervises; the workers serve.
if (cluster.isPrimary && workers > 1) await superviseWorkers(workers)
else await import('./app-server.ts')
