import { describe, expect, it } from 'vitest'
import { decideDelivery, submitDelivery } from '../../models/contract-service.ts'
import { eq } from 'drizzle-orm'
import { signUp } from '../../models/accounts.ts'
import { recordFinding } from '../../models/credit-findings.ts'
import { users } from '../../models/db/schema.ts'
import { getMyWorkQueue } from '../../models/work-queue.ts'
import { buildSignUp } from '../../seed/factories.ts'
import { ctxFor } from '../setup/test-database.ts'
import { sortByUrgency } from '../../models/rules/work-queue.ts'
import { as, setUpProcedures } from './procedure-fixture.ts'
import { awardedContract, signedContract } from './contract-fixture.ts'

const world = setUpProcedures(4)
const kinds = async (actor: Parameters<typeof as>[1]) =>
  (await getMyWorkQueue(as(world, actor))).items.map((i) => i.kind)

describe('work page', () => {
  it('shows each side what waits on it as the contract moves on, and the money outstanding', async () => {
    const { contract: awarded, winner } = await awardedContract(world, world.department)
    expect(await kinds(winner)).toContain('签订合同')
    expect(await kinds(world.department)).toContain('签订合同')

    const { contract } = await signedContract(world, world.department)
    expect(await kinds(winner)).toContain('交付成果')
    expect(await kinds(world.department)).not.toContain('验收成果')

    await submitDelivery(as(world, winner), contract.id, { note: '成果报告', uploadIds: [] })
    expect(await kinds(world.department)).toContain('验收成果')
    await decideDelivery(as(world, world.department), contract.id, { accept: true, reason: '' })
    const buyer = await getMyWorkQueue(as(world, world.department))
    expect(buyer.items.map((i) => i.kind)).toEqual(
      expect.arrayContaining(['支付合同款', '评价服务']),
    )
    expect(buyer.money.outstandingFen).toBe(contract.amountFen)
    const agency = await getMyWorkQueue(as(world, winner))
    expect(agency.items.map((i) => i.kind)).toContain('待收合同款')
    // The first contract lapsed while the second project ran: it leaves the page.
    expect(agency.contracts.map((c) => c.id)).toEqual([contract.id])
    expect(awarded.id).not.toBe(contract.id)
    // Another agency sees none of it, only its own unfinished profile.
    expect(await kinds(world.agencies[3]!)).toEqual(['完善机构资料'])
  })

  it('tells a new agency its first steps, and an agency a finding it may answer', async () => {
    const { user } = await signUp(ctxFor(world.handle), buildSignUp({ kind: 'agency' }))
    const [newcomer] = await world.handle.db
      .select({ organisationId: users.organisationId })
      .from(users)
      .where(eq(users.id, user.id))
    const fresh = { ...world.agencies[0]!, userId: user.id, ...newcomer! }
    expect(await kinds(fresh)).toEqual(['完善机构资料', '发布服务'])

    const agency = world.agencies[2]!
    await recordFinding(as(world, world.supervisor), {
      agencyId: agency.organisationId!,
      rule: 'false_materials',
      summary: '报告所附监测数据系伪造',
    })
    const queue = await getMyWorkQueue(as(world, agency))
    expect(queue.items.find((i) => i.kind === '陈述意见')).toMatchObject({
      title: '报告所附监测数据系伪造',
      link: `/agencies/${agency.organisationId}/credit`,
      dueAt: expect.any(Date),
    })
  })

  it('orders overdue first, then the nearest deadlines', () => {
    const now = new Date('2026-11-26T02:00:00Z')
    const item = (kind: string, dueAt: Date | null) => ({
      kind,
      title: '',
      detail: '',
      dueAt,
      link: '/',
    })
    const sorted = sortByUrgency(
      [
        item('later', new Date('2026-12-20T00:00:00Z')),
        item('soon', new Date('2026-11-27T00:00:00Z')),
        item('overdue', new Date('2026-11-20T00:00:00Z')),
        item('review', null),
      ],
      now,
    )
    expect(sorted.map((i) => [i.kind, i.urgency])).toEqual([
      ['overdue', 'overdue'],
      ['review', 'soon'],
      ['soon', 'soon'],
      ['later', 'later'],
    ])
  })
})
