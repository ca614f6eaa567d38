import { randomUUID } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { loader as blacklistLoader } from '../../app/routes/blacklist.tsx'
import { signUp } from '../../models/accounts.ts'
import { blacklistBySupervisor, liftBlacklist } from '../../models/blacklist.ts'
import { agencyBlacklistStatus } from '../../models/blacklist-queries.ts'
import { runBlacklistClock } from '../../models/blacklist-clock.ts'
import { moveClockTo, platformNow } from '../../models/clock.ts'
import { addCreditRecord } from '../../models/credit.ts'
import type * as DatabaseClient from '../../models/db/client.ts'
import type { Database } from '../../models/db/client.ts'
import { blacklistEntries, marketExits } from '../../models/db/schema-credit.ts'
import { notifications } from '../../models/db/schema-procedures.ts'
import { auditEvents, organisations } from '../../models/db/schema.ts'
import { inTransaction } from '../../models/db/transaction.ts'
import { listAgencies } from '../../models/directory.ts'
import { readDirectoryQuery } from '../../models/directory-query.ts'
import { ForbiddenError, ValidationError } from '../../models/errors.ts'
import { addMonths } from '../../models/rules/credit-rules.ts'
import { buildSignUp } from '../../seed/factories.ts'
import { ctxFor } from '../setup/test-database.ts'
import { setUpBlacklistWorld } from './blacklist-world.ts'
import { as, bid, publishedProject } from './procedure-fixture.ts'

// The /blacklist loader reads the process-wide database: here, this file's own.
const route = vi.hoisted(() => ({ db: null as Database | null }))
vi.mock('../../models/db/client.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof DatabaseClient>()),
  getDatabase: async () => route.db!,
}))

// Supervisors' decisions, removal from the market (清退), and the public list.
const { world, db, orgOf, supervisor, errorOf, bidOf, organisation, visibility, blacklist } =
  setUpBlacklistWorld()
beforeAll(() => {
  route.db = world.handle.db
})

async function loadBlacklist(query = '') {
  const answer = await blacklistLoader({
    request: new Request(`http://127.0.0.1/blacklist${query}`),
    params: {},
    context: { cspNonce: '', csrfToken: 't', clientIp: '127.0.0.1' },
  })
  return answer
}

describe('exit from the market (清退)', () => {
  it('the second blacklisting exits the agency; its USCC cannot sign up again', async () => {
    const agencyId = orgOf(11)
    // Refusing to sign twice within 12 months: the rule table blacklists for 6 months.
    const now = await platformNow(db())
    for (let n = 0; n < 2; n++)
      await inTransaction(db(), (tx) =>
        addCreditRecord(
          tx,
          {
            agencyId,
            rule: 'refused_to_sign',
            sourceType: 'contract',
            sourceId: randomUUID(),
            summary: '中选后拒绝签订合同',
          },
          now,
        ),
      )
    const [first] = await db()
      .select()
      .from(blacklistEntries)
      .where(eq(blacklistEntries.agencyId, agencyId))
    expect(first).toMatchObject({ rule: 'refused_to_sign' })
    expect(first!.endsAt.getTime()).toBe(addMonths(now, 6).getTime())
    expect((await organisation(agencyId)).exitedAt).toBeNull()

    // Listed already: a further listing must be confirmed as a further breach, not resent.
    const unconfirmed = await errorOf(blacklist(11, '再次拒签并提供虚假说明材料', 3))
    expect((unconfirmed as ValidationError).fieldErrors.again![0]).toMatch(
      /^该机构已在失信名单中，至 .*再次列入会计入清退次数/,
    )
    expect((await organisation(agencyId)).exitedAt).toBeNull()
    expect(
      await db().select().from(blacklistEntries).where(eq(blacklistEntries.agencyId, agencyId)),
    ).toHaveLength(1)
    await blacklist(11, '再次拒签并提供虚假说明材料', 3, true)
    const agency = await organisation(agencyId)
    expect(agency.exitedAt).not.toBeNull()
    const [exit] = await db().select().from(marketExits).where(eq(marketExits.agencyId, agencyId))
    expect(exit).toMatchObject({ uscc: agency.uscc })
    expect(await visibility(agencyId)).toBe(false)

    const again = buildSignUp({ kind: 'agency', uscc: agency.uscc })
    const refused = await errorOf(signUp(ctxFor(world.handle), again))
    expect(refused).toBeInstanceOf(ValidationError)
    expect((refused as ValidationError).fieldErrors.uscc![0]).toMatch(
      /已被清退出市场.*前不能重新注册/,
    )

    const directory = await listAgencies(
      ctxFor(world.handle),
      readDirectoryQuery(new URLSearchParams({ q: agency.name })),
    )
    expect(directory.total).toBe(0)
    const status = await agencyBlacklistStatus(db(), agencyId)
    expect(status.exit).toMatchObject({ reason: expect.stringContaining('第 2 次列入失信名单') })
    // Even once every entry is lifted, an exited agency may not take part.
    for (const e of status.entries)
      await liftBlacklist(supervisor(), { entryId: e.id, reason: '复核后提前移出名单' })
    const id = await publishedProject(world, world.department)
    await expect(bid(world, world.agencies[11]!, id, 40_000)).rejects.toThrow(/清退/)
  })
})

/** Whether the public directory marks the agency 失信 (it is listed either way). */
async function directoryMark(agencyId: string) {
  const [agency] = await db()
    .select({ name: organisations.name })
    .from(organisations)
    .where(eq(organisations.id, agencyId))
  const { entries } = await listAgencies(
    ctxFor(world.handle),
    readDirectoryQuery(new URLSearchParams({ q: agency!.name })),
  )
  return entries.find((e) => e.id === agencyId)?.blacklisted
}

