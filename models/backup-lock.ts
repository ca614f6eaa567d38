import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import path from 'node:path'
import { logger } from './logger.ts'

/**
 * Who runs on the embedded database. PGlite takes no lock of its own: a second process
 * opening data/pglite while the server has it sees a stale state and its writes corrupt the
 * directory. So the server notes itself here, and backup and restore refuse while that
 * process lives. A server that stops on SIGTERM removes the marker; a killed process's marker
 * stays and is simply ignored.
 */
export interface DataDirOwner {
  pid: number
  host: string
  /** /proc start time of the process (Linux), so a reused pid is not taken for the server. */
  startTicks: string | null
  since: string
}

/** DATA_DIR, resolved: the embedded database, uploads and the generated seal key live here. */
export function dataRoot(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(process.cwd(), env.DATA_DIR ?? 'data')
}

const markerPath = (root: string) => path.join(root, 'pglite.owner.json')

function startTicksOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Fields after the command name (which may hold spaces) start at ") "; starttime is the 22nd.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null
  } catch {
    return null
  }
}

function isAlive(owner: DataDirOwner): boolean {
  try {
    process.kill(owner.pid, 0)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false
  }
  if (owner.startTicks === null) return true
  const now = startTicksOf(owner.pid)
  return now === null || now === owner.startTicks
}

function readMarker(root: string): DataDirOwner | null {
  try {
    return JSON.parse(readFileSync(markerPath(root), 'utf8')) as DataDirOwner
  } catch {
    return null
  }
}

/**
 * The process that holds the embedded database under `root`, or null if none does. A
 * marker from another host (a shared volume, another container) cannot be checked, so it
 * counts as held: delete the file once that server is known to be stopped.
 */
export function dataDirOwner(root: string): (DataDirOwner & { marker: string }) | null {
  const owner = readMarker(root)
  if (!owner || !Number.isInteger(owner.pid)) return null
  if (owner.host === hostname() && !isAlive(owner)) return null
  return { ...owner, marker: markerPath(root) }
}

/** Another process holds the embedded database: an expected refusal, not a fault. */
export class DataDirBusyError extends Error {}

/** Throws while another live process on this host holds the embedded database under `root`. */
export function assertDataDirFree(root: string): void {
  const owner = dataDirOwner(root)
  if (owner && owner.pid !== process.pid && owner.host === hostname())
    throw new DataDirBusyError(
      `内置数据库目录 ${root} 正被进程 ${owner.pid} 使用（PGlite 只能有一个使用者）。` +
        '请先停止那个服务器，或用 DATA_DIR 指定另一个目录。',
    )
}

/**
 * Called by the server at start when it runs on the embedded database, before it opens it.
 * Throws while another live process on this host holds the directory: a second `npm start`
 * would otherwise migrate and write over the first one's files. A marker from another host
 * cannot be checked (it may be a container since replaced), so it is only warned about.
 */
export function claimDataDir(root: string): void {
  assertDataDirFree(root)
  const previous = dataDirOwner(root)
  if (previous && previous.pid !== process.pid)
    logger.warn(
      { pid: previous.pid, host: previous.host, marker: previous.marker },
      '另一台主机上的进程可能正在使用同一个内置数据库目录（PGlite 只能有一个使用者）；确认它已停止后可删除该标记文件',
    )
  const owner: DataDirOwner = {
    pid: process.pid,
    host: hostname(),
    startTicks: startTicksOf(process.pid),
    since: new Date().toISOString(),
  }
  mkdirSync(root, { recursive: true })
  writeFileSync(markerPath(root), `${JSON.stringify(owner)}\n`)
}

/** Forgets this process's claim (tests; a server that stops cleanly). */
export function releaseDataDir(root: string): void {
  if (readMarker(root)?.pid === process.pid) rmSync(markerPath(root), { force: true })
}
