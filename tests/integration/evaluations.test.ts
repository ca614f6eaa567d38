import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { signIn, signUp } from '../../models/accounts.ts'
import { moveClockTo, platformNow } from '../../models/clock.ts'
import type { Actor } from '../../models/context.ts'
import { decideDelivery, submitDelivery } from '../../models/contract-service.ts'
import { signContract } from '../../models/contract-signing.ts'
import { contracts } from '../../models/db/schema-contracts.ts'
import { notifications, projects } from '../../models/db/schema-procedures.ts'
import { auditEvents } from '../../models/db/schema.ts'
import { ForbiddenError, ValidationError } from '../../models/errors.ts'
import { agencyEvaluationSummary, getContractEvaluations } from '../../models/evaluation-queries.ts'
import { hideEvaluationComment, rateContract, replyToEvaluation } from '../../models/evaluations.ts'
import { recordBudgetPayment } from '../../models/payments.ts'
import { updateMyProfile } from '../../models/profiles.ts'
import { listProjectTimeline } from '../../models/project-events.ts'
import { WHOLE_CONTRACT } from '../../models/rules/payments.ts'
import { findSessionActor } from '../../models/sessions.ts'
import { verifyOrganisation } from '../../models/supervision.ts'
import { loadWorkdayCalendar } from '../../models/workday-calendar.ts'
import { buildSignUp } from '../../seed/factories.ts'
import { ctxFor } from '../setup/test-database.ts'
import { contractRow, projectStatus } from './contract-fixture.ts'
import { as, bid, passTime, publishedProject, setUpProcedures } from './procedure-fixture.ts'

const world = setUpProcedures(4)

const fiveScores = { quality: 5, timeliness: 4, attitude: 3, fees: 4, conduct: 4 }

/** A department signed up, verified, that says it is `authority` of the county `regionCode`. */
async function approvalDepartment(authority: string | null, regionCode: string, verify = true) {
  const input = buildSignUp({ kind: 'department' })
  await signUp(ctxFor(world.handle), input)
  const { session } = await signIn(ctxFor(world.handle), {
    login: input.phone,
    password: input.password,
  })
  const actor = (await findSessionActor(world.handle.db, session.id))!
  await updateMyProfile(as(world, actor), {
    name: input.organisationName,
    legalRepresentative: '张三',
    address: '某路 1 号',
    regionCode,
    contactName: input.contactName,
    contactPhone: input.phone,
    approvalAuthority: authority,
  })
  if (verify)
    await verifyOrganisation(as(world, world.supervisor), { organisationId: actor.organisationId! })
  return actor
}

/**
 * An accepted contract between `buyer` and `winner` for `yuan`: three bids (the winner's the
 * lowest), the award final, both signatures, one delivery accepted.
 */
async function acceptedContract({
  buyer = world.department,
  winner = world.agencies[0]!,
  yuan = 40_000,
} = {}) {
  const projectId = await publishedProject(world, buyer)
  const others = world.agencies.filter((a) => a !== winner).slice(0, 2)
  await bid(world, winner, projectId, yuan)
  await bid(world, others[0]!, projectId, Math.round(yuan * 1.1))
  await bid(world, others[1]!, projectId, Math.round(yuan * 1.2))
  const project = async () =>
    (await world.handle.db.select().from(projects).where(eq(projects.id, projectId)))[0]!
  await passTime(world, (await project()).deadlineAt)
  await passTime(world, (await project()).publicityEndsAt!)
  const [drawn] = await world.handle.db
    .select()
    .from(contracts)
    .where(eq(contracts.projectId, projectId))
  expect(drawn?.agencyId).toBe(winner.organisationId)
  await signContract(as(world, winner), drawn!.id)
  await signContract(as(world, buyer), drawn!.id)
  await submitDelivery(as(world, winner), drawn!.id, { note: '成果', uploadIds: [] })
  await decideDelivery(as(world, buyer), drawn!.id, { accept: true, reason: '' })
  return { projectId, winner, contract: await contractRow(world, drawn!.id) }
}

let rightDepartment: Actor
let otherCityDepartment: Actor
let otherAuthorityDepartment: Actor

beforeAll(async () => {
  rightDepartment = await approvalDepartment('生态环境局', '410902')
  otherCityDepartment = await approvalDepartment('生态环境局', '410102')
  otherAuthorityDepartment = await approvalDepartment('水利局', '410902')
})

