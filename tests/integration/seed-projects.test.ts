import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq, sql } from 'drizzle-orm'
import { verifyAuditChain } from '../../models/audit.ts'
import { listBlacklist } from '../../models/blacklist-queries.ts'
import { listPublicComplaints } from '../../models/complaint-queries.ts'
import type { DatabaseHandle } from '../../models/db/client.ts'
import { complaints, creditAppeals, creditRecords } from '../../models/db/schema-credit.ts'
import {
  bids,
  clarifications,
  emailOutbox,
  objections,
  platformClock,
  projectEvents,
  projects,
} from '../../models/db/schema-procedures.ts'
import { organisations, users } from '../../models/db/schema.ts'
import { listPublicPlans } from '../../models/inspections-queries.ts'
import { isFindingRule } from '../../models/validation/credit-findings.ts'
import { loadWorkdayCalendar } from '../../models/workday-calendar.ts'
import { planSeedProjects } from '../../seed/projects.ts'
import { type DemoAccount, seedDatabase } from '../../seed/run.ts'
import { createTestDatabase } from '../setup/test-database.ts'

// The default registry's shape at a size that seeds quickly, then the projects run through
// the real procedures on a moved clock.
const counts = { agencies: 300, departments: 3, enterprises: 3 }

let first: DatabaseHandle
let firstAccounts: DemoAccount[]

beforeAll(async () => {
  first = await createTestDatabase()
  firstAccounts = await seedDatabase(first.db, { seed: 42, ...counts })
}, 300_000)
afterAll(() => first?.close())

