// A small market with every figure of /stats known by hand (see stats.test.ts for the sums).
import { and, eq, sql } from 'drizzle-orm'
import { moveClockTo } from '../../models/clock.ts'
import { decideDelivery, submitDelivery } from '../../models/contract-service.ts'
import { offerToNextRanked, refuseContract, signContract } from '../../models/contract-signing.ts'
import type { Actor } from '../../models/context.ts'
import { contracts } from '../../models/db/schema-contracts.ts'
import { projects } from '../../models/db/schema-procedures.ts'
import { organisations } from '../../models/db/schema.ts'
import { recordBudgetPayment } from '../../models/payments.ts'
import { respondToInvitation } from '../../models/project-evaluation.ts'
import { cancelProject } from '../../models/project-endings.ts'
import { saveProjectDraft } from '../../models/projects.ts'
import {
  as,
  bid,
  passTime,
  type ProcedureWorld,
  projectForm,
  publishedProject,
} from './procedure-fixture.ts'

/** An instant given in Beijing time: '2026-03-02T09:00' or '2026-03-31T23:59:30'. */
export const bj = (local: string) =>
  new Date(`${local.length === 16 ? `${local}:00` : local}+08:00`)

export const CITY = { zhengzhou: '4101', kaifeng: '4102', puyang: '4109' } as const

async function placeIn(world: ProcedureWorld, actor: Actor, city: string | null) {
  await world.handle.db
    .update(organisations)
    .set({ cityCode: city, regionCode: city ? `${city}02` : null })
    .where(eq(organisations.id, actor.organisationId!))
}

const at = (world: ProcedureWorld, local: string) => moveClockTo(world.handle.db, bj(local))

async function projectRow(world: ProcedureWorld, id: string) {
  const [row] = await world.handle.db.select().from(projects).where(eq(projects.id, id))
  return row!
}

async function liveContract(world: ProcedureWorld, projectId: string) {
  const [row] = await world.handle.db
    .select()
    .from(contracts)
    .where(
      and(
        eq(contracts.projectId, projectId),
        sql`${contracts.status} not in ('refused', 'lapsed')`,
      ),
    )
  return row!
}

async function signBoth(world: ProcedureWorld, buyer: Actor, agency: Actor, projectId: string) {
  const contract = await liveContract(world, projectId)
  await signContract(as(world, agency), contract.id)
  await signContract(as(world, buyer), contract.id)
  return contract.id
}

/**
 * The department is in 郑州 (4101), the enterprise in 濮阳 (4109). Agencies: A0 开封 (4102),
 * A1 濮阳, A2 outside Henan, A3 and A4 郑州. All projects are for SI-002.
 *
 * - P1 lowest price, cap 50,000 元: published 3-02 09:00, awarded to A0 at 40,000 on 3-06
 *   10:00, final in March; signed 3-13 10:00, accepted 3-23 10:00, paid 3-25 10:00.
 * - P4 lowest price, one bid: opened 3-06 10:00 and failed.
 * - P5 published and cancelled; P7 a draft.
 * - P2 direct (enterprise → A1), cap 40,000: published 3-16 09:00, accepted at 30,000 on
 *   3-31 23:59:30 Beijing (March), signed 4-02 23:59:30.
 * - P3 direct (enterprise → A2), cap 20,000: published 3-25 09:00, accepted at 10,000 on
 *   4-01 00:00:30 Beijing (April), signed 4-02 12:00:30.
 * - P6 lowest price, cap 25,000: published 4-13 09:00, awarded to A3 at 18,000 on 4-17 10:00,
 *   final in April; A3 refuses, the contract goes to A0 at its 20,000, signed 4-24 10:00:01.
 */
