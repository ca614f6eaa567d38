/**
 * WEB_CONCURRENCY=2: one primary and two workers on one port. A worker that dies is replaced
 * while the other keeps serving; SIGTERM to the primary alone stops the workers gracefully and
 * then the primary. More than one worker needs PostgreSQL; without it the server refuses.
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll, describe, expect, it, onTestFailed } from 'vitest'
import { ensureBuild, freePort, SERVER_ARGS } from '../../scripts/bench/bid-server.ts'
import { withDatabase } from '../setup/database-template.ts'

const serverUrl = process.env.DATABASE_URL
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function startServer(env: Record<string, string | undefined>, port: number) {
  const child = spawn(process.execPath, SERVER_ARGS, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      SEED_DEMO: '0',
      LOG_LEVEL: 'info',
      PROCEDURE_CLOCK: '0',
      BID_SEAL_KEY: randomBytes(32).toString('hex'),
      ...env,
    },
  })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
  return { child, exited, output: () => output }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** The workers' pids, as the primary logs them when it starts each, minus those gone. */
const workersOf = (output: string) =>
  [...output.matchAll(/"pid":(\d+),"msg":"工作进程已启动"/g)]
    .map((m) => Number(m[1]))
    .filter((pid) => alive(pid))

async function until<T>(what: string, check: () => Promise<T | null> | T | null, ms = 60_000) {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await check()
    if (value !== null) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(100)
  }
}

const homeStatus = (url: string) =>
  fetch(`${url}/`, { signal: AbortSignal.timeout(5000) }).then(
    async (res) => (await res.arrayBuffer(), res.status),
    () => null,
  )

describe('several workers in one instance', () => {
  it('refuses more than one worker on the embedded database, with a message saying why', async () => {
    const server = startServer({ WEB_CONCURRENCY: '2', DATABASE_URL: undefined }, await freePort())
    expect(await server.exited).toBe(1)
    expect(server.output()).toContain('WEB_CONCURRENCY 大于 1 时需要 DATABASE_URL')
  })

  it('refuses a worker count that is not a number', async () => {
    const server = startServer({ WEB_CONCURRENCY: 'two' }, await freePort())
    expect(await server.exited).toBe(1)
    expect(server.output()).toContain('WEB_CONCURRENCY 应为 1 到 64 之间的整数')
  })

  describe.skipIf(!serverUrl)('on PostgreSQL (skipped without DATABASE_URL)', () => {
    const name = `zjcs_cluster_${process.pid}_${randomBytes(3).toString('hex')}`
    const admin = async (statement: string) => {
      const client = new pg.Client({ connectionString: serverUrl })
      await client.connect()
      await client.query(statement).finally(() => client.end())
    }
    let server: ReturnType<typeof startServer> | null = null

    afterAll(async () => {
      if (server?.child.exitCode === null) server.child.kill('SIGKILL')
      await admin(`drop database if exists ${name} with (force)`)
    })

    it('replaces a worker that dies, and stops every worker on SIGTERM to the primary', async () => {
      ensureBuild()
      await admin(`create database ${name}`)
      const port = await freePort()
      const url = `http://127.0.0.1:${port}`
      server = startServer(
        { WEB_CONCURRENCY: '2', DATABASE_URL: withDatabase(serverUrl!, name) },
        port,
      )
      const primary = server.child
      const started = server
      onTestFailed(() => console.warn(`[cluster server output]\n${started.output()}`))
      await until('the server to answer', () => homeStatus(url).then((s) => (s === 200 ? s : null)))
      const [first, second] = await until('two workers', () => {
        const pids = workersOf(started.output())
        return pids.length === 2 ? pids : null
      })
      // Both serve the one port: a burst of requests all succeed.
      const statuses = await Promise.all(Array.from({ length: 20 }, () => homeStatus(url)))
      expect(statuses).toEqual(Array(20).fill(200))

      // A worker that crashes (after its first seconds) is replaced; the other keeps serving.
      await sleep(5500)
      process.kill(first!, 'SIGKILL')
      // The client's pooled connection to the killed worker fails once; a new one is served.
      const afterKill = [await homeStatus(url), await homeStatus(url)]
      expect(afterKill).toContain(200)
      const replaced = await until('a replacement worker', () => {
        const pids = workersOf(started.output())
        return pids.length === 2 && !pids.includes(first!) ? pids : null
      })
      expect(replaced).toContain(second)
      await until('the replacement to listen', () =>
        started.output().match(/"msg":"中介超市已启动/g)?.length === 3 ? true : null,
      )
      const afterReplacement = await Promise.all(Array.from({ length: 10 }, () => homeStatus(url)))
      expect(afterReplacement).toEqual(Array(10).fill(200))
      expect(server.output()).toContain('工作进程意外退出，正在重新启动')

      // SIGTERM to the primary only: the workers drain and exit, then the primary, cleanly.
      primary.kill('SIGTERM')
      const exitCode = await Promise.race([
        server.exited,
        sleep(30_000).then(() => 'still running'),
      ])
      expect(exitCode).toBe(0)
      for (const pid of replaced)
        await until(`worker ${pid} to exit`, () => (alive(pid) ? null : true), 10_000)
      expect(server.output().match(/"msg":"已停止"/g)).toHaveLength(2)
    }, 240_000)

    it('stops cleanly when SIGTERM comes while the workers are still starting', async () => {
      const port = await freePort()
      const early = startServer(
        { WEB_CONCURRENCY: '2', DATABASE_URL: withDatabase(serverUrl!, name) },
        port,
      )
      server = early
      onTestFailed(() => console.warn(`[cluster server output]\n${early.output()}`))
      await until('the workers to be forked', () =>
        early.output().includes('已启动 2 个工作进程') ? true : null,
      )
      const pids = workersOf(early.output())
      early.child.kill('SIGTERM')
      const exitCode = await Promise.race([early.exited, sleep(30_000).then(() => 'still running')])
      expect(exitCode).toBe(0)
      for (const pid of pids) expect(alive(pid)).toBe(false)
      // Each worker was asked once it listened, and drained: none was killed at the deadline.
      expect(early.output().match(/"msg":"已停止"/g)).toHaveLength(2)
    }, 120_000)
  })
})