describe('demo seed: projects', () => {
  const methods = ['direct', 'lottery', 'lowest_price', 'scoring']

  it('runs at least 200 projects through every method and every state the clock can reach', async () => {
    const rows = await first.db.select().from(projects)
    expect(rows.length).toBeGreaterThanOrEqual(200)
    expect([...new Set(rows.map((p) => p.method))].sort()).toEqual(methods)
    const statuses = new Set(rows.map((p) => p.status))
    for (const status of ['draft', 'published', 'opened', 'awarded', 'failed', 'cancelled'])
      expect(statuses, status).toContain(status)
    const awarded = rows.filter((p) => p.status === 'awarded')
    expect(awarded.some((p) => p.awardFinalAt)).toBe(true)
    expect(awarded.some((p) => !p.awardFinalAt)).toBe(true) // still in publicity
    for (const method of methods) {
      const own = rows.filter((p) => p.method === method)
      expect(
        own.some((p) => p.awardFinalAt),
        method,
      ).toBe(true)
      expect(
        own.some((p) => p.status === 'failed'),
        method,
      ).toBe(true)
    }
    expect(rows.filter((p) => p.republishedFrom).length).toBeGreaterThanOrEqual(2)
    for (const p of rows.filter((p) => p.status === 'cancelled')) expect(p.endReason).toBeTruthy()
    expect(rows.some((p) => p.status === 'failed' && p.endReason?.includes('谢绝'))).toBe(true)
    // Budget money is spent by departments only, never directly.
    const kinds = new Map(
      (await first.db.select().from(organisations)).map((o) => [o.id, o.kind] as const),
    )
    for (const p of rows) {
      expect(p.funding, p.title).toBe(kinds.get(p.buyerId) === 'department' ? 'budget' : 'own')
      if (p.method === 'direct') expect(kinds.get(p.buyerId), p.title).toBe('enterprise')
    }
  })

  it('kept the rules: deadlines 2 working days out, prices within cap, every opening on the timeline', async () => {
    const calendar = await loadWorkdayCalendar(first.db)
    const rows = await first.db.select().from(projects)
    for (const p of rows.filter((p) => p.publishedAt))
      expect(+p.deadlineAt, p.title).toBeGreaterThanOrEqual(
        +calendar.addWorkdays(p.publishedAt!, 2),
      )
    const opened = await first.db
      .select({ price: bids.priceFen, cap: projects.budgetCapFen, valid: bids.valid })
      .from(bids)
      .innerJoin(projects, eq(projects.id, bids.projectId))
      .where(sql`${bids.priceFen} is not null`)
    expect(opened.length).toBeGreaterThan(300)
    for (const b of opened) expect(b.price!).toBeLessThanOrEqual(b.cap)
    const events = await first.db
      .select({ kind: projectEvents.kind, n: sql<number>`count(*)::int` })
      .from(projectEvents)
      .groupBy(projectEvents.kind)
    const count = (kind: string) => events.find((e) => e.kind === kind)?.n ?? 0
    expect(count('project.opened')).toBe(rows.filter((p) => p.openedAt).length)
    expect(count('project.published')).toBe(rows.filter((p) => p.publishedAt).length)
    expect(count('bid.explanation_requested')).toBeGreaterThan(0)
    expect(count('project.scored')).toBeGreaterThan(0)
  })

  it('leaves nothing overdue: the procedure clock ran at every deadline and publicity end', async () => {
    const [overdue] = await first.db
      .select({ n: sql<number>`count(*)::int` })
      .from(projects)
      .where(
        sql`(${projects.status} = 'published' and ${projects.deadlineAt} <= now())
          or (${projects.status} = 'awarded' and ${projects.awardFinalAt} is null
            and ${projects.publicityEndsAt} <= now()
            and not exists (select 1 from ${objections} o
              where o.project_id = ${projects.id} and o.closed_at is null))`,
      )
    expect(overdue!.n).toBe(0)
  })

  it('has bids, sign-ups, withdrawals, clarifications and objections, with prices sealed until opening', async () => {
    const rows = await first.db
      .select({ bid: bids, method: projects.method, status: projects.status })
      .from(bids)
      .innerJoin(projects, eq(projects.id, bids.projectId))
    expect(rows.filter((r) => r.method === 'lottery').length).toBeGreaterThan(20)
    expect(rows.some((r) => r.bid.withdrawnAt)).toBe(true)
    const sealed = rows.filter((r) => r.status === 'published' || r.status === 'cancelled')
    expect(sealed.length).toBeGreaterThan(0)
    for (const { bid } of sealed)
      expect([bid.priceFen, bid.salt, bid.valid]).toEqual([null, null, null])
    const questions = await first.db.select().from(clarifications)
    expect(questions.some((q) => q.answeredAt)).toBe(true)
    expect(questions.some((q) => !q.answeredAt)).toBe(true)
    const filed = await first.db.select().from(objections)
    expect(filed.some((o) => o.ruling === 'dismissed')).toBe(true)
    expect(filed.some((o) => o.ruling === 'upheld')).toBe(true)
    expect(filed.some((o) => !o.closedAt)).toBe(true)
  })

  it('gives the demo accounts work to see, keeps the audit chain whole and hands the clock back', async () => {
    const organisationOf = async (login: string) =>
      (await first.db.select().from(users).where(eq(users.phone, login)))[0]!.organisationId!
    const [agency, department] = await Promise.all(
      firstAccounts.slice(0, 2).map((a) => organisationOf(a.login)),
    )
    const own = await first.db.select().from(projects).where(eq(projects.buyerId, department!))
    expect(own.length).toBeGreaterThanOrEqual(5)
    expect(own.some((p) => p.status === 'draft')).toBe(true)
    const demoBids = await first.db.select().from(bids).where(eq(bids.agencyId, agency!))
    expect(demoBids.length).toBeGreaterThan(0)
    expect(await first.db.select().from(platformClock)).toEqual([])
    // The story's mail counts as sent at the time: starting the server must not send it.
    const [unsent] = await first.db
      .select({ n: sql<number>`count(*)::int` })
      .from(emailOutbox)
      .where(sql`${emailOutbox.sentAt} is null`)
    expect(unsent!.n).toBe(0)
    expect((await verifyAuditChain(first.db)).problem).toBeNull()
  })

  it('draws the same projects from the same seed, other ones from another, and fits them all', async () => {
    const logins = firstAccounts.map((a) => a.login)
    const now = new Date()
    const plan = async (seed: number) => {
      const { planned, skipped } = await planSeedProjects(
        first.db,
        { seed, demoLogins: logins },
        now,
      )
      expect(skipped).toEqual([])
      return planned.map(({ run, scenario }) => [scenario, run.draft.title, run.draft.capFen])
    }
    const [a, b, c] = [await plan(42), await plan(42), await plan(43)]
    expect(a.length).toBeGreaterThanOrEqual(200)
    expect(b).toEqual(a)
    expect(c).not.toEqual(a)
  })
})

