import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { moveClockTo, platformNow } from '../../models/clock.ts'
import type { Actor } from '../../models/context.ts'
import { fileAppeal, ruleAppeal } from '../../models/credit-appeals.ts'
import {
  decideFinding,
  finaliseDueFindings,
  recordFinding,
  replyToFinding,
} from '../../models/credit-findings.ts'
import {
  getAgencyCreditPage,
  listOpenAppeals,
  listPendingFindings,
} from '../../models/credit-queries.ts'
import { blacklistEntries, creditRecords } from '../../models/db/schema-credit.ts'
import { organisations } from '../../models/db/schema.ts'
import { ForbiddenError, ValidationError } from '../../models/errors.ts'
import { addMonths, type CreditRuleCode } from '../../models/rules/credit-rules.ts'
import { loadWorkdayCalendar } from '../../models/workday-calendar.ts'
import { ctxFor } from '../setup/test-database.ts'
import { as, setUpProcedures } from './procedure-fixture.ts'

const world = setUpProcedures(4)
const db = () => world.handle.db

async function standing(agencyId: string) {
  const [row] = await db()
    .select({ score: organisations.creditScore, until: organisations.blacklistedUntil })
    .from(organisations)
    .where(eq(organisations.id, agencyId))
  return row!
}

async function recordRow(id: string) {
  const [row] = await db().select().from(creditRecords).where(eq(creditRecords.id, id))
  return row!
}

const finding = (
  agency: Actor,
  rule: CreditRuleCode,
  summary = '现场检查发现项目档案缺少签字页。',
) => recordFinding(as(world, world.supervisor), { agencyId: agency.organisationId!, rule, summary })

