/**
 * The production server for crash:bids: started from a snapshot of the build as a child
 * process in its own process group on a fixed port (so it can be restarted where the clients expect it), killed with
 * SIGKILL — its whole process group — and started again.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { bin, newestMtime, SERVER_ARGS } from '../bench/bid-server.ts'

const root = process.cwd()
/**
 * Builds when build/ is missing or when asked. A build older than the sources is used as it
 * is, with a warning: other people's edits in the tree should not trigger a rebuild each run.
 */
export function ensureBuild(force: boolean, log: (line: string) => void) {
  const output = path.join(root, 'build', 'server', 'index.js')
  if (existsSync(output) && !force) {
    const sources = Math.max(...['app', 'models', 'search'].map((d) => newestMtime(d)))
    if (statSync(output).mtimeMs < sources)
      log('注意：build/ 早于源码，本次使用现有构建；需要时加 --build 重新构建')
    return
  }
  log('构建生产版本（remix vite:build）…')
  const result = spawnSync(bin('remix'), ['vite:build'], {
    stdio: ['ignore', 2, 2],
    env: { ...process.env, NODE_ENV: 'production' },
  })
  if (result.status !== 0) throw new Error('remix vite:build 失败')
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * A private copy of the app to run: build/ and server/ copied, everything else linked. A
 * rebuild in the working tree during the run (vite empties build/ first) then cannot take
 * the build from under a restart. Waits for a build in progress to finish first.
 */
export async function snapshotApp() {
  const output = path.join(root, 'build', 'server', 'index.js')
  for (let waited = 0; ; waited += 1000) {
    const settled = existsSync(output) && Date.now() - statSync(output).mtimeMs > 3000
    if (settled) break
    if (waited > 300_000) throw new Error('build/server/index.js 不存在或一直在变')
    await sleep(1000)
  }
  const copy = mkdtempSync(path.join(tmpdir(), 'zjcs-crash-app-'))
  for (const entry of readdirSync(root)) {
    if (entry === 'build' || entry === 'server' || entry === 'data') continue
    symlinkSync(path.join(root, entry), path.join(copy, entry))
  }
  cpSync(path.join(root, 'build'), path.join(copy, 'build'), { recursive: true })
  cpSync(path.join(root, 'server'), path.join(copy, 'server'), { recursive: true })
  return { root: copy, remove: () => rmSync(copy, { recursive: true, force: true }) }
}

/** Whether the server answers: /healthz when it has one, else the home page. */
async function answers(url: string) {
  for (const route of ['/healthz', '/']) {
    const res = await fetch(`${url}${route}`, {
      redirect: 'manual',
      signal: AbortSignal.timeout(5000),
    }).catch(() => null)
    if (!res) return false
    await res.arrayBuffer().catch(() => null)
    if (res.status === 404 && route === '/healthz') continue
    return res.status < 500
  }
  return false
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => (socket.destroy(), resolve(true)))
    socket.once('error', () => resolve(false))
  })
}

export interface ServerProcess {
  url: string
  /** Starts the server and resolves once it answers; the ms it took. */
  start(): Promise<number>
  /** SIGKILL to the whole process group; resolves once the process is gone. */
  kill(): Promise<void>
  /** SIGTERM (SIGKILL after 5 s); resolves with the exit code once the process is gone. */
  stop(): Promise<number | null>
}

export function productionServer(
  appRoot: string,
  env: Record<string, string | undefined>,
  port: number,
  relay: (line: string) => void,
): ServerProcess {
  const url = `http://127.0.0.1:${port}`
  let child: ChildProcess | null = null
  let exited: Promise<number | null> = Promise.resolve(null)

  const signalGroup = async (signal: NodeJS.Signals, graceMs: number) => {
    const running = child
    if (!running || running.exitCode !== null || running.signalCode !== null)
      return running?.exitCode ?? null
    process.kill(-running.pid!, signal)
    const timer =
      graceMs > 0 ? setTimeout(() => process.kill(-running.pid!, 'SIGKILL'), graceMs) : null
    const code = await exited
    if (timer) clearTimeout(timer)
    child = null
    // The kernel may take a moment to let go of the port.
    while (await listening(port)) await new Promise((resolve) => setTimeout(resolve, 50))
    return code
  }

  return {
    url,
    async start() {
      const started = Date.now()
      // Its own process group (detached), so a kill reaches anything the server starts.
      const spawned = spawn(process.execPath, SERVER_ARGS, {
        cwd: appRoot,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          ...env,
          NODE_ENV: 'production',
          HOST: '127.0.0.1',
          PORT: String(port),
          SEED_DEMO: '0',
          LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
        },
      })
      child = spawned
      exited = new Promise((resolve) => spawned.once('exit', (code) => resolve(code)))
      const forward = (chunk: Buffer) =>
        chunk
          .toString()
          .split('\n')
          .filter((line) => line.length > 0)
          .forEach((line) => relay(line))
      spawned.stdout!.on('data', forward)
      spawned.stderr!.on('data', forward)
      while (spawned.exitCode === null && spawned.signalCode === null) {
        if (await answers(url)) return Date.now() - started
        if (Date.now() - started > 120_000) {
          await signalGroup('SIGKILL', 0)
          throw new Error('服务器 120 秒内没有响应')
        }
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      throw new Error(`服务器启动失败（退出码 ${spawned.exitCode}，见上方 [server] 输出）`)
    },
    kill: async () => void (await signalGroup('SIGKILL', 0)),
    stop: () => signalGroup('SIGTERM', 5000),
  }
}