describe('demo seed: after the award', () => {
  it('carries awards on through contract, delivery, acceptance, payment and evaluation', async () => {
    const rows = await first.db.select({ status: projects.status }).from(projects)
    const statuses = new Set(rows.map((p) => p.status))
    for (const status of ['contracted', 'accepted', 'evaluated'])
      expect(statuses, status).toContain(status)
    const [counts] = await first.db
      .select({
        contracts: sql<number>`(select count(*)::int from contracts)`,
        paid: sql<number>`(select count(*)::int from payments where status = 'paid')`,
        rated: sql<number>`(select count(*)::int from evaluations)`,
      })
      .from(sql`(select 1) as one`)
    expect(counts!.contracts).toBeGreaterThan(40)
    expect(counts!.paid).toBeGreaterThan(5)
    expect(counts!.rated).toBeGreaterThan(5)
    // Every final award has its contract.
    const [stuck] = await first.db
      .select({ n: sql<number>`count(*)::int` })
      .from(projects)
      .where(
        sql`${projects.awardFinalAt} is not null and ${projects.status} = 'awarded'
          and not exists (select 1 from contracts c where c.project_id = ${projects.id})`,
      )
    expect(stuck!.n).toBe(0)
  })
})

describe('demo seed: supervision', () => {
  const demoAgencyId = async () =>
    (await first.db.select().from(users).where(eq(users.phone, firstAccounts[0]!.login)))[0]!
      .organisationId!

  it('has complaints answered either way, one open past its due time and one about a project', async () => {
    const rows = await first.db.select().from(complaints)
    const now = new Date()
    expect(rows.some((c) => c.outcome === 'substantiated')).toBe(true)
    expect(rows.some((c) => c.outcome === 'unsubstantiated')).toBe(true)
    const open = rows.filter((c) => !c.answeredAt)
    expect(open.some((c) => c.answerDueAt < now && c.flaggedOverdueAt)).toBe(true)
    expect(open.some((c) => c.answerDueAt > now && c.targetType === 'project')).toBe(true)
    const shown = await listPublicComplaints(first.db, { outcome: null })
    expect(shown.total).toBe(rows.length - open.length)
    expect(shown.complaints.some((c) => c.recordId)).toBe(true) // the substantiated one's finding
  })

  it('has a finding replied to and confirmed, one pending in its window and an appeal ruled on', async () => {
    const records = await first.db.select().from(creditRecords)
    const confirmed = records.find((r) => r.reply && r.decisionReason)
    expect(confirmed).toMatchObject({ status: 'final', rule: 'complaint_substantiated' })
    expect(records.some((r) => r.status === 'pending' && r.replyDueAt! > new Date())).toBe(true)
    const appeals = await first.db.select().from(creditAppeals)
    expect(appeals.some((a) => a.decidedAt && a.decision === 'dismissed')).toBe(true)
  })

  it('blacklists an agency for false materials, never the demo agency', async () => {
    const list = await listBlacklist(first.db, { tab: 'current', q: '', page: 1 })
    expect(list.entries.length).toBeGreaterThanOrEqual(1)
    expect(list.entries.some((e) => e.rule === 'false_materials')).toBe(true)
    const demo = await demoAgencyId()
    expect(list.entries.map((e) => e.agencyId)).not.toContain(demo)
    const [agency] = await first.db.select().from(organisations).where(eq(organisations.id, demo))
    expect(agency!.blacklistedUntil).toBeNull()
    // Nor is the demo agency complained about or found against: its pages stay as the story left them.
    const against = await first.db
      .select()
      .from(complaints)
      .where(eq(complaints.targetOrganisationId, demo))
    expect(against).toEqual([])
    const findings = (
      await first.db.select().from(creditRecords).where(eq(creditRecords.agencyId, demo))
    ).filter((r) => isFindingRule(r.rule))
    expect(findings).toEqual([])
  })

  it('publishes a drawn 双随机 plan with compliant results and one minor problem', async () => {
    const plans = await listPublicPlans(first.db)
    expect(plans).toHaveLength(1)
    expect(plans[0]).toMatchObject({ status: 'drawn', minor: 1, serious: 0 })
    expect(plans[0]!.compliant).toBeGreaterThanOrEqual(1)
    expect(plans[0]!.recorded).toBeLessThan(plans[0]!.tasks)
  })
})