export async function buildStatsWorld(world: ProcedureWorld) {
  const { department: dept, enterprise: ent } = world
  const [a0, a1, a2, a3, a4] = world.agencies as [Actor, Actor, Actor, Actor, Actor]
  await placeIn(world, dept, CITY.zhengzhou)
  await placeIn(world, ent, CITY.puyang)
  await placeIn(world, a0, CITY.kaifeng)
  await placeIn(world, a1, CITY.puyang)
  await placeIn(world, a2, null)
  await placeIn(world, a3, CITY.zhengzhou)
  await placeIn(world, a4, CITY.zhengzhou)

  await at(world, '2026-03-02T09:00')
  const marchDeadline = bj('2026-03-06T10:00')
  const p1 = await publishedProject(world, dept, { budgetCap: 5_000_000, deadline: marchDeadline })
  await bid(world, a0, p1, 40_000)
  await bid(world, a1, p1, 45_000)
  await bid(world, a3, p1, 48_000)
  const p4 = await publishedProject(world, dept, { budgetCap: 3_000_000, deadline: marchDeadline })
  await bid(world, a4, p4, 20_000)
  const p5 = await publishedProject(world, dept, { budgetCap: 3_000_000, deadline: marchDeadline })
  await cancelProject(as(world, dept), p5, '需求变更，暂停采购')
  await saveProjectDraft(as(world, dept), projectForm({ deadline: bj('2026-03-20T10:00') }))

  await passTime(world, marchDeadline)
  await passTime(world, (await projectRow(world, p1)).publicityEndsAt!)
  await at(world, '2026-03-13T10:00')
  await signBoth(world, dept, a0, p1)

  await at(world, '2026-03-16T09:00')
  const p2 = await publishedProject(world, ent, {
    method: 'direct',
    directAgencyId: a1.organisationId!,
    budgetCap: 4_000_000,
    deadline: bj('2026-04-10T10:00'),
  })

  await at(world, '2026-03-23T10:00')
  const p1Contract = await liveContract(world, p1)
  await submitDelivery(as(world, a0), p1Contract.id, { note: '环境影响报告表', uploadIds: [] })
  await decideDelivery(as(world, dept), p1Contract.id, { accept: true, reason: '' })

  await at(world, '2026-03-25T09:00')
  const p3 = await publishedProject(world, ent, {
    method: 'direct',
    directAgencyId: a2.organisationId!,
    budgetCap: 2_000_000,
    deadline: bj('2026-04-10T10:00'),
  })
  await at(world, '2026-03-25T10:00')
  await recordBudgetPayment(as(world, dept), p1Contract.id, {
    target: 'contract',
    budgetLine: '2026-环保-001',
    voucherNumber: 'GK2026001',
    paidOn: '2026-03-25',
    amountFen: 4_000_000,
  })

  await at(world, '2026-03-31T23:59:30')
  await respondToInvitation(as(world, a1), p2, { accept: true, priceFen: 3_000_000 })
  await at(world, '2026-04-01T00:00:30')
  await respondToInvitation(as(world, a2), p3, { accept: true, priceFen: 1_000_000 })
  await at(world, '2026-04-02T12:00:30')
  await signBoth(world, ent, a2, p3)
  await at(world, '2026-04-02T23:59:30')
  await signBoth(world, ent, a1, p2)

  await at(world, '2026-04-13T09:00')
  const aprilDeadline = bj('2026-04-17T10:00')
  const p6 = await publishedProject(world, dept, { budgetCap: 2_500_000, deadline: aprilDeadline })
  await bid(world, a3, p6, 18_000)
  await bid(world, a0, p6, 20_000)
  await bid(world, a4, p6, 24_000)
  await passTime(world, aprilDeadline)
  const publicityEndsAt = (await projectRow(world, p6)).publicityEndsAt!
  if (publicityEndsAt >= bj('2026-04-24T10:00')) throw new Error('P6 publicity ends too late')
  await passTime(world, publicityEndsAt)
  await refuseContract(as(world, a3), (await liveContract(world, p6)).id, '人员已满，无法承接')
  await offerToNextRanked(as(world, dept), p6)
  await moveClockTo(world.handle.db, new Date(bj('2026-04-24T10:00').getTime() + 1000))
  await signBoth(world, dept, a0, p6)

  return { p1, p2, p3, p4, p5, p6 }
}
