import { chmod, mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import cliProgress from 'cli-progress'
import { sql } from 'drizzle-orm'
import { advisoryLocks } from '../models/db/advisory-locks.ts'
import type { Database, DatabaseHandle } from '../models/db/client.ts'
import { demoSeedRuns, organisations, type Role, users } from '../models/db/schema.ts'
import { withoutGinIndexes } from './bulk-load.ts'
import { loadCatalogue } from './catalogue.ts'
import { type DemoAccount, type DemoCounts, seedDemo } from './demo.ts'
import { seedProjects } from './projects.ts'
import { seedSupervision } from './supervision-demo.ts'

export type { DemoAccount } from './demo.ts'

export interface SeedOptions extends Partial<DemoCounts> {
  seed: number
  /** Shows a progress bar on stderr. */
  progress?: boolean
  /** Also runs the demo projects' procedures and the supervisors' work on them (default true). */
  projects?: boolean
}

/** A progress bar on stderr that starts on its first report; `stop` is safe either way. */
function progressBar(show: boolean | undefined, format: string) {
  const bar = show
    ? new cliProgress.SingleBar(
        { stream: process.stderr, format, hideCursor: true },
        cliProgress.Presets.shades_classic,
      )
    : null
  let started = false
  return {
    update(done: number, total: number, payload?: Record<string, string>) {
      if (!bar) return
      if (!started) bar.start(total, 0, payload)
      started = true
      bar.update(done, payload)
    },
    stop() {
      if (started) bar?.stop()
    },
  }
}

const timing = '已用 {duration_formatted} | 剩余 {eta_formatted}'

/**
 * Loads the catalogue, the demo organisations, their projects and the supervisors' work on
 * them (complaints, findings, blacklist, inspections); returns the demo accounts.
 */
export async function seedDatabase(db: Database, options: SeedOptions): Promise<DemoAccount[]> {
  const { progress, projects = true, ...demoOptions } = options
  await db.insert(demoSeedRuns).values({ seed: options.seed })
  await loadCatalogue(db)
  const organisationsBar = progressBar(
    progress,
    `生成演示数据 [{bar}] {value}/{total} 个机构 | ${timing}`,
  )
  let accounts: DemoAccount[]
  try {
    accounts = await withoutGinIndexes(db, () =>
      seedDemo(db, { ...demoOptions, onProgress: organisationsBar.update }),
    )
  } finally {
    organisationsBar.stop()
  }
  // PGlite never vacuums or gathers statistics on its own: the visibility map lets search
  // answer from its indexes alone, fresh statistics keep the planner on them.
  await db.execute(sql`vacuum (analyze) offering_search, offering_search_counts`)
  await db.execute(sql`analyze`)
  if (projects) {
    const projectsBar = progressBar(
      progress,
      `模拟项目流程 [{bar}] {value}/{total} 步 | 平台日期 {date} | ${timing}`,
    )
    try {
      await seedProjects(db, {
        seed: options.seed,
        demoLogins: accounts.map((a) => a.login),
        onProgress: (done, total, at) =>
          projectsBar.update(done, total, {
            date: at.toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' }),
          }),
      })
    } finally {
      projectsBar.stop()
    }
    const supervisionBar = progressBar(
      progress,
      `模拟监管工作 [{bar}] {value}/{total} 步 | 平台日期 {date} | ${timing}`,
    )
    try {
      await seedSupervision(db, {
        seed: options.seed,
        demoLogins: accounts.map((a) => a.login),
        onProgress: (done, total, at) =>
          supervisionBar.update(done, total, {
            date: at.toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' }),
          }),
      })
    } finally {
      supervisionBar.stop()
    }
    await db.execute(
      sql`analyze projects, bids, clarifications, objections, project_events, notifications`,
    )
  }
  await db.update(demoSeedRuns).set({ finishedAt: new Date() })
  return accounts
}

export type DemoSeedState = 'none' | 'unfinished' | 'finished'

export async function demoSeedState(db: Database): Promise<DemoSeedState> {
  const [run] = await db.select().from(demoSeedRuns).limit(1)
  if (!run) return 'none'
  return run.finishedAt ? 'finished' : 'unfinished'
}

/**
 * Drops every table and migrates afresh, which also brings back the search indexes a bulk
 * load drops for its duration. Only for a seed that never finished: nothing else wrote to
 * that database, because the server starts listening only once its seed is done.
 */
async function discardUnfinishedSeed(handle: DatabaseHandle) {
  const { rows } = (await handle.db.execute(sql`select current_schema() as name`)) as unknown as {
    rows: { name: string }[]
  }
  const schema = sql.identifier(rows[0]!.name)
  await handle.db.execute(sql`drop schema if exists drizzle cascade`)
  await handle.db.execute(sql`drop schema ${schema} cascade`)
  await handle.db.execute(sql`create schema ${schema}`)
  await handle.migrate()
}

/**
 * Seeds a migrated database that has no organisation or user yet; returns the demo accounts,
 * or null if it already had some. A seed that was started and never finished (the first
 * start interrupted) is thrown away and run again.
 */
export async function seedEmptyDatabase(
  handle: DatabaseHandle,
  options: SeedOptions & { onDiscard?: () => void; onStart?: () => void },
): Promise<DemoAccount[] | null> {
  const { onDiscard, onStart, ...seedOptions } = options
  return handle.exclusively(advisoryLocks.demoSeed, async () => {
    if ((await demoSeedState(handle.db)) === 'unfinished') {
      onDiscard?.()
      await discardUnfinishedSeed(handle)
    }
    if (!(await isDatabaseEmpty(handle.db))) return null
    onStart?.()
    return seedDatabase(handle.db, seedOptions)
  })
}

/** What the registry holds, for the seed's closing line. */
export async function describeRegistry(db: Database): Promise<string> {
  const count = (table: string) => sql<number>`(select count(*)::int from ${sql.identifier(table)})`
  const [row] = await db
    .select({
      agencies: sql<number>`count(*) filter (where kind = 'agency')::int`,
      departments: sql<number>`count(*) filter (where kind = 'department')::int`,
      enterprises: sql<number>`count(*) filter (where kind = 'enterprise')::int`,
      offerings: count('offerings'),
      practitioners: count('practitioners'),
      qualifications: count('qualifications'),
      projects: count('projects'),
      bids: count('bids'),
    })
    .from(organisations)
  const n = (value: number) => value.toLocaleString('en-US')
  return (
    `${n(row!.agencies)} 个中介机构、${n(row!.departments)} 个政府部门、${n(row!.enterprises)} 家企业，` +
    `${n(row!.offerings)} 条服务报价、${n(row!.practitioners)} 名执业人员、${n(row!.qualifications)} 项资质，` +
    `${n(row!.projects)} 个采购项目、${n(row!.bids)} 份报价（报名）`
  )
}

/** True when nobody has registered yet: the only state in which the demo may be seeded. */
export async function isDatabaseEmpty(db: Database): Promise<boolean> {
  const [organisation] = await db.select({ id: organisations.id }).from(organisations).limit(1)
  const [user] = await db.select({ id: users.id }).from(users).limit(1)
  return !organisation && !user
}

const roleLabels: Record<Role, string> = {
  agency: '中介机构',
  department: '政府部门',
  enterprise: '企业',
  supervisor: '监管人员',
}

// CJK characters take two columns in a terminal; padEnd alone would misalign them.
const displayWidth = (text: string) =>
  [...text].reduce((w, c) => w + (/[\u1100-\uffff]/.test(c) ? 2 : 1), 0)
const pad = (text: string, width: number) => text + ' '.repeat(width - displayWidth(text))

/** The demo accounts as a plain-text table: 角色 / 登录手机号 / 密码 / 机构. */
export function formatDemoAccounts(accounts: readonly DemoAccount[]): string {
  const rows = [
    ['角色', '登录手机号', '密码', '机构'],
    ...accounts.map((a) => [roleLabels[a.role], a.login, a.password, a.organisationName ?? '—']),
  ]
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => displayWidth(row[i]!))))
  const line = (row: string[]) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : pad(cell, widths[i]!)))
      .join('  ')
      .trimEnd()
  const rule = widths.map((w) => '-'.repeat(w)).join('  ')
  return [line(rows[0]!), rule, ...rows.slice(1).map(line)].join('\n')
}

/**
 * Writes the accounts to <dir>/demo-accounts.txt (data/ is git-ignored), readable by the
 * owner only: the passwords are random and shown nowhere else. Returns the file's path.
 */
export async function writeDemoAccounts(
  accounts: readonly DemoAccount[],
  dir = process.env.DATA_DIR ?? 'data',
): Promise<string> {
  const folder = path.resolve(process.cwd(), dir)
  await mkdir(folder, { recursive: true })
  const file = path.join(folder, 'demo-accounts.txt')
  const text = [
    '中介超市演示账号（演示数据，密码在生成数据时随机产生）',
    `生成时间：${new Date().toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}（北京时间）`,
    '',
    formatDemoAccounts(accounts),
    '',
  ].join('\n')
  await writeFile(file, text, { mode: 0o600 })
  await chmod(file, 0o600) // mode above applies only when the file is new
  return file
}