describe('service evaluations', () => {
  it('refuses a rating before the contract is accepted', async () => {
    const projectId = await publishedProject(world, world.department)
    const [a, b, c] = world.agencies
    await bid(world, a!, projectId, 40_000)
    await bid(world, b!, projectId, 45_000)
    await bid(world, c!, projectId, 50_000)
    const [project] = await world.handle.db
      .select()
      .from(projects)
      .where(eq(projects.id, projectId))
    await passTime(world, project!.deadlineAt)
    const [awarded] = await world.handle.db
      .select()
      .from(projects)
      .where(eq(projects.id, projectId))
    await passTime(world, awarded!.publicityEndsAt!)
    const [contract] = await world.handle.db
      .select()
      .from(contracts)
      .where(eq(contracts.projectId, projectId))
    await expect(
      rateContract(as(world, world.department), contract!.id, fiveScores),
    ).rejects.toThrow('合同验收通过后才能评价')
    const view = await getContractEvaluations(as(world, world.department), contract!.id)
    expect(view.rating).toEqual({ kind: 'buyer', open: false, reason: '合同验收通过后才能评价' })
  })

  it('lets the buyer rate once; other organisations are refused', async () => {
    const { projectId, contract, winner } = await acceptedContract()
    const rate = (actor: Actor) => rateContract(as(world, actor), contract.id, fiveScores)
    for (const stranger of [winner, world.agencies[1]!, world.enterprise, otherCityDepartment])
      await expect(rate(stranger)).rejects.toBeInstanceOf(ForbiddenError)
    await expect(rate(world.supervisor)).rejects.toBeInstanceOf(ForbiddenError)
    await expect(
      rateContract(as(world, world.department), contract.id, { quality: 5, timeliness: 6 }),
    ).rejects.toBeInstanceOf(ValidationError)

    const view = await getContractEvaluations(as(world, world.department), contract.id)
    expect(view.rating).toEqual({ kind: 'buyer', open: true, reason: null })
    await rateContract(as(world, world.department), contract.id, {
      ...fiveScores,
      comment: '按时交付，质量好',
    })
    const rated = await contractRow(world, contract.id)
    expect(rated.evaluatedAt).not.toBeNull()
    // Accepted but not yet paid: the project waits for the payment before it reads 'evaluated'.
    expect(await projectStatus(world, projectId)).toBe('accepted')

    const again = rate(world.department)
    await expect(again).rejects.toBeInstanceOf(ValidationError)
    await expect(again).rejects.toThrow('已评价')

    const [note] = await world.handle.db
      .select()
      .from(notifications)
      .where(
        and(
          eq(notifications.organisationId, winner.organisationId!),
          eq(notifications.kind, 'evaluation.rated'),
        ),
      )
    expect(note?.link).toBe(`/contracts/${contract.id}/evaluation`)
    const timeline = await listProjectTimeline(world.handle.db, projectId)
    const step = timeline.find((e) => e.kind === 'evaluation.rated')
    expect(step?.summary).toBe('采购人对服务作出评价，平均 4.0 分')
    expect(step?.summary).not.toContain('按时交付')
  })

  it('lets the approval department of the item and the city rate quality, once', async () => {
    const { contract } = await acceptedContract()
    for (const stranger of [otherCityDepartment, otherAuthorityDepartment])
      await expect(
        rateContract(as(world, stranger), contract.id, { quality: 3 }),
      ).rejects.toBeInstanceOf(ForbiddenError)
    await expect(
      getContractEvaluations(as(world, otherCityDepartment), contract.id),
    ).rejects.toBeInstanceOf(ForbiddenError)

    const view = await getContractEvaluations(as(world, rightDepartment), contract.id)
    expect(view.viewer).toBe('approval')
    expect(view.rating).toEqual({ kind: 'approval_department', open: true, reason: null })
    const row = await rateContract(as(world, rightDepartment), contract.id, {
      ...fiveScores,
      quality: 2,
    })
    // A department scores the deliverable's quality only, whatever else the form sent.
    expect(row).toMatchObject({
      raterKind: 'approval_department',
      quality: 2,
      timeliness: null,
      conduct: null,
    })
    // Its rating does not stand for the buyer's.
    expect((await contractRow(world, contract.id)).evaluatedAt).toBeNull()
    await expect(
      rateContract(as(world, rightDepartment), contract.id, { quality: 4 }),
    ).rejects.toThrow('已评价')
    // The buyer still rates on its own account.
    await rateContract(as(world, world.department), contract.id, fiveScores)

    // Anyone may sign up as a department and claim an authority: only a verified one rates.
    const unverified = await approvalDepartment('生态环境局', '410902', false)
    const next = await acceptedContract()
    // Until a supervisor verifies it, it is a stranger to the contract: no view, no rating.
    await expect(
      getContractEvaluations(as(world, unverified), next.contract.id),
    ).rejects.toBeInstanceOf(ForbiddenError)
    await expect(
      rateContract(as(world, unverified), next.contract.id, { quality: 1 }),
    ).rejects.toThrow(/核验|只有/)
  })

  it('closes the window 15 working days after acceptance, by the database clock', async () => {
    const { contract } = await acceptedContract()
    const calendar = await loadWorkdayCalendar(world.handle.db)
    expect(contract.evaluationDueAt).toEqual(calendar.addWorkdays(contract.acceptedAt!, 15))
    const due = contract.evaluationDueAt!
    await moveClockTo(world.handle.db, new Date(due.getTime() - 60_000))
    const before = await getContractEvaluations(as(world, world.department), contract.id)
    expect(before.rating?.open).toBe(true)

    await moveClockTo(world.handle.db, new Date(due.getTime() + 1000))
    const late = rateContract(as(world, world.department), contract.id, fiveScores)
    await expect(late).rejects.toBeInstanceOf(ValidationError)
    await expect(late).rejects.toThrow('评价期限已于')
    await expect(
      rateContract(as(world, rightDepartment), contract.id, { quality: 5 }),
    ).rejects.toThrow('评价期限已于')
    const after = await getContractEvaluations(as(world, world.department), contract.id)
    expect(after.rating?.open).toBe(false)
    expect(after.windowOpen).toBe(false)
  })

  it('lets the rated agency reply once, and a supervisor hide an abusive comment', async () => {
    const { projectId, contract, winner } = await acceptedContract({ winner: world.agencies[2]! })
    const evaluation = await rateContract(as(world, world.department), contract.id, {
      ...fiveScores,
      comment: '这家机构的人都是骗子',
    })

    await expect(
      replyToEvaluation(as(world, world.agencies[0]!), evaluation.id, '感谢评价'),
    ).rejects.toBeInstanceOf(ForbiddenError)
    await expect(
      replyToEvaluation(as(world, world.department), evaluation.id, '感谢评价'),
    ).rejects.toBeInstanceOf(ForbiddenError)
    await expect(replyToEvaluation(as(world, winner), evaluation.id, '谢')).rejects.toThrow(
      '至少 2 个字',
    )
    await replyToEvaluation(as(world, winner), evaluation.id, '感谢评价，我们会继续改进。')
    await expect(replyToEvaluation(as(world, winner), evaluation.id, '再次回复')).rejects.toThrow(
      '已回复',
    )

    await expect(
      hideEvaluationComment(as(world, world.department), evaluation.id, '含有辱骂内容'),
    ).rejects.toBeInstanceOf(ForbiddenError)
    await expect(
      hideEvaluationComment(as(world, winner), evaluation.id, '含有辱骂内容'),
    ).rejects.toBeInstanceOf(ForbiddenError)
    await hideEvaluationComment(as(world, world.supervisor), evaluation.id, '含有辱骂内容')
    await expect(
      hideEvaluationComment(as(world, world.supervisor), evaluation.id, '再次隐藏'),
    ).rejects.toThrow('已隐藏')

    const summary = await agencyEvaluationSummary(world.handle.db, winner.organisationId!)
    const shown = summary.items.find((i) => i.id === evaluation.id)!
    expect(shown.comment).toBeNull()
    expect(shown.hiddenReason).toBe('含有辱骂内容')
    expect(shown.reply).toBe('感谢评价，我们会继续改进。')
    expect(JSON.stringify(summary)).not.toContain('骗子')
    // The scores stay and count.
    expect(shown.scores).toEqual(fiveScores)
    expect(summary.averages.quality).toBe(5)

    const contractView = await getContractEvaluations(as(world, world.supervisor), contract.id)
    expect(contractView.evaluations[0]).toMatchObject({
      comment: null,
      originalComment: '这家机构的人都是骗子',
      canHide: false,
    })
    const agencyView = await getContractEvaluations(as(world, winner), contract.id)
    expect(agencyView.evaluations[0]).toMatchObject({ originalComment: null, canReply: false })

    const audited = await world.handle.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.subjectId, projectId),
          eq(auditEvents.action, 'evaluation.comment_hidden'),
        ),
      )
    expect(audited).toHaveLength(1)
    expect(audited[0]!.actorUserId).toBe(world.supervisor.userId)
  })

  it('shows averages and the amount-weighted overall score on the profile, public data only', async () => {
    const agency = world.agencies[3]!
    const small = await acceptedContract({ winner: agency, yuan: 10_000 })
    const middle = await acceptedContract({ winner: agency, yuan: 20_000 })
    const large = await acceptedContract({ winner: agency, yuan: 40_000 })
    await rateContract(as(world, world.department), small.contract.id, fiveScores)
    await rateContract(as(world, rightDepartment), small.contract.id, { quality: 2 })
    await rateContract(as(world, world.department), middle.contract.id, {
      quality: 2,
      timeliness: 2,
      attitude: 3,
      fees: 3,
      conduct: 5,
      comment: '一般',
    })
    await rateContract(as(world, world.department), large.contract.id, {
      quality: 5,
      timeliness: 5,
      attitude: 5,
      fees: 5,
      conduct: 5,
    })

    const summary = await agencyEvaluationSummary(world.handle.db, agency.organisationId!, {
      page: '1',
    })
    expect(summary.count).toBe(4)
    expect(summary.contractCount).toBe(3)
    expect(summary.averages.quality).toBeCloseTo((5 + 2 + 2 + 5) / 4, 10)
    expect(summary.averages.timeliness).toBeCloseTo((4 + 2 + 5) / 3, 10)
    expect(summary.averages.attitude).toBeCloseTo((3 + 3 + 5) / 3, 10)
    expect(summary.averages.fees).toBeCloseTo((4 + 3 + 5) / 3, 10)
    expect(summary.averages.conduct).toBeCloseTo((4 + 5 + 5) / 3, 10)
    // Small: quality (5 + 2) / 2 = 3.5, (3.5 + 4 + 3 + 4 + 4) / 5 = 3.7; middle 3.0; large 5.0.
    // Weights 10,000 : 20,000 : 40,000 元 = 1 : 2 : 4.
    expect(summary.weightedOverall).toBeCloseTo((1 * 3.7 + 2 * 3.0 + 4 * 5.0) / 7, 10)

    expect(summary.items.map((i) => i.raterKind)).toEqual([
      'buyer',
      'buyer',
      'approval_department',
      'buyer',
    ])
    expect(summary.items[0]).toMatchObject({
      itemName: '环境影响报告表编制',
      projectTitle: '某产业园区建设项目环境影响报告表编制',
      buyerName: world.department.organisationName,
      scores: { quality: 5, timeliness: 5, attitude: 5, fees: 5, conduct: 5 },
    })
    expect(summary.items[2]!.raterName).toBe(rightDepartment.organisationName)
    const published = JSON.stringify(summary)
    for (const person of [world.department, rightDepartment]) {
      expect(published).not.toContain(person.name)
      expect(published).not.toContain(person.userId)
    }
    // Past the last page reads the last page.
    const beyond = await agencyEvaluationSummary(world.handle.db, agency.organisationId!, {
      page: '7',
    })
    expect(beyond.page).toBe(1)
    expect(beyond.items).toHaveLength(4)
  })

  it('moves the project to evaluated only once it is both rated and paid, in either order', async () => {
    const pay = async (contractId: string, amountFen: number) => {
      const now = await platformNow(world.handle.db)
      const paidOn = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10)
      await recordBudgetPayment(as(world, world.department), contractId, {
        target: WHOLE_CONTRACT,
        voucherNumber: 'PZ-2026-001',
        paidOn,
        amountFen,
        budgetLine: '2026-环保-01',
      })
    }
    const ratedFirst = await acceptedContract()
    await rateContract(as(world, world.department), ratedFirst.contract.id, fiveScores)
    expect(await projectStatus(world, ratedFirst.projectId)).toBe('accepted')
    await pay(ratedFirst.contract.id, ratedFirst.contract.amountFen)
    expect(await projectStatus(world, ratedFirst.projectId)).toBe('evaluated')

    const paidFirst = await acceptedContract()
    await pay(paidFirst.contract.id, paidFirst.contract.amountFen)
    expect(await projectStatus(world, paidFirst.projectId)).toBe('paid')
    await rateContract(as(world, world.department), paidFirst.contract.id, fiveScores)
    expect(await projectStatus(world, paidFirst.projectId)).toBe('evaluated')
  })

  it('lets a department name only a catalogue authority', async () => {
    const input = buildSignUp({ kind: 'department' })
    await signUp(ctxFor(world.handle), input)
    const { session } = await signIn(ctxFor(world.handle), {
      login: input.phone,
      password: input.password,
    })
    const actor = (await findSessionActor(world.handle.db, session.id))!
    await expect(
      updateMyProfile(as(world, actor), {
        name: input.organisationName,
        legalRepresentative: '李四',
        address: '某路 2 号',
        regionCode: '410902',
        contactName: input.contactName,
        contactPhone: input.phone,
        approvalAuthority: '不存在的局',
      }),
    ).rejects.toThrow('请从列表中选择审批职能')
  })
})
