import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { createSupervisor } from '../../models/accounts.ts'
import { openDatabase } from '../../models/db/client.ts'
import { SERVER_ARGS } from '../../scripts/bench/bid-server.ts'
import { withDatabase } from './database-template.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    e2eBaseUrl: string | null
    chromiumPath: string | null
    e2eSupervisor: { phone: string; password: string } | null
  }
}

/** Made before the server starts: an embedded database has one owner at a time. */
async function createE2eSupervisor(options: { url?: string; dataDir?: string }) {
  const supervisor = {
    name: '测试监管员',
    phone: '13900000001',
    password: `E2e${randomBytes(6).toString('hex')}`,
  }
  const handle = await openDatabase(options)
  try {
    await handle.migrate()
    await createSupervisor(handle.db, supervisor, null)
  } finally {
    await handle.close()
  }
  return supervisor
}

export function findChromium(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']
  return candidates.find((p): p is string => !!p && existsSync(p)) ?? null
}

/** Builds the app, starts it on a free port with a fresh database, and stops it afterwards. */
export default async function setup(project: TestProject) {
  const chromium = findChromium()
  if (!chromium) {
    const message =
      'Chromium not found: the e2e tests were SKIPPED. Install it (apt-get install chromium) ' +
      'or set CHROMIUM_PATH to a Chromium binary to run them.'
    if (process.env.REQUIRE_E2E === '1')
      throw new Error(`${message} (REQUIRE_E2E=1 makes this a failure)`)
    console.warn(`\n⚠ ${message}\n`)
    project.provide('e2eBaseUrl', null)
    project.provide('chromiumPath', null)
    project.provide('e2eSupervisor', null)
    return
  }
  // Vitest sets NODE_ENV=test, which would build React's development bundle.
  execFileSync('npx', ['remix', 'vite:build'], {
    stdio: 'ignore',
    env: { ...process.env, NODE_ENV: 'production' },
  })
  const port = await freePort()
  const dataDir = mkdtempSync(path.join(tmpdir(), 'zjcs-e2e-'))
  const database = await createServerDatabase()
  const supervisor = await createE2eSupervisor(
    database ? { url: database.url } : { dataDir: path.join(dataDir, 'pglite') },
  )
  // As `npm start` runs it: node itself, no tsx wrapper between the signal and the server.
  const server = spawn(process.execPath, SERVER_ARGS, {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      SEED_DEMO: '0',
      LOG_LEVEL: 'warn',
      BID_SEAL_KEY: randomBytes(32).toString('hex'),
      // Lets the procedure tests move the platform clock past a deadline.
      ZJCS_MOVABLE_CLOCK: '1',
      // Every test signs in from 127.0.0.1; the per-account throttle is still tested.
      SIGNIN_ATTEMPTS_PER_IP: '10000',
      SIGNUPS_PER_IP_PER_HOUR: '10000',
      // Enterprises pay by recorded bank transfer here; Stripe has its own tests.
      STRIPE_SECRET_KEY: '',
      ...(database ? { DATABASE_URL: database.url } : {}),
    },
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  })
  const baseUrl = `http://127.0.0.1:${port}`
  await waitUntilAnswering(baseUrl, server)
  project.provide('e2eBaseUrl', baseUrl)
  project.provide('chromiumPath', chromium)
  project.provide('e2eSupervisor', { phone: supervisor.phone, password: supervisor.password })
  return async () => {
    if (server.pid) process.kill(-server.pid, 'SIGTERM')
    await new Promise((resolve) => server.once('exit', resolve))
    await database?.drop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

async function createServerDatabase() {
  const url = process.env.DATABASE_URL
  if (!url) return null
  const name = `zjcs_e2e_${process.pid}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`drop database if exists ${name} with (force)`)
  await admin.query(`create database ${name}`)
  return {
    url: withDatabase(url, name),
    async drop() {
      await admin.query(`drop database if exists ${name} with (force)`)
      await admin.end()
    },
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()))
    })
  })
}

async function waitUntilAnswering(baseUrl: string, server: ChildProcess) {
  const deadline = Date.now() + 90_000
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}`)
    try {
      if ((await fetch(baseUrl)).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error('server did not answer within 90 s')
}