describe('supervisors’ findings and the right of reply', () => {
  it('makes a finding without a reply final after 3 working days, by the database clock', async () => {
    const agency = world.agencies[0]!
    const silent = await finding(agency, 'inspection_minor')
    const replied = await finding(agency, 'inspection_serious', '抽查发现报告结论与监测数据不符。')
    const calendar = await loadWorkdayCalendar(db())
    expect(silent.replyDueAt).toEqual(calendar.addWorkdays(silent.occurredAt, 3))
    expect(silent.status).toBe('pending')
    expect((await standing(agency.organisationId!)).score).toBe(100)
    await replyToFinding(as(world, agency), replied.id, '监测数据已复核，报告结论有依据。')

    await moveClockTo(db(), new Date(silent.replyDueAt!.getTime() - 1000))
    expect(await finaliseDueFindings(db())).toBe(0)
    expect((await recordRow(silent.id)).status).toBe('pending')

    await moveClockTo(db(), new Date(silent.replyDueAt!.getTime() + 1000))
    await expect(replyToFinding(as(world, agency), silent.id, '逾期的陈述意见。')).rejects.toThrow(
      /期限已过/,
    )
    // Two clocks at once: the row lock and the re-check count it exactly once.
    const runs = await Promise.all([finaliseDueFindings(db()), finaliseDueFindings(db())])
    expect(runs[0]! + runs[1]!).toBe(1)
    expect(await recordRow(silent.id)).toMatchObject({ status: 'final' })
    expect((await standing(agency.organisationId!)).score).toBe(98)
    // The replied one waits for a supervisor.
    expect((await recordRow(replied.id)).status).toBe('pending')
    const pending = await listPendingFindings(as(world, world.supervisor))
    expect(pending.find((p) => p.id === replied.id)).toMatchObject({ why: 'awaiting decision' })
    expect(pending.map((p) => p.id)).not.toContain(silent.id)
    expect(await finaliseDueFindings(db())).toBe(0)

    const page = await getAgencyCreditPage(ctxFor(world.handle, null), agency.organisationId!)
    expect(page.score).toBe(98)
    expect(page.records.find((r) => r.id === silent.id)).toMatchObject({
      why: 'counted',
      counted: -2,
      reply: null,
    })
    expect(page.records.find((r) => r.id === replied.id)).toMatchObject({
      why: 'awaiting decision',
      counted: 0,
      canDecide: false,
    })
  })

  it('keeps a withdrawn finding visible and counts nothing for it', async () => {
    const agency = world.agencies[1]!
    const record = await finding(agency, 'inspection_serious')
    await expect(
      decideFinding(as(world, world.department), record.id, { confirm: false, reason: '撤回。' }),
    ).rejects.toBeInstanceOf(ForbiddenError)
    await decideFinding(as(world, world.supervisor), record.id, {
      confirm: false,
      reason: '复核后确认问题系检查人员误读材料。',
    })
    expect(await recordRow(record.id)).toMatchObject({
      status: 'withdrawn',
      endReason: '复核后确认问题系检查人员误读材料。',
      endedBy: world.supervisor.userId,
    })
    await expect(
      decideFinding(as(world, world.supervisor), record.id, { confirm: true, reason: '再改。' }),
    ).rejects.toThrow(/已处理/)
    await expect(
      replyToFinding(as(world, agency), record.id, '对已撤回认定的意见。'),
    ).rejects.toBeInstanceOf(ValidationError)
    await expect(
      fileAppeal(as(world, agency), record.id, { grounds: '对已撤回的认定提出申诉。' }),
    ).rejects.toBeInstanceOf(ValidationError)
    expect((await standing(agency.organisationId!)).score).toBe(100)
    const page = await getAgencyCreditPage(ctxFor(world.handle, null), agency.organisationId!)
    expect(page.score).toBe(100)
    expect(page.records).toEqual([
      expect.objectContaining({ id: record.id, why: 'withdrawn', counted: 0 }),
    ])
  })

  it('reverses the points and lifts the blacklisting when an appeal is upheld', async () => {
    const agency = world.agencies[2]!
    const other = world.agencies[3]!
    const agencyId = agency.organisationId!
    // An older entry by a supervisor's own decision, still in force for 18 months: it stays.
    const now = await platformNow(db())
    const olderEnd = addMonths(now, 18)
    await db()
      .insert(blacklistEntries)
      .values({
        agencyId,
        rule: 'supervisor',
        reason: '此前的监管决定',
        startsAt: addMonths(now, -40),
        endsAt: olderEnd,
      })
    await db()
      .update(organisations)
      .set({ blacklistedUntil: olderEnd })
      .where(eq(organisations.id, agencyId))
    await expect(
      recordFinding(as(world, agency), { agencyId, rule: 'false_materials', summary: '自查。' }),
    ).rejects.toBeInstanceOf(ForbiddenError)

    const record = await finding(agency, 'false_materials', '投标材料中的业绩合同经核实系伪造。')
    await expect(
      replyToFinding(as(world, other), record.id, '代为陈述意见。'),
    ).rejects.toBeInstanceOf(ForbiddenError)
    await replyToFinding(as(world, agency), record.id, '该合同真实存在，可向委托方核实。')
    await decideFinding(as(world, world.supervisor), record.id, {
      confirm: true,
      reason: '委托方书面否认签订过该合同。',
    })
    const [entry] = await db()
      .select()
      .from(blacklistEntries)
      .where(eq(blacklistEntries.recordId, record.id))
    expect(entry).toMatchObject({ rule: 'false_materials', liftedAt: null })
    // 12 months from now: the older entry (18 months) still sets the end.
    expect(entry!.endsAt.getTime()).toBeLessThan(olderEnd.getTime())
    expect(await standing(agencyId)).toMatchObject({ score: 80, until: olderEnd })
    // The false-materials entry (12 months) ends before the older one; make it the later one.
    const laterEnd = addMonths(now, 30)
    await db()
      .update(blacklistEntries)
      .set({ endsAt: laterEnd })
      .where(eq(blacklistEntries.id, entry!.id))
    await db()
      .update(organisations)
      .set({ blacklistedUntil: laterEnd })
      .where(eq(organisations.id, agencyId))

    const grounds = '委托方经办人已离职，新出具的证明确认合同真实，附证明。'
    await expect(fileAppeal(as(world, other), record.id, { grounds })).rejects.toBeInstanceOf(
      ForbiddenError,
    )
    const dismissedAppeal = await fileAppeal(as(world, agency), record.id, { grounds })
    await expect(fileAppeal(as(world, agency), record.id, { grounds })).rejects.toThrow(/待裁决/)
    await ruleAppeal(as(world, world.supervisor), dismissedAppeal.id, {
      upheld: false,
      reason: '证明未加盖公章，不予采信。',
    })
    expect((await standing(agencyId)).score).toBe(80)

    const appeal = await fileAppeal(as(world, agency), record.id, { grounds })
    expect((await listOpenAppeals(as(world, world.supervisor))).map((a) => a.id)).toEqual([
      appeal.id,
    ])
    await expect(
      ruleAppeal(as(world, world.department), appeal.id, { upheld: true, reason: '成立。' }),
    ).rejects.toBeInstanceOf(ForbiddenError)
    await expect(
      ruleAppeal(as(world, agency), appeal.id, { upheld: true, reason: '成立。' }),
    ).rejects.toBeInstanceOf(ForbiddenError)
    await ruleAppeal(as(world, world.supervisor), appeal.id, {
      upheld: true,
      reason: '委托方盖章证明合同真实，原认定有误。',
    })
    await expect(
      ruleAppeal(as(world, world.supervisor), appeal.id, { upheld: false, reason: '再裁。' }),
    ).rejects.toThrow(/已裁决/)

    expect(await recordRow(record.id)).toMatchObject({
      status: 'reversed',
      endReason: '委托方盖章证明合同真实，原认定有误。',
      endedBy: world.supervisor.userId,
    })
    const [lifted] = await db()
      .select()
      .from(blacklistEntries)
      .where(eq(blacklistEntries.id, entry!.id))
    expect(lifted!.liftedAt).not.toBeNull()
    expect(lifted!.liftReason).toMatch(/申诉成立/)
    // Back to 100 points, and only the older entry still bars it.
    expect(await standing(agencyId)).toMatchObject({ score: 100, until: olderEnd })

    const page = await getAgencyCreditPage(ctxFor(world.handle, null), agencyId)
    expect(page.score).toBe(100)
    expect(page.viewer).toBe('public')
    const shown = page.records.find((r) => r.id === record.id)!
    expect(shown).toMatchObject({
      status: 'reversed',
      why: 'reversed',
      counted: 0,
      canAppeal: false,
    })
    expect(shown.appeals.map((a) => a.decision)).toEqual(['dismissed', 'upheld'])
    expect(page.blacklist.find((e) => e.id === entry!.id)).toMatchObject({ active: false })
    expect(page.blacklist.find((e) => e.rule === 'supervisor')).toMatchObject({ active: true })
    await expect(fileAppeal(as(world, agency), record.id, { grounds })).rejects.toThrow(/不计分/)
  })

  it('lets only the agency itself reply or appeal, and shows each viewer what it may do', async () => {
    const agency = world.agencies[3]!
    const record = await finding(agency, 'inspection_minor')
    const own = await getAgencyCreditPage(as(world, agency), agency.organisationId!)
    expect(own.records[0]).toMatchObject({ id: record.id, canReply: true, canDecide: false })
    const stranger = await getAgencyCreditPage(
      as(world, world.agencies[0]!),
      agency.organisationId!,
    )
    expect(stranger.records[0]).toMatchObject({ canReply: false, canAppeal: false })
    const supervisor = await getAgencyCreditPage(
      as(world, world.supervisor),
      agency.organisationId!,
    )
    expect(supervisor.records[0]).toMatchObject({ canDecide: true, canReply: false })
    await expect(
      replyToFinding(as(world, world.enterprise), record.id, '企业代为陈述。'),
    ).rejects.toBeInstanceOf(ForbiddenError)
    await expect(
      getAgencyCreditPage(ctxFor(world.handle, null), world.department.organisationId!),
    ).rejects.toThrow(/不存在/)
  })
})
