/**
 * The production server for bench:bids: built once if the build is missing or older than the
 * sources, started as a child process on a free port, stopped at the end.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { createServer } from 'node:net'
import path from 'node:path'

const root = process.cwd()
export const bin = (name: string) => path.join(root, 'node_modules', '.bin', name)

export function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    const time = entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs
    if (time > newest) newest = time
  }
  return newest
}

/** Builds with `remix vite:build` unless build/ is newer than app/, models/ and search/. */
export function ensureBuild() {
  const output = path.join(root, 'build', 'server', 'index.js')
  const sources = Math.max(
    ...['app', 'models', 'search'].map((d) => newestMtime(path.join(root, d))),
  )
  if (existsSync(output) && statSync(output).mtimeMs > sources) return false
  console.error('构建生产版本（remix vite:build）…')
  const result = spawnSync(bin('remix'), ['vite:build'], { stdio: ['ignore', 2, 2] })
  if (result.status !== 0) throw new Error('remix vite:build 失败')
  return true
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}

export interface RunningServer {
  url: string
  /** The server's process (with WEB_CONCURRENCY > 1, the primary of the workers). */
  pid: number | null
  stop(): Promise<void>
}

/**
 * The server as `npm start` runs it: node itself with tsx as a loader, no wrapper process, so
 * a signal reaches the server directly (a tsx wrapper may exit 143 before the server has
 * stopped gracefully).
 */
export const SERVER_ARGS = ['--max-semi-space-size=64', '--import', 'tsx', 'server/index.ts']

/** Starts the server in production mode and waits until it answers. */
export async function startServer(env: Record<string, string>): Promise<RunningServer> {
  const port = await freePort()
  // Its own process group, so a stop reaches anything the server starts.
  const child: ChildProcess = spawn(process.execPath, SERVER_ARGS, {
    cwd: root,
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
  // Its output goes to stderr: the bench's stdout ends with its JSON line.
  const relay = (chunk: Buffer) =>
    process.stderr.write(
      chunk
        .toString()
        .split('\n')
        .filter((line) => line.length > 0)
        .map((line) => `[server] ${line}\n`)
        .join(''),
    )
  child.stdout!.on('data', relay)
  child.stderr!.on('data', relay)
  let exited = false
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true
      resolve()
    }),
  )
  const url = `http://127.0.0.1:${port}`
  const stop = async () => {
    if (exited) return
    process.kill(-child.pid!, 'SIGTERM')
    const timer = setTimeout(() => !exited && process.kill(-child.pid!, 'SIGKILL'), 5000)
    await exit
    clearTimeout(timer)
  }
  const started = Date.now()
  while (!exited) {
    const up = await fetch(`${url}/`, { redirect: 'manual' }).then(
      (res) => res.status < 500,
      () => false,
    )
    if (up) return { url, pid: child.pid ?? null, stop }
    if (Date.now() - started > 60_000) {
      await stop()
      throw new Error('服务器 60 秒内没有响应')
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error('服务器启动失败（见上方 [server] 输出）')
}
