import { desc, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { answerProjectList } from '../../app/project-api.server.ts'
import { moveClockTo } from '../../models/clock.ts'
import {
  offerToNextRanked,
  refuseContract,
  rerunAfterRefusal,
  setMilestones,
  signContract,
} from '../../models/contract-signing.ts'
import { projectSigningHistory } from '../../models/contract-public.ts'
import { contractMilestones, contracts, creditEvents } from '../../models/db/schema-contracts.ts'
import { ocdsReleases } from '../../models/db/schema-ocds.ts'
import { notifications } from '../../models/db/schema-procedures.ts'
import { getPublicProject } from '../../models/project-public.ts'
import { getProject, listMyBids } from '../../models/project-queries.ts'
import { runProcedureClock } from '../../models/project-scheduler.ts'
import { as, setUpProcedures } from './procedure-fixture.ts'
import { awardedContract, contractRow, projectStatus } from './contract-fixture.ts'

const world = setUpProcedures(8)

async function creditKinds(organisationId: string) {
  const rows = await world.handle.db
    .select({ kind: creditEvents.kind, contractId: creditEvents.contractId })
    .from(creditEvents)
    .where(eq(creditEvents.organisationId, organisationId))
  return rows
}

describe('contract signing', () => {
  it('draws up the winner contract when the award becomes final; both signatures start the clock', async () => {
    const { projectId, contract, winner } = await awardedContract(world, world.department)
    expect(contract.status).toBe('signing')
    expect(contract.agencyId).toBe(winner.organisationId)
    expect(contract.amountFen).toBe(4_000_000)
    expect(contract.timeLimitWorkdays).toBe(15)
    expect(contract.number).toMatch(/^ZJHT-\d{6}-[0-9A-F]{8}$/)
    await signContract(as(world, winner), contract.id)
    expect((await contractRow(world, contract.id)).status).toBe('signing')
    await expect(signContract(as(world, winner), contract.id)).rejects.toThrow(/已签字/)
    await signContract(as(world, world.department), contract.id)
    const signed = await contractRow(world, contract.id)
    expect(signed.status).toBe('in_service')
    expect(signed.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(await projectStatus(world, projectId)).toBe('contracted')
  })

  it('only the parties sign; another agency or buyer is refused', async () => {
    const { contract } = await awardedContract(world, world.department)
    await expect(signContract(as(world, world.agencies[1]!), contract.id)).rejects.toThrow(/只有/)
    await expect(signContract(as(world, world.enterprise), contract.id)).rejects.toThrow(/只有/)
    await expect(signContract(as(world, world.supervisor), contract.id)).rejects.toThrow()
    expect((await contractRow(world, contract.id)).buyerSignedAt).toBeNull()
  })

  it('milestones split the amount exactly and freeze at the first signature', async () => {
    const { contract, winner } = await awardedContract(world, world.department)
    await expect(
      setMilestones(as(world, world.department), contract.id, [{ name: '签订', percent: 40 }]),
    ).rejects.toThrow(/100%/)
    await expect(
      setMilestones(as(world, winner), contract.id, [{ name: '全部', percent: 100 }]),
    ).rejects.toThrow(/采购人/)
    await setMilestones(as(world, world.department), contract.id, [
      { name: '合同签订', percent: 30 },
      { name: '成果验收', percent: 70 },
    ])
    const rows = await world.handle.db
      .select()
      .from(contractMilestones)
      .where(eq(contractMilestones.contractId, contract.id))
    expect(rows.map((r) => r.amountFen).sort()).toEqual([1_200_000, 2_800_000])
    await signContract(as(world, winner), contract.id)
    await expect(
      setMilestones(as(world, world.department), contract.id, [{ name: '全部', percent: 100 }]),
    ).rejects.toThrow(/签字/)
  })

  it('a refusal is a credit event; the buyer offers the next-ranked agency at its own price', async () => {
    const { projectId, contract, winner, runnerUp } = await awardedContract(world, world.department)
    await expect(offerToNextRanked(as(world, world.department), projectId)).rejects.toThrow(/已有/)
    await refuseContract(as(world, winner), contract.id, '人员安排不开。')
    expect((await contractRow(world, contract.id)).status).toBe('refused')
    // Each party is sent where it may go: the buyer to manage the project, the agency to
    // the contract (it may not manage the buyer's project); the reason's 。 is not doubled.
    const notices = await world.handle.db
      .select({
        to: notifications.organisationId,
        body: notifications.body,
        link: notifications.link,
      })
      .from(notifications)
      .where(eq(notifications.kind, 'contract.refused_to_sign'))
    expect(notices).toEqual(
      expect.arrayContaining([
        {
          to: world.department.organisationId,
          body: '中选机构拒绝签订合同：人员安排不开。采购人可递补排名在后的机构（如有），或重新组织选取。',
          link: `/projects/${projectId}/manage`,
        },
        {
          to: winner.organisationId,
          body: '中选机构拒绝签订合同：人员安排不开。',
          link: `/contracts/${contract.id}`,
        },
      ]),
    )
    expect(await creditKinds(winner.organisationId!)).toContainEqual({
      kind: 'refused_to_sign',
      contractId: contract.id,
    })
    expect(await projectStatus(world, projectId)).toBe('awarded')
    // Its bid list tells it that it refused, not that it won.
    const mine = await listMyBids(as(world, winner), { pageSize: 100 })
    expect(mine.rows.find((r) => r.projectId === projectId)?.myContractStatus).toBe('refused')
    await expect(offerToNextRanked(as(world, runnerUp), projectId)).rejects.toThrow()
    const next = await offerToNextRanked(as(world, world.department), projectId)
    expect(next.agencyId).toBe(runnerUp.organisationId)
    expect(next.amountFen).toBe(4_500_000)
    expect(next.rank).toBe(2)
  })

  it('after a refusal the next-ranked agency that signs is the 中选 agency everywhere; the refusal stays on record', async () => {
    const { projectId, contract, winner, runnerUp } = await awardedContract(world, world.department)
    await refuseContract(as(world, winner), contract.id, '项目负责人离职，无法按期履约')
    const next = await offerToNextRanked(as(world, world.department), projectId)
    await signContract(as(world, runnerUp), next.id)
    await signContract(as(world, world.department), next.id)
    expect(await projectStatus(world, projectId)).toBe('contracted')

    // The result page reads the project's winner and price, and the signing history.
    const view = await getProject({ db: world.handle.db, actor: null }, projectId)
    expect(view.winnerName).toBe(runnerUp.organisationName)
    expect(view.project.awardedPriceFen).toBe(4_500_000)
    const history = await projectSigningHistory(world.handle.db, projectId)
    expect(history.map((c) => [c.rank, c.agencyName, c.status, c.amountFen])).toEqual([
      [1, winner.organisationName, 'refused', 4_000_000],
      [2, runnerUp.organisationName, 'in_service', 4_500_000],
    ])
    expect(history[0]!.endReason).toBe('项目负责人离职，无法按期履约')
    // The published ranking is not rewritten: the refusing agency is still first in it.
    const detail = await getPublicProject(world.handle.db, projectId)
    expect(detail.result!.ranking[0]!.agencyId).toBe(winner.organisationId)
    expect(detail.winner).toEqual({ id: runnerUp.organisationId, name: runnerUp.organisationName })
    expect(detail.awardedPriceFen).toBe(4_500_000)
    expect(detail.timeline.map((t) => t.kind)).toContain('contract.refused')

    // GET /api/v1/projects names the agency that got the contract, at its price.
    const answer = await answerProjectList(
      world.handle.db,
      new Request('http://zjcs.test/api/v1/projects?status=contracted'),
    )
    const list = (await answer.json()) as {
      results: { id: string; winner: { id: string; name: string }; awardedPriceFen: number }[]
    }
    expect(list.results.find((r) => r.id === projectId)).toMatchObject({
      winner: { id: runnerUp.organisationId, name: runnerUp.organisationName },
      awardedPriceFen: 4_500_000,
    })

    // OCDS: the winner's award unsuccessful, the runner-up's active with its signed contract.
    const [latest] = await world.handle.db
      .select({ release: ocdsReleases.release })
      .from(ocdsReleases)
      .where(eq(ocdsReleases.projectId, projectId))
      .orderBy(desc(ocdsReleases.seq))
      .limit(1)
    const release = latest!.release as unknown as {
      awards: { status: string; suppliers: { name: string }[]; value: { amount: number } }[]
      contracts: { status: string; value: { amount: number } }[]
    }
    expect(release.awards.map((a) => [a.status, a.suppliers[0]!.name, a.value.amount])).toEqual([
      ['unsuccessful', winner.organisationName, 40_000],
      ['active', runnerUp.organisationName, 45_000],
    ])
    expect(release.contracts.map((c) => [c.status, c.value.amount])).toEqual([
      ['cancelled', 40_000],
      ['active', 45_000],
    ])
  })

  it('an unsigned contract lapses at the end of the signing period; the buyer may re-run', async () => {
    const { projectId, contract, winner } = await awardedContract(world, world.department)
    await moveClockTo(world.handle.db, new Date(contract.signDueAt.getTime() + 1000))
    await expect(signContract(as(world, winner), contract.id)).rejects.toThrow(/期限/)
    const report = await runProcedureClock(world.handle.db)
    expect(report.contracts.signingLapsed).toBe(1)
    expect((await contractRow(world, contract.id)).status).toBe('lapsed')
    expect(await creditKinds(winner.organisationId!)).toContainEqual({
      kind: 'sign_lapsed',
      contractId: contract.id,
    })
    // A second clock changes nothing.
    expect((await runProcedureClock(world.handle.db)).contracts.signingLapsed).toBe(0)
    await rerunAfterRefusal(as(world, world.department), projectId)
    expect(await projectStatus(world, projectId)).toBe('failed')
  })

  it('an agency that signed in time is not punished for the buyer signing late', async () => {
    const { contract, winner } = await awardedContract(world, world.department)
    await signContract(as(world, winner), contract.id)
    await moveClockTo(world.handle.db, new Date(contract.signDueAt.getTime() + 1000))
    const report = await runProcedureClock(world.handle.db)
    expect(report.contracts.buyerSignLate).toBe(1)
    expect((await contractRow(world, contract.id)).status).toBe('signing')
    await signContract(as(world, world.department), contract.id)
    const [row] = await world.handle.db
      .select()
      .from(contracts)
      .where(eq(contracts.id, contract.id))
    expect(row!.status).toBe('in_service')
    expect(await creditKinds(world.department.organisationId!)).toContainEqual({
      kind: 'buyer_sign_late',
      contractId: contract.id,
    })
  })
})