describe('supervisor decisions', () => {
  it('blacklists with a reason and a term, and lifts early: bids and search come back', async () => {
    const ctxOf = (i: number) => as(world, world.agencies[i]!)
    expect(
      await errorOf(
        blacklistBySupervisor(ctxOf(2), { agencyId: orgOf(1), reason: '理由足够长了', months: 3 }),
      ),
    ).toBeInstanceOf(ForbiddenError)
    const short = await errorOf(blacklist(1, '太短', 3))
    expect((short as ValidationError).fieldErrors.reason).toEqual(['列入理由至少 5 个字'])
    const long = await errorOf(blacklist(1, '期限超过上限的决定', 37))
    expect((long as ValidationError).fieldErrors.months).toEqual(['期限最多 36 个月'])

    const id = await publishedProject(world, world.department)
    await bid(world, world.agencies[1]!, id, 40_000)
    const entry = await blacklist(1, '以不正当手段谋取中选，经查属实', 12)
    expect(entry.rule).toBe('supervisor')
    expect((await organisation(orgOf(1))).blacklistedUntil?.getTime()).toBe(entry.endsAt.getTime())
    expect((await bidOf(id, orgOf(1))).setAsideAt).not.toBeNull()
    const [told] = await db()
      .select()
      .from(notifications)
      .where(
        and(
          eq(notifications.organisationId, orgOf(1)),
          eq(notifications.kind, 'credit.blacklisted'),
        ),
      )
    expect(told?.body).toBe('以不正当手段谋取中选，经查属实')
    // The directory keeps listing it, marked 失信 while the term runs.
    expect(await directoryMark(orgOf(1))).toBe(true)

    expect(
      await errorOf(liftBlacklist(ctxOf(1), { entryId: entry.id, reason: '申诉理由成立' })),
    ).toBeInstanceOf(ForbiddenError)
    const lifted = await liftBlacklist(supervisor(), {
      entryId: entry.id,
      reason: '复核认定证据不足，提前移出',
    })
    expect(lifted.blacklistedUntil).toBeNull()
    expect(lifted.bidsRestored).toBe(1)
    expect((await organisation(orgOf(1))).blacklistedUntil).toBeNull()
    expect((await bidOf(id, orgOf(1))).setAsideAt).toBeNull()
    expect(await visibility(orgOf(1))).toBe(true)
    expect(await directoryMark(orgOf(1))).toBe(false)
    const [audit] = await db()
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'organisation.blacklist_lifted'),
          eq(auditEvents.subjectId, orgOf(1)),
        ),
      )
    expect(audit?.actorUserId).toBe(world.supervisor.userId)
    const twice = await errorOf(
      liftBlacklist(supervisor(), { entryId: entry.id, reason: '再次提前移出名单' }),
    )
    expect((twice as ValidationError).fieldErrors.entryId).toEqual(['该记录已提前移出'])
  })

  it('lifting one of two entries keeps the other in force', async () => {
    const short = await blacklist(2, '未按规定公示收费标准', 2)
    const longer = await blacklist(2, '拒绝提供检查所需资料', 4, true)
    // The second entry within the window has also removed it from the market.
    expect((await organisation(orgOf(2))).exitedAt).not.toBeNull()
    const lifted = await liftBlacklist(supervisor(), {
      entryId: longer.id,
      reason: '已补交全部检查资料',
    })
    expect(lifted.blacklistedUntil?.getTime()).toBe(short.endsAt.getTime())
    expect(await visibility(orgOf(2))).toBe(false)
    await liftBlacklist(supervisor(), { entryId: short.id, reason: '已完成整改并公示' })
  })
})

describe('the public page /blacklist', () => {
  it('lists current entries, ended and lifted ones, and exits, filtered by name', async () => {
    // One entry that ran its whole term.
    const served = await blacklist(9, '拒不配合监督检查，经调查属实', 1)
    await moveClockTo(db(), new Date(served.endsAt.getTime() + 86_400_000))
    await runBlacklistClock(db())
    await blacklist(3, '虚构项目业绩，经核查属实', 6)
    const agency3 = await organisation(orgOf(3))
    const current = await loadBlacklist()
    const row = current.entries.find((e) => e.agencyId === orgOf(3))
    expect(row).toMatchObject({
      agencyName: agency3.name,
      ruleName: '监管部门决定',
      reason: '虚构项目业绩，经核查属实',
      liftedAt: null,
    })
    expect(current.counts.current).toBe(current.total)

    const byName = await loadBlacklist(`?q=${encodeURIComponent(agency3.name)}`)
    expect(byName.entries.map((e) => e.agencyId)).toEqual([orgOf(3)])

    const ended = await loadBlacklist('?tab=ended')
    const liftedRow = ended.entries.find((e) => e.agencyId === orgOf(1))
    expect(liftedRow).toMatchObject({ liftReason: '复核认定证据不足，提前移出' })
    expect(ended.entries.some((e) => e.agencyId === orgOf(9) && !e.liftedAt)).toBe(true)

    const exits = await loadBlacklist('?tab=exits')
    expect(exits.exits.map((x) => x.agencyId)).toContain(orgOf(11))
    const rules = await loadBlacklist(
      `?tab=ended&q=${encodeURIComponent((await organisation(orgOf(11))).name)}`,
    )
    expect(rules.entries.map((e) => e.ruleName)).toContain('中选后拒签')
  })
})
