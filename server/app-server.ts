import { createRequestHandler } from '@remix-run/express'
import type { ServerBuild } from '@remix-run/node'
import { readdirSync } from 'node:fs'
import compression from 'compression'
import express from 'express'
import { claimDataDir, dataRoot } from '../models/backup-lock.ts'
import { getDatabase } from '../models/db/client.ts'
import { logger } from '../models/logger.ts'
import { csrfCookie } from './csrf.ts'
import { healthz } from './healthz.ts'
import { PREPARED_BY_PRIMARY } from './cluster.ts'
import { prepareDatabase } from './prepare-database.ts'
import { isPublicDataPath, perMinuteFrom, publicDataRateLimit } from './public-data-limit.ts'
import { ownHeadersReplaceDefaults, securityHeaders } from './security-headers.ts'
import { stopGracefullyOnSignal } from './shutdown.ts'

const development = process.env.NODE_ENV !== 'production'
const host = process.env.HOST ?? '127.0.0.1'
const port = Number(process.env.PORT ?? 3000)

// Claimed before anything opens it: backup, restore and a second server refuse while this
// process holds the embedded database.
const embeddedDataDir = process.env.DATABASE_URL ? null : dataRoot()
if (embeddedDataDir) {
  try {
    claimDataDir(embeddedDataDir)
  } catch (error) {
    logger.fatal((error as Error).message)
    process.exit(1)
  }
}
if (!process.env[PREPARED_BY_PRIMARY]) await prepareDatabase()

const vite = development
  ? await import('vite').then((v) => v.createServer({ server: { middlewareMode: true } }))
  : undefined

const app = express()
app.disable('x-powered-by')
if (process.env.TRUST_PROXY) app.set('trust proxy', process.env.TRUST_PROXY)
// Level 3, not 6: a 44 KB search page compresses 3× faster for 8 % more bytes (decision 006).
app.use(compression({ level: 3 }))
app.use(securityHeaders({ development }))
ownHeadersReplaceDefaults(app)
// Before the rate limit, CSRF cookie and Remix: probes come often and take no cookie.
app.get('/healthz', healthz(getDatabase))
// Browsers ask for /favicon.ico on documents that name no icon (feeds, PDFs): a 404 page
// rendered each time, and an error in the console.
app.get('/favicon.ico', (_req, res) => res.redirect(301, '/favicon.svg'))
app.use(publicDataRateLimit({ perMinute: perMinuteFrom(process.env.API_RATE_LIMIT_PER_MINUTE) }))

if (vite) {
  app.use(vite.middlewares)
} else {
  app.use('/assets', express.static('build/client/assets', { immutable: true, maxAge: '1y' }))
  // The top-level public files (favicon…), listed once at start: asking the disk on every
  // page request for a file that is never there cost ~3 % of a page's CPU.
  const publicFiles = new Set(readdirSync('build/client').map((name) => `/${name}`))
  const publicFile = express.static('build/client', { maxAge: '1h' })
  app.use((req, res, next) => (publicFiles.has(req.path) ? publicFile(req, res, next) : next()))
}

const csrf = csrfCookie({ production: !development })
// Feeds and CSV exports are cached publicly, like the API (which csrf.ts skips): no cookie.
app.use((req, res, next) =>
  (req.method === 'GET' || req.method === 'HEAD') && isPublicDataPath(req.path)
    ? next()
    : csrf(req, res, next),
)

const build = vite
  ? () => vite.ssrLoadModule('virtual:remix/server-build') as Promise<ServerBuild>
  : ((await import(new URL('../build/server/index.js', import.meta.url).href)) as ServerBuild)

app.all(
  '*',
  createRequestHandler({
    build,
    getLoadContext: (req, res) => ({
      cspNonce: res.locals.cspNonce as string,
      csrfToken: res.locals.csrfToken as string,
      clientIp: req.ip ?? req.socket.remoteAddress ?? 'unknown',
    }),
  }),
)

const server = app.listen(port, host, () => {
  logger.info(`中介超市已启动：http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`)
})
stopGracefullyOnSignal(server, { embeddedDataDir })
