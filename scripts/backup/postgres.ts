import pg from 'pg'
import { BackupError, run } from './archive.ts'
import { clientConnection } from './installation.ts'
import { type Query } from './manifest.ts'

const missing = (program: string) =>
  `找不到 ${program}：PostgreSQL 的备份与恢复需要 PostgreSQL 客户端工具（主版本不低于服务器），` +
  `例如 apt-get install postgresql-client。\n` +
  `${program} not found: install the PostgreSQL client tools, same major version as the server or newer.`

/** The major version of pg_dump or pg_restore, e.g. 15 for "pg_dump (PostgreSQL) 15.20". */
export async function toolVersion(program: 'pg_dump' | 'pg_restore') {
  const text = (await run(program, ['--version'], { missing: missing(program) })).trim()
  const major = Number(/(\d+)(?:\.\d+)?/.exec(text)?.[1])
  return { text, major }
}

/** Connects one client for the whole backup: its transaction holds the snapshot pg_dump uses. */
export async function connect(url: string) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  const query: Query = async (text) => (await client.query(text)).rows
  return { client, query }
}

/**
 * pg_dump --format=custom of the snapshot our own transaction exported, so the row counts in
 * the manifest are those of the dump even while the app keeps writing. Returns the tool line.
 */
export async function dumpPostgres(url: string, file: string, query: Query): Promise<string> {
  const tool = await toolVersion('pg_dump')
  const [num] = await query('show server_version_num')
  const serverMajor = Math.floor(Number(num?.server_version_num) / 10000)
  if (tool.major < serverMajor)
    throw new BackupError(
      `pg_dump 版本太旧：${tool.text}，服务器是 PostgreSQL ${serverMajor}。请安装 ${serverMajor} 或更新的客户端。\n` +
        `pg_dump is older than the server (${serverMajor}); install client tools ${serverMajor} or newer.`,
    )
  const [snapshot] = await query('select pg_export_snapshot() as id')
  const { uri, env } = clientConnection(url)
  await run(
    'pg_dump',
    ['--format=custom', `--snapshot=${String(snapshot?.id)}`, `--file=${file}`, `--dbname=${uri}`],
    { env, missing: missing('pg_dump') },
  )
  return tool.text
}

/** Empties the app's schemas so the dump can be restored as a whole, nothing left from before. */
export async function clearPostgres(query: Query) {
  await query('drop schema if exists drizzle cascade')
  await query('drop schema if exists public cascade')
  await query('create schema public')
}

/**
 * pg_restore into an empty database, in one transaction: a restore that fails leaves nothing.
 * No owners or grants from the source, so a managed service's own user can restore it.
 */
export async function restorePostgres(url: string, file: string, dumpedBy: string) {
  const tool = await toolVersion('pg_restore')
  const dumpMajor = Number(/(\d+)(?:\.\d+)?/.exec(dumpedBy)?.[1])
  if (Number.isFinite(dumpMajor) && tool.major < dumpMajor)
    throw new BackupError(
      `pg_restore 版本太旧：${tool.text}，备份由 ${dumpedBy} 生成。\n` +
        `pg_restore is older than the pg_dump that made this backup; install client tools ${dumpMajor} or newer.`,
    )
  const { uri, env } = clientConnection(url)
  await run(
    'pg_restore',
    ['--no-owner', '--no-acl', '--exit-on-error', '--single-transaction', `--dbname=${uri}`, file],
    { env, missing: missing('pg_restore') },
  )
}
