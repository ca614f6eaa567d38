import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { claimDataDir, releaseDataDir } from '../../models/backup-lock.ts'

const repo = path.resolve(import.meta.dirname, '../..')

/** A separate process that claims `root` as the server does, then waits to be killed. */
async function holder(root: string) {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      `import('./models/backup-lock.ts').then((m) => {
         m.claimDataDir(process.argv[1]); console.log('claimed'); setInterval(() => {}, 1000)
       })`,
      root,
    ],
    { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] },
  )
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer]
  expect(chunk.toString()).toContain('claimed')
  return child
}

async function killed(child: ChildProcess) {
  child.kill('SIGKILL')
  if (child.exitCode === null && child.signalCode === null) await once(child, 'exit')
}

describe('one process per embedded database directory', () => {
  let root: string
  let held: ChildProcess

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'zjcs-claim-'))
    held = await holder(root)
  })
  afterAll(async () => {
    if (held) await killed(held)
    await rm(root, { recursive: true, force: true })
  })

  it('a second claim on this host is refused while the first process lives', () => {
    expect(() => claimDataDir(root)).toThrow(new RegExp(`正被进程 ${held.pid} 使用`))
  })

  it('a second server refuses to start, before it opens or migrates anything', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', DATA_DIR: root }
    delete env.DATABASE_URL
    const server = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
      cwd: repo,
      env: { ...env, PORT: '0', PROCEDURE_CLOCK: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    server.stdout!.on('data', (c: Buffer) => (output += c.toString()))
    server.stderr!.on('data', (c: Buffer) => (output += c.toString()))
    // A server that did start would never exit by itself.
    const started = setTimeout(() => server.kill('SIGKILL'), 30_000)
    const [code] = (await once(server, 'exit')) as [number | null]
    clearTimeout(started)
    expect(code).toBe(1)
    expect(output).toContain('PGlite 只能有一个使用者')
    expect(await readdir(root)).toEqual(['pglite.owner.json'])
  })

  it('a command refuses too (create-supervisor), and writes nothing', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: root }
    delete env.DATABASE_URL
    const command = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'scripts/create-supervisor.ts',
        '--phone',
        '13900000001',
        '--password',
        'Jianguan2026!',
      ],
      { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let output = ''
    command.stderr!.on('data', (c: Buffer) => (output += c.toString()))
    const [code] = (await once(command, 'exit')) as [number | null]
    expect(code).toBe(1)
    expect(output).toContain(`正被进程 ${held.pid} 使用`)
    // The reason alone: an operator's refusal, not a crash with a stack trace.
    expect(output).not.toMatch(/\n\s+at /)
    expect(await readdir(root)).toEqual(['pglite.owner.json'])
  })

  it('the claim passes once that process is gone (a killed server leaves its marker)', async () => {
    await killed(held)
    expect(existsSync(path.join(root, 'pglite.owner.json'))).toBe(true)
    expect(() => claimDataDir(root)).not.toThrow()
    releaseDataDir(root)
  })
})
