import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { refuseContract, signContract } from '../../models/contract-signing.ts'
import { decideDelivery, submitDelivery } from '../../models/contract-service.ts'
import { blacklistEntries, creditRecords } from '../../models/db/schema-credit.ts'
import { organisations } from '../../models/db/schema.ts'
import { rateContract } from '../../models/evaluations.ts'
import { as, setUpProcedures } from './procedure-fixture.ts'
import { awardedContract } from './contract-fixture.ts'

const world = setUpProcedures(4)

async function standing(agencyId: string) {
  const [row] = await world.handle.db
    .select({
      score: organisations.creditScore,
      grade: organisations.creditGrade,
      blacklistedUntil: organisations.blacklistedUntil,
    })
    .from(organisations)
    .where(eq(organisations.id, agencyId))
  return row!
}

const recordsOf = (agencyId: string) =>
  world.handle.db
    .select({
      rule: creditRecords.rule,
      points: creditRecords.points,
      status: creditRecords.status,
    })
    .from(creditRecords)
    .where(eq(creditRecords.agencyId, agencyId))

describe('credit engine', () => {
  it('scores contract events and evaluations as they happen; the second refusal blacklists', async () => {
    const winner = world.agencies[0]!
    const id = winner.organisationId!
    const first = await awardedContract(world, world.department)
    await signContract(as(world, winner), first.contract.id)
    await signContract(as(world, world.department), first.contract.id)
    await submitDelivery(as(world, winner), first.contract.id, { note: '成果报告', uploadIds: [] })
    await decideDelivery(as(world, world.department), first.contract.id, {
      accept: true,
      reason: '',
    })
    // On time: +1, but the score cannot pass 100.
    expect(await recordsOf(id)).toContainEqual({
      rule: 'completed_on_time',
      points: 1,
      status: 'final',
    })
    expect((await standing(id)).score).toBe(100)

    await rateContract(as(world, world.department), first.contract.id, {
      quality: 2,
      timeliness: 2,
      attitude: 2,
      fees: 2,
      conduct: 2,
    })
    // Average 2 on a 40,000 元 contract: −2.
    expect(await recordsOf(id)).toContainEqual({ rule: 'evaluation', points: -2, status: 'final' })

    const second = await awardedContract(world, world.department)
    await refuseContract(as(world, winner), second.contract.id, '人员不足')
    const afterOne = await standing(id)
    expect(afterOne.blacklistedUntil).toBeNull()
    const third = await awardedContract(world, world.department)
    await refuseContract(as(world, winner), third.contract.id, '仍然人员不足')
    const afterTwo = await standing(id)
    // 100 + 1 − 2 − 5 − 5 = 89 → B (the +1 above 100 still offsets), and on the blacklist.
    expect(afterTwo).toMatchObject({ score: 89, grade: 'B' })
    expect(afterTwo.blacklistedUntil).not.toBeNull()
    const entries = await world.handle.db
      .select()
      .from(blacklistEntries)
      .where(and(eq(blacklistEntries.agencyId, id), eq(blacklistEntries.rule, 'refused_to_sign')))
    expect(entries).toHaveLength(1)
  })
})
