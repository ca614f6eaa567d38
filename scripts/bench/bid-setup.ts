/**
 * Setup for bench:bids, by direct database access: a fresh database, 500 agencies offering
 * SI-002 written in bulk as the seed writes its registry (one shared password hash: nobody
 * signs in by password), a session per agency started by the real session model, a verified
 * department, and a lowest-price project published on a moved clock so that its deadline
 * is a few seconds ahead in real time.
 */
import { randomBytes } from 'node:crypto'
import { createCookie } from '@remix-run/node'
import { like } from 'drizzle-orm'
import pg from 'pg'
import { createSupervisor } from '../../models/accounts.ts'
import { moveClockTo, platformNow, resetClock } from '../../models/clock.ts'
import type { Actor } from '../../models/context.ts'
import type { Database } from '../../models/db/client.ts'
import { users } from '../../models/db/schema.ts'
import { hashPassword } from '../../models/passwords.ts'
import { publishProject, saveProjectDraft } from '../../models/projects.ts'
import { startSession } from '../../models/sessions.ts'
import { loadWorkdayCalendar } from '../../models/workday-calendar.ts'
import { fakeUscc } from '../../seed/factories.ts'
import type { OrganisationDraft } from '../../seed/registry-agency.ts'
import { orderedUuid } from '../../seed/registry-ids.ts'
import { writeDrafts } from '../../seed/registry-write.ts'

/** SI-002 环境影响报告表编制: no qualification required, 30 working days. */
export const BENCH_ITEM = 'SI-002'
export const BUDGET_CAP_FEN = 50_000_000 // 500,000 元
const DAY_MS = 86_400_000

/** Drops and recreates the database the URL names; only zjcs_bench* names are touched. */
export async function recreateDatabase(url: string) {
  const name = decodeURIComponent(new URL(url).pathname.slice(1))
  if (!/^zjcs_bench[a-z0-9_]*$/.test(name))
    throw new Error(`bench:bids 只会删除并重建名为 zjcs_bench… 的数据库，而不是「${name}」`)
  const admin = new URL(url)
  admin.pathname = '/postgres'
  const client = new pg.Client({ connectionString: admin.toString() })
  await client.connect()
  try {
    await client.query(`drop database if exists ${name} with (force)`)
    await client.query(`create database ${name}`)
  } finally {
    await client.end()
  }
}

export interface Bidder {
  index: number
  agencyId: string
  userId: string
  /** `zjcs_session=…` as the browser would send it. */
  sessionCookie: string
}

const usedUscc = new Set<string>()
function uniqueUscc(authority: string) {
  for (;;) {
    const uscc = fakeUscc(undefined, authority, '1')
    if (!usedUscc.has(uscc)) return (usedUscc.add(uscc), uscc)
  }
}

// A run-specific prefix keeps phones apart from other runs sharing a database (--url).
const phonePrefix = `19${randomBytes(2).readUInt16BE() % 100}`.padEnd(4, '0')
const phoneOf = (n: number) => `${phonePrefix}${String(n).padStart(7, '0')}`

function organisationDraft(
  kind: 'agency' | 'department',
  name: string,
  phone: string,
  now: Date,
  supervisorId: string,
): OrganisationDraft {
  const id = orderedUuid()
  const agency = kind === 'agency'
  return {
    organisation: {
      id,
      kind,
      name,
      uscc: uniqueUscc(agency ? '9' : '1'),
      regionCode: '410902',
      cityCode: '4109',
      contactName: '测试联系人',
      contactPhone: phone,
      activeOfferingCount: agency ? 1 : 0,
      verifiedAt: agency ? null : now,
      createdAt: now,
    },
    users: [{ name: agency ? '报价员' : '采购经办人', phone }],
    qualifications: [],
    practitioners: [],
    offerings: agency
      ? [
          {
            agencyId: id,
            serviceItemCode: BENCH_ITEM,
            feeKind: 'range',
            feeMinFen: 100_000,
            feeMaxFen: BUDGET_CAP_FEN,
            timeLimitDays: 30,
            createdAt: now,
            updatedAt: now,
          },
        ]
      : [],
    cases: [],
    supervision: agency
      ? []
      : [{ organisationId: id, kind: 'verified', reason: '压测用采购单位。', supervisorId }],
  }
}

const sessionCookie = createCookie('zjcs_session', { path: '/', sameSite: 'lax', httpOnly: true })

