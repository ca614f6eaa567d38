import { desc, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { moveClockTo, platformNow } from '../../models/clock.ts'
import { cancelContract, decideExtension, requestExtension } from '../../models/contract-changes.ts'
import { readContractClock } from '../../models/service-clock.ts'
import {
  decideDelivery,
  pauseForOwner,
  resumeService,
  submitDelivery,
} from '../../models/contract-service.ts'
import { creditEvents, deliveries } from '../../models/db/schema-contracts.ts'
import { projectEvents } from '../../models/db/schema-procedures.ts'
import { runProcedureClock } from '../../models/project-scheduler.ts'
import { loadWorkdayCalendar } from '../../models/workday-calendar.ts'
import { as, setUpProcedures } from './procedure-fixture.ts'
import { contractRow, projectStatus, signedContract } from './contract-fixture.ts'

const world = setUpProcedures(4)

async function kindsFor(contractId: string) {
  const rows = await world.handle.db
    .select({ kind: creditEvents.kind })
    .from(creditEvents)
    .where(eq(creditEvents.contractId, contractId))
  return rows.map((r) => r.kind).sort()
}

describe('service, delivery and acceptance', () => {
  it('a pause stops the clock; a returned delivery resumes it; acceptance stops it for good', async () => {
    const { projectId, contract, winner } = await signedContract(world, world.department)
    const db = world.handle.db
    const calendar = await loadWorkdayCalendar(db)
    // Two working days in, the buyer still owes drawings.
    await moveClockTo(db, calendar.addWorkdays(contract.startedAt!, 2))
    await pauseForOwner(as(world, winner), contract.id, '等待业主提供总平面图')
    await expect(pauseForOwner(as(world, winner), contract.id, '再次')).rejects.toThrow(/已处于/)
    await expect(
      submitDelivery(as(world, winner), contract.id, { note: '成果', uploadIds: [] }),
    ).rejects.toThrow(/等待业主/)
    const paused = await readContractClock(
      db,
      await contractRow(world, contract.id),
      await platformNow(db),
    )
    expect(paused).toMatchObject({ paused: true, dueDate: null })
    expect((await contractRow(world, contract.id)).dueDate).toBeNull()

    // Five working days later the buyer provides them: none of those days count.
    await moveClockTo(db, calendar.addWorkdays(await platformNow(db), 5))
    await resumeService(as(world, world.department), contract.id)
    const resumed = await readContractClock(
      db,
      await contractRow(world, contract.id),
      await platformNow(db),
    )
    expect(resumed!.paused).toBe(false)
    expect(resumed!.usedWorkdays).toBe(1)
    expect(resumed!.remainingWorkdays).toBe(14)

    await submitDelivery(as(world, winner), contract.id, { note: '环评报告表初稿', uploadIds: [] })
    expect((await contractRow(world, contract.id)).status).toBe('delivered')
    expect(await projectStatus(world, projectId)).toBe('delivered')
    await expect(
      decideDelivery(as(world, world.department), contract.id, { accept: false, reason: '' }),
    ).rejects.toThrow(/退回理由/)
    await decideDelivery(as(world, world.department), contract.id, {
      accept: false,
      reason: '缺少大气环境影响预测章节',
    })
    expect(await projectStatus(world, projectId)).toBe('contracted')
    await moveClockTo(db, calendar.addWorkdays(await platformNow(db), 1))
    await submitDelivery(as(world, winner), contract.id, { note: '补充后的报告表', uploadIds: [] })
    await expect(
      decideDelivery(as(world, winner), contract.id, { accept: true, reason: '' }),
    ).rejects.toThrow(/采购人/)
    await decideDelivery(as(world, world.department), contract.id, { accept: true, reason: '同意' })

    const accepted = await contractRow(world, contract.id)
    expect(accepted.status).toBe('accepted')
    expect(accepted.paymentDueAt!.getTime() - accepted.acceptedAt!.getTime()).toBe(30 * 86_400_000)
    expect(accepted.evaluationDueAt).not.toBeNull()
    expect(await projectStatus(world, projectId)).toBe('accepted')
    const rounds = await db.select().from(deliveries).where(eq(deliveries.contractId, contract.id))
    expect(rounds.map((r) => [r.round, r.decision]).sort()).toEqual([
      [1, 'returned'],
      [2, 'accepted'],
    ])
    expect(await kindsFor(contract.id)).toEqual(['completed_on_time'])
    const frozen = await readContractClock(db, accepted, new Date(Date.now() + 400 * 86_400_000))
    expect(frozen!.overdue).toBe(false)
  })

  it('reminds both sides three working days before the limit, then records overdue once', async () => {
    const { contract, winner } = await signedContract(world, world.department)
    const db = world.handle.db
    const calendar = await loadWorkdayCalendar(db)
    await moveClockTo(db, calendar.addWorkdays(contract.startedAt!, 12))
    expect((await runProcedureClock(db)).contracts.reminders).toBe(1)
    expect((await runProcedureClock(db)).contracts.reminders).toBe(0)
    await moveClockTo(db, calendar.addWorkdays(contract.startedAt!, 16))
    expect((await runProcedureClock(db)).contracts.overdue).toBe(1)
    expect((await runProcedureClock(db)).contracts.overdue).toBe(0)
    expect(await kindsFor(contract.id)).toEqual(['overdue_delivery'])
    // Overdue: a pause now would stop a clock that has already run out.
    await expect(pauseForOwner(as(world, winner), contract.id, '等待业主提供资料')).rejects.toThrow(
      /服务已超过期限/,
    )
    await submitDelivery(as(world, winner), contract.id, { note: '迟交的成果', uploadIds: [] })
    // Returned after the limit: the public step says how late, never '剩余 -1 个工作日'.
    await decideDelivery(as(world, world.department), contract.id, {
      accept: false,
      reason: '缺少监测点位图',
    })
    const [returned] = await world.handle.db
      .select({ summary: projectEvents.summary })
      .from(projectEvents)
      .where(eq(projectEvents.kind, 'contract.delivery_returned'))
      .orderBy(desc(projectEvents.id))
      .limit(1)
    expect(returned!.summary).toMatch(/已超期 \d+ 个工作日/)
    await submitDelivery(as(world, winner), contract.id, { note: '补交的成果', uploadIds: [] })
    await decideDelivery(as(world, world.department), contract.id, { accept: true, reason: '' })
    expect(await kindsFor(contract.id)).toEqual(['overdue_delivery'])
  })

  it('an extension needs the buyer: declined changes nothing, approved moves the due date', async () => {
    const { contract, winner } = await signedContract(world, world.department)
    const before = (await contractRow(world, contract.id)).dueDate!
    await expect(
      requestExtension(as(world, world.department), contract.id, { workdays: 5, reason: '我方' }),
    ).rejects.toThrow(/承接机构/)
    await requestExtension(as(world, winner), contract.id, {
      workdays: 5,
      reason: '需补充监测数据',
    })
    await expect(
      requestExtension(as(world, winner), contract.id, { workdays: 3, reason: '再申请' }),
    ).rejects.toThrow(/已有/)
    await decideExtension(as(world, world.department), contract.id, {
      approve: false,
      reason: '时间紧',
    })
    expect((await contractRow(world, contract.id)).dueDate).toBe(before)
    await requestExtension(as(world, winner), contract.id, { workdays: 5, reason: '监测点位增加' })
    await decideExtension(as(world, world.department), contract.id, {
      approve: true,
      reason: '同意',
    })
    const extended = await contractRow(world, contract.id)
    expect(extended.extendedWorkdays).toBe(5)
    const calendar = await loadWorkdayCalendar(world.handle.db)
    const asDate = (d: string) => new Date(`${d}T12:00:00+08:00`)
    expect(calendar.workdaysBetween(asDate(before), asDate(extended.dueDate!))).toBe(5)
  })

  it('the buyer may end a contract before acceptance; the project ends cancelled with the reason', async () => {
    const { projectId, contract, winner } = await signedContract(world, world.department)
    await expect(cancelContract(as(world, winner), contract.id, '不想做了')).rejects.toThrow(
      /采购人/,
    )
    await cancelContract(as(world, world.department), contract.id, '项目取消立项')
    expect((await contractRow(world, contract.id)).status).toBe('cancelled')
    expect(await projectStatus(world, projectId)).toBe('cancelled')
    const timeline = await world.handle.db
      .select({ summary: projectEvents.summary })
      .from(projectEvents)
      .where(eq(projectEvents.projectId, projectId))
    expect(timeline.map((e) => e.summary).join('\n')).toContain('项目取消立项')
    await expect(
      submitDelivery(as(world, winner), contract.id, { note: '成果', uploadIds: [] }),
    ).rejects.toThrow(/服务期/)
  })
})
