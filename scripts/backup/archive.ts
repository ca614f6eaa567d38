import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { readdir, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createGzip } from 'node:zlib'

/** A problem the person running the command can fix; the CLI prints the message alone. */
export class BackupError extends Error {
  override name = 'BackupError'
}

const TAR_MISSING = '找不到 tar 程序（tar not found）：备份文件是 .tar.gz，请安装 tar'

function failure(program: string, missing: string | undefined, error: NodeJS.ErrnoException) {
  return error.code === 'ENOENT'
    ? new BackupError(missing ?? `找不到程序 ${program}（${program} not found）`)
    : error
}

/**
 * Runs a program to its end, optionally streaming its stdout into `stdout`; its stderr
 * comes back in the error.
 */
export function run(
  program: string,
  args: string[],
  options: {
    env?: NodeJS.ProcessEnv
    missing?: string
    stdout?: Writable
  } = {},
): Promise<string> {
  const child = spawn(program, args, { env: options.env ?? process.env })
  let out = ''
  let err = ''
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
  const streams: Promise<void>[] = []
  if (options.stdout) streams.push(pipeline(child.stdout, options.stdout))
  else child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
  child.stdin.end()
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', (error) => reject(failure(program, options.missing, error)))
    child.on('close', resolve)
  })
  // The program's own failure (not found, exit code) explains more than a broken pipe.
  const piped = Promise.all(streams)
  piped.catch(() => undefined)
  return exited.then(async (code) => {
    if (code !== 0) throw new BackupError(`${program} 失败（退出码 ${code}）：\n${err.trim()}`)
    await piped
    return out
  })
}

/**
 * Packs `entries` (names relative to each entry's folder) into one .tar.gz. The names go
 * through list files, since thousands of uploads would not fit on a command line. Fast gzip
 * (level 1): a PostgreSQL dump is compressed already, and backups should be quick to take.
 */
export async function createTarGz(
  file: string,
  entries: readonly { dir: string; names: readonly string[] }[],
  scratch: string,
): Promise<void> {
  const args = ['-cf', '-']
  for (const [i, { dir, names }] of entries.entries()) {
    if (names.length === 0) continue
    const list = path.join(scratch, `tar-list-${i}.txt`)
    await writeFile(list, `${names.join('\n')}\n`)
    args.push('-C', dir, '-T', list)
  }
  const gzip = createGzip({ level: 1 })
  const written = pipeline(gzip, createWriteStream(file, { mode: 0o600 }))
  await Promise.all([run('tar', args, { missing: TAR_MISSING, stdout: gzip }), written])
}

export async function extractTarGz(file: string, into: string): Promise<void> {
  // Never as the archive's owner: a backup made by root restores as the one who runs it.
  await run('tar', ['-xzf', file, '-C', into, '--no-same-owner'], { missing: TAR_MISSING })
}

export function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256')
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')))
  })
}

/** Every file under `root` (relative paths); none if the folder does not exist. */
export async function listFiles(root: string): Promise<{ name: string; bytes: number }[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => [])
  const files = entries.filter((e) => e.isFile())
  return Promise.all(
    files.map(async (e) => {
      const full = path.join(e.parentPath, e.name)
      return { name: path.relative(root, full), bytes: (await stat(full)).size }
    }),
  )
}

/** 20261127T031500Z: sorts by time and is safe in file names on every system. */
export const fileStamp = (at: Date) => at.toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '')
