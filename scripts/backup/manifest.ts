import { readFileSync } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { migrationsFolder } from '../../models/db/client.ts'

export const MANIFEST_FORMAT = 'zjcs-backup/1'

/** manifest.json at the top of every backup: what it holds and how to check a restore. */
export const manifestSchema = z.object({
  format: z.literal(MANIFEST_FORMAT),
  createdAt: z.string(),
  appVersion: z.string(),
  database: z.object({
    kind: z.enum(['pglite', 'postgres']),
    serverVersion: z.string(),
    /** Path inside the archive. */
    file: z.enum(['database/pglite.tar', 'database/postgres.dump']),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    bytes: z.number().int().nonnegative(),
    /** e.g. "pg_dump (PostgreSQL) 15.20" or "PGlite 0.5.16 dumpDataDir". */
    tool: z.string(),
  }),
  migrations: z.object({ applied: z.number().int(), latest: z.string().nullable() }),
  /** Rows per table of the public schema, taken in the dump's own snapshot. */
  tables: z.record(z.string(), z.number().int().nonnegative()),
  audit: z.object({ events: z.number().int(), headHash: z.string().nullable() }),
  uploads: z.object({ files: z.number().int(), bytes: z.number().int() }),
  sealKey: z.object({
    source: z.enum(['env', 'file', 'none']),
    fingerprint: z.string().nullable(),
    /** bid-seal.key is in the archive (the embedded set-up keeps the key in data/). */
    included: z.boolean(),
  }),
})
export type Manifest = z.infer<typeof manifestSchema>

/** Raw SQL on either database: PGlite's query() and node-postgres' Client.query(). */
export type Query = (text: string) => Promise<Record<string, unknown>[]>

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`

/** Rows per table of the public schema, in one statement (one snapshot). */
export async function countRows(query: Query): Promise<Record<string, number>> {
  const tables = await query(
    `select table_name as name from information_schema.tables
     where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  )
  if (tables.length === 0) return {}
  const parts = tables.map(
    ({ name }) =>
      `select '${String(name).replaceAll("'", "''")}' as name, count(*)::bigint as n from ${ident(String(name))}`,
  )
  const rows = await query(parts.join(' union all '))
  return Object.fromEntries(rows.map((r) => [String(r.name), Number(r.n)]))
}

interface JournalEntry {
  when: number
  tag: string
}

export function migrationJournal(): JournalEntry[] {
  const file = path.join(migrationsFolder, 'meta', '_journal.json')
  return (JSON.parse(readFileSync(file, 'utf8')) as { entries: JournalEntry[] }).entries
}

/** How far the schema is migrated, by drizzle's own record; the tag names the last migration. */
export async function migrationLevel(query: Query): Promise<Manifest['migrations']> {
  const [exists] = await query(
    `select to_regclass('drizzle.__drizzle_migrations') is not null as e`,
  )
  if (!exists?.e) return { applied: 0, latest: null }
  const [row] = await query(
    `select count(*)::int as n, max(created_at)::text as latest from drizzle.__drizzle_migrations`,
  )
  const latest = row?.latest == null ? null : Number(row.latest)
  const tag = migrationJournal().find((entry) => entry.when === latest)?.tag
  return { applied: Number(row?.n ?? 0), latest: latest === null ? null : (tag ?? `@${latest}`) }
}

export async function auditHead(query: Query): Promise<Manifest['audit']> {
  const [row] = await query(
    `select (select count(*)::int from audit_events) as n,
            (select hash from audit_events order by seq desc limit 1) as head`,
  )
  return { events: Number(row?.n ?? 0), headHash: (row?.head as string | null) ?? null }
}

export async function serverVersion(query: Query): Promise<string> {
  const [row] = await query('show server_version')
  return String(row?.server_version ?? 'unknown')
}

/**
 * Whether people have used this database: any account, organisation or audit event. A
 * database that was only migrated and given the catalogue holds nothing a restore would lose.
 */
export async function isInUse(query: Query): Promise<boolean> {
  const [row] = await query(
    `select to_regclass('public.users') is not null and to_regclass('public.organisations') is not null
        and to_regclass('public.audit_events') is not null as ready`,
  )
  if (!row?.ready) return false
  const [used] = await query(
    `select exists (select 1 from users) or exists (select 1 from organisations)
        or exists (select 1 from audit_events) as used`,
  )
  return Boolean(used?.used)
}

export function appVersion(): string {
  const file = path.resolve(process.cwd(), 'package.json')
  try {
    return String((JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version)
  } catch {
    return 'unknown'
  }
}
