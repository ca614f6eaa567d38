/**
 * Setup for bench:http: the 100,000-agency database (made and seeded the way the README's
 * search bench makes it, if it is missing or empty) and the sample ids the benched pages use.
 */
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import pg from 'pg'
import type { Actor } from '../../models/context.ts'
import type { Database, DatabaseHandle } from '../../models/db/client.ts'
import { platformNow } from '../../models/clock.ts'
import { publishProject, saveProjectDraft } from '../../models/projects.ts'
import { loadWorkdayCalendar } from '../../models/workday-calendar.ts'
import { demoSeedState, isDatabaseEmpty } from '../../seed/run.ts'

export const BENCH_AGENCIES = 100_000

/** The databases this bench may create, seed or add a project to. */
export const isBenchDatabase = (url: string) =>
  /^zjcs_bench[a-z0-9_]*$/.test(decodeURIComponent(new URL(url).pathname.slice(1)))

/** Creates the database if it does not exist; never drops one. Returns true if it made it. */
async function createIfMissing(url: string): Promise<boolean> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1))
  const admin = new URL(url)
  admin.pathname = '/postgres'
  const client = new pg.Client({ connectionString: admin.toString() })
  await client.connect()
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name])
    if (rowCount) return false
    if (!isBenchDatabase(url))
      throw new Error(`数据库「${name}」不存在；bench:http 只会自动创建名为 zjcs_bench… 的数据库`)
    await client.query(`create database ${name}`)
    return true
  } finally {
    await client.end()
  }
}

/**
 * The registry the pages are measured on: if the database is missing it is created, and if
 * it is empty it is seeded with `npm run seed -- --agencies 100000` (several minutes).
 */
export async function ensureSeededDatabase(url: string, handle: DatabaseHandle) {
  if (await createIfMissing(url)) console.error(`已创建数据库 ${new URL(url).pathname.slice(1)}`)
  await handle.migrate()
  const db = handle.db
  const unfinished = (await demoSeedState(db)) === 'unfinished'
  if (!unfinished && !(await isDatabaseEmpty(db))) return db
  if (!isBenchDatabase(url))
    throw new Error('数据库为空；bench:http 只会为名为 zjcs_bench… 的数据库生成演示数据')
  console.error(
    `${unfinished ? '上次生成未完成' : '数据库为空'}：生成 ${BENCH_AGENCIES} 家机构的演示数据（需几分钟）…`,
  )
  const result = spawnSync(
    path.join(process.cwd(), 'node_modules', '.bin', 'tsx'),
    ['scripts/seed.ts', '--agencies', String(BENCH_AGENCIES)],
    { stdio: ['ignore', 2, 2], env: { ...process.env, DATABASE_URL: url } },
  )
  if (result.status !== 0) throw new Error('生成演示数据失败')
  return db
}

export interface Samples {
  /** The catalogue item with the most active offerings. */
  itemCode: string
  /** The city with the most agencies offering that item (organisations.city_code). */
  cityCode: string
  /** A listed agency with the fullest profile: offerings, qualifications, practitioners. */
  agencyId: string
  /** The published project with the most bids; null if none (see publishBenchProject). */
  projectId: string | null
}

const one = async <T>(db: Database, query: ReturnType<typeof sql>) =>
  ((await db.execute(query)) as unknown as { rows: T[] }).rows[0]

export async function pickSamples(db: Database): Promise<Samples> {
  const item = await one<{ code: string }>(
    db,
    sql`select service_item_code as code from offerings where paused_at is null
        group by 1 order by count(*) desc, 1 limit 1`,
  )
  if (!item) throw new Error('数据库中没有服务报价')
  const city = await one<{ code: string }>(
    db,
    sql`select o.city_code as code from offerings f join organisations o on o.id = f.agency_id
        where f.service_item_code = ${item.code} and f.paused_at is null and o.city_code is not null
        group by 1 order by count(*) desc, 1 limit 1`,
  )
  const agency = await one<{ id: string }>(
    db,
    sql`select o.id from organisations o
        where o.kind = 'agency' and o.suspended_at is null and o.exited_at is null
        order by o.active_offering_count
                 + (select count(*) from qualifications q where q.agency_id = o.id)
                 + (select count(*) from practitioners p where p.agency_id = o.id)
                 + (select count(*) from evaluations e where e.agency_id = o.id) desc, o.id
        limit 1`,
  )
  if (!agency) throw new Error('数据库中没有可展示的中介机构')
  const project = await one<{ id: string }>(
    db,
    sql`select p.id from projects p where p.status = 'published'
        order by (select count(*) from bids b where b.project_id = p.id) desc, p.id limit 1`,
  )
  return {
    itemCode: item.code,
    cityCode: city?.code ?? '4101',
    agencyId: agency.id,
    projectId: project?.id ?? null,
  }
}

/**
 * A registry seeded before the demo projects existed has none: one lowest-price project is
 * published through the model by a verified department of the seed, on the real clock, with
 * a deadline ten working days ahead. Its title says what it is.
 */
export async function publishBenchProject(db: Database, itemCode: string): Promise<string> {
  const buyer = await one<{ user_id: string; org_id: string; name: string; org_name: string }>(
    db,
    sql`select u.id as user_id, o.id as org_id, u.name, o.name as org_name
        from organisations o join users u on u.organisation_id = o.id
        where o.kind = 'department' and o.verified_at is not null and o.suspended_at is null
          and u.role = 'department'
        order by o.id, u.id limit 1`,
  )
  if (!buyer) throw new Error('数据库中没有已核验的政府部门，无法发布压测项目')
  const actor: Actor = {
    userId: buyer.user_id,
    role: 'department',
    name: buyer.name,
    organisationId: buyer.org_id,
    organisationName: buyer.org_name,
  }
  const calendar = await loadWorkdayCalendar(db)
  const deadline = calendar.addWorkdays(await platformNow(db), 10)
  const ctx = { db, actor }
  const id = await saveProjectDraft(ctx, {
    serviceItemCode: itemCode,
    title: '压测：产业园区建设项目技术服务（性能测试用）',
    scope: '性能测试用项目：编制相关技术文件并配合主管部门完成审查。',
    regionCode: '410102',
    location: '郑州市中原区',
    budgetCap: 30_000_000,
    funding: 'budget',
    method: 'lowest_price',
    deadline,
    publicityWorkdays: 3,
    weightPrice: null,
    weightQuality: null,
    weightCredit: null,
    abnormalLowPercent: 70,
    directAgencyId: undefined,
  })
  await publishProject(ctx, id)
  return id
}