/** The Cookie header value for a raw session id, encoded as the app's cookie encodes it. */
async function cookiePair(sessionId: string) {
  const header = await sessionCookie.serialize(sessionId)
  return header.split(';')[0]!
}

/** Runs `work` over `items`, `width` at a time. */
async function eachLimited<T>(
  items: readonly T[],
  width: number,
  work: (item: T) => Promise<void>,
) {
  let next = 0
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++]!)
    }),
  )
}

export interface BenchWorld {
  buyer: Actor
  bidders: Bidder[]
}

/** The agencies with a signed-in session each, and a verified department. */
export async function createBenchWorld(db: Database, agencyCount: number): Promise<BenchWorld> {
  const now = new Date()
  const supervisor = await createSupervisor(
    db,
    { name: '压测监管员', phone: phoneOf(0), password: randomBytes(12).toString('base64url') },
    null,
  )
  // One hash for all: these accounts are signed in by session rows, never by password.
  const hash = await hashPassword(randomBytes(12).toString('base64url'))
  const agencies = Array.from({ length: agencyCount }, (_, i) =>
    organisationDraft(
      'agency',
      `压测${i + 1}号工程咨询有限公司`,
      phoneOf(i + 2),
      now,
      supervisor.id,
    ),
  )
  const department = organisationDraft(
    'department',
    '压测市生态环境局',
    phoneOf(1),
    now,
    supervisor.id,
  )
  const batch = { supervisorId: supervisor.id, passwordHash: () => hash }
  await writeDrafts(db, agencies, { ...batch, kind: 'agency', from: 1, to: agencyCount })
  await writeDrafts(db, [department], { ...batch, kind: 'department', from: 1, to: 1 })

  const rows = await db
    .select({ id: users.id, organisationId: users.organisationId })
    .from(users)
    .where(like(users.phone, `${phonePrefix}%`))
  const userByOrg = new Map(rows.map((r) => [r.organisationId, r]))
  const bidders: Bidder[] = agencies.map((draft, index) => ({
    index,
    agencyId: draft.organisation.id!,
    userId: userByOrg.get(draft.organisation.id!)!.id,
    sessionCookie: '',
  }))
  await eachLimited(bidders, 8, async (bidder) => {
    const session = await startSession(db, bidder.userId)
    bidder.sessionCookie = await cookiePair(session.id)
  })
  const buyerOrg = department.organisation
  return {
    bidders,
    buyer: {
      userId: userByOrg.get(buyerOrg.id!)!.id,
      role: 'department',
      name: department.users[0]!.name,
      organisationId: buyerOrg.id!,
      organisationName: buyerOrg.name,
    },
  }
}

/**
 * Publishes a lowest-price project whose deadline is `deadline` (real time). Publication
 * needs 2 working days before the deadline, so it happens on a clock moved back to a day
 * that leaves them; the clock is reset at once.
 */
export async function publishBenchProject(db: Database, buyer: Actor, deadline: Date) {
  const calendar = await loadWorkdayCalendar(db)
  // A minute short of whole days: publishing reads the clock a moment after it is moved, so a
  // deadline exactly 2 working days later (a Monday's, from a Thursday) would already be late.
  let publishAt = new Date(deadline.getTime() - 3 * DAY_MS - 60_000)
  while (calendar.addWorkdays(publishAt, 2) > deadline)
    publishAt = new Date(publishAt.getTime() - DAY_MS)
  const ctx = { db, actor: buyer }
  try {
    await moveClockTo(db, publishAt)
    const id = await saveProjectDraft(ctx, {
      serviceItemCode: BENCH_ITEM,
      title: '压测：产业园区建设项目环境影响报告表编制',
      scope: '编制建设项目环境影响报告表并配合审批部门完成技术审查。',
      regionCode: '410902',
      location: '濮阳市华龙区',
      budgetCap: BUDGET_CAP_FEN,
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
  } finally {
    await resetClock(db)
  }
}

/**
 * The platform clock's offset from this process's clock (platform − local, ms) and how
 * sure we are of it (half the best round trip of five readings).
 */
export async function measureClockOffset(db: Database) {
  let best = { offset: 0, uncertainty: Infinity }
  for (let i = 0; i < 5; i++) {
    const before = Date.now()
    const platform = (await platformNow(db)).getTime()
    const after = Date.now()
    const uncertainty = (after - before) / 2 + 1 // + 1: the ms resolution of Date
    if (uncertainty < best.uncertainty)
      best = { offset: platform - (before + after) / 2, uncertainty }
  }
  return best
}
