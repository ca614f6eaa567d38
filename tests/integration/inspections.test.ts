import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { createSupervisor } from '../../models/accounts.ts'
import { sha256 } from '../../models/audit.ts'
import type { Actor } from '../../models/context.ts'
import { creditRecords, inspectionPlans, inspectionTasks } from '../../models/db/schema-credit.ts'
import { organisations, users } from '../../models/db/schema.ts'
import { ForbiddenError, NotSignedInError, ValidationError } from '../../models/errors.ts'
import { declareConflict } from '../../models/inspections-conflicts.ts'
import { getInspectionDesk } from '../../models/inspections-desk.ts'
import {
  getPublicPlan,
  getPublicPlanRecord,
  listPublicPlans,
} from '../../models/inspections-queries.ts'
import { createPlan, drawPlan, recordInspectionResult } from '../../models/inspections.ts'
import { suspend } from '../../models/supervision.ts'
import type { InspectionPlanInput } from '../../models/validation/inspections.ts'
import { fakePhone } from '../../seed/factories.ts'
import { recomputeInspection, reportInspection } from '../../scripts/verify-inspection-core.ts'
import { ctxFor } from '../setup/test-database.ts'
import { as, ITEM, setUpProcedures } from './procedure-fixture.ts'

const world = setUpProcedures(8)
const inspectors: (Actor & { phone: string })[] = []

async function addInspector(name: string) {
  const phone = fakePhone()
  const user = await createSupervisor(
    world.handle.db,
    { name, phone, password: 'Inspect-2026!' },
    null,
  )
  inspectors.push({
    userId: user.id,
    role: 'supervisor',
    name,
    organisationId: null,
    organisationName: null,
    phone,
  })
}

beforeAll(async () => {
  await addInspector('检查员甲')
  await addInspector('检查员乙')
  await addInspector('检查员丙')
})

const plan = (overrides: Partial<InspectionPlanInput> = {}): InspectionPlanInput => ({
  title: '2026 年环评中介服务双随机抽查',
  itemCodes: [ITEM],
  categories: [],
  cityCodes: [],
  sampleSize: 4,
  riskWeighted: false,
  inspectorIds: inspectors.map((i) => i.userId),
  ...overrides,
})

/** Through JSON, exactly as GET /api/v1/inspections/:id publishes it. */
const published = async (planId: string) =>
  JSON.parse(JSON.stringify(await getPublicPlanRecord(world.handle.db, planId))) as unknown

const agencyId = (i: number) => world.agencies[i]!.organisationId!
const tasksOf = (planId: string) =>
  world.handle.db.select().from(inspectionTasks).where(eq(inspectionTasks.planId, planId))

describe('permissions', () => {
  it('refuses plans, draws and results to anyone but supervisors', async () => {
    await expect(createPlan(as(world, world.agencies[0]!), plan())).rejects.toThrow(ForbiddenError)
    await expect(createPlan(as(world, world.department), plan())).rejects.toThrow(ForbiddenError)
    await expect(createPlan(ctxFor(world.handle), plan())).rejects.toThrow(NotSignedInError)
    const { id } = await createPlan(as(world, world.supervisor), plan())
    await expect(drawPlan(as(world, world.enterprise), id)).rejects.toThrow(ForbiddenError)
    await expect(getInspectionDesk(as(world, world.agencies[0]!))).rejects.toThrow(ForbiddenError)
    await expect(
      declareConflict(as(world, world.agencies[0]!), {
        userId: inspectors[0]!.userId,
        agencyId: agencyId(0),
        reason: '亲属',
      }),
    ).rejects.toThrow(ForbiddenError)
  })

  it('checks the form: inspectors must be supervisors, items must exist', async () => {
    const ctx = as(world, world.supervisor)
    const refused = (input: InspectionPlanInput) =>
      createPlan(ctx, input).then(
        () => null,
        (e: unknown) => (e instanceof ValidationError ? e.fieldErrors : e),
      )
    expect(await refused(plan({ inspectorIds: [world.agencies[0]!.userId] }))).toHaveProperty(
      'inspectorIds',
    )
    expect(await refused(plan({ itemCodes: ['SI-999'] }))).toHaveProperty('itemCodes')
    expect(await refused(plan({ sampleSize: 0 }))).toHaveProperty('sampleSize')
    expect(await refused(plan({ cityCodes: ['9999'] }))).toHaveProperty('cityCodes')
  })
})

describe('a plan, its draw and its verification', () => {
  let planId: string
  let commitment: string

  it('publishes only the commitment until the draw', async () => {
    ;({ id: planId, commitment } = await createPlan(
      as(world, world.supervisor),
      plan({ sampleSize: 8 }),
    ))
    const [row] = await world.handle.db
      .select()
      .from(inspectionPlans)
      .where(eq(inspectionPlans.id, planId))
    expect(row!.secret).toBeNull()
    expect(row!.secretSealed).not.toContain(commitment)
    const record = (await published(planId)) as Record<string, unknown>
    expect(record).toMatchObject({ status: 'committed', commitment, draw: null, tasks: [] })
    expect(reportInspection(planId, record).ok).toBeNull()
  })

  it('never pairs a linked inspector, skips an agency all are linked to, and fills the sample', async () => {
    const [jia, yi, bing] = inspectors
    const supervisorCtx = as(world, world.supervisor)
    // Declared: 乙 may not inspect agency 0; agency 2 is linked to everyone.
    await declareConflict(supervisorCtx, {
      userId: yi!.userId,
      agencyId: agencyId(0),
      reason: '配偶任该机构负责人',
    })
    for (const inspector of inspectors)
      await declareConflict(supervisorCtx, {
        userId: inspector.userId,
        agencyId: agencyId(2),
        reason: '曾任职',
      })
    await expect(
      declareConflict(supervisorCtx, {
        userId: yi!.userId,
        agencyId: agencyId(0),
        reason: '重复登记',
      }),
    ).rejects.toThrow(ValidationError)
    // Automatic: 丙's phone is agency 1's contact phone (written differently); 甲's e-mail is agency 3's.
    const p = bing!.phone
    await world.handle.db
      .update(organisations)
      .set({ contactPhone: `+86 ${p.slice(0, 3)}-${p.slice(3, 7)}-${p.slice(7)}` })
      .where(eq(organisations.id, agencyId(1)))
    await world.handle.db
      .update(users)
      .set({ email: 'Jia.Inspector@Example.cn' })
      .where(eq(users.id, jia!.userId))
    await world.handle.db
      .update(organisations)
      .set({ contactEmail: ' jia.inspector@example.cn ' })
      .where(eq(organisations.id, agencyId(3)))

    const record = await drawPlan(as(world, world.supervisor), planId)
    expect(record.populationIds).toHaveLength(8)
    // The whole population is walked (sample 8): every link is tested, agency 2 is skipped.
    expect(record.order).toHaveLength(8)
    expect(record.links).toEqual({
      [agencyId(0)]: [yi!.userId],
      [agencyId(1)]: [bing!.userId],
      [agencyId(2)]: inspectors.map((i) => i.userId).sort(),
      [agencyId(3)]: [jia!.userId],
    })
    expect(record.skipped.map((s) => s.agencyId)).toEqual([agencyId(2)])
    const tasks = await tasksOf(planId)
    expect(tasks).toHaveLength(7)
    const forbidden = new Set([
      `${yi!.userId}|${agencyId(0)}`,
      `${bing!.userId}|${agencyId(1)}`,
      `${jia!.userId}|${agencyId(3)}`,
      ...inspectors.map((i) => `${i.userId}|${agencyId(2)}`),
    ])
    for (const t of tasks) expect(forbidden.has(`${t.inspectorId}|${t.agencyId}`)).toBe(false)
    await expect(drawPlan(as(world, world.supervisor), planId)).rejects.toThrow(ValidationError)
  })

  it('recomputes from the published record with the independent verifier: same seed, order and pairs', async () => {
    const json = (await published(planId)) as {
      draw: { secret: string }
      tasks: { agencyId: string; inspectorId: string }[]
    }
    expect(sha256(json.draw.secret)).toBe(commitment)
    const report = reportInspection(planId, json)
    expect(report.lines.at(-1)).toBe('结论：OK，抽取结果与公开输入一致')
    expect(report.ok).toBe(true)
    const draw = json.draw as unknown as Parameters<typeof recomputeInspection>[0] & {
      populationIds: string[]
      inspectorIds: string[]
      links: Record<string, string[]>
      sampleSize: number
    }
    const again = recomputeInspection({ ...draw, planId, grades: null })
    const stored = await tasksOf(planId)
    expect(again.pairs).toEqual(
      stored
        .sort((a, b) => a.position - b.position)
        .map((t) => ({ position: t.position, agencyId: t.agencyId, inspectorId: t.inspectorId })),
    )
    expect((await getPublicPlan(world.handle.db, planId)).draw!.check.ok).toBe(true)
  })

  it('the verifier notices a task given to another inspector afterwards', async () => {
    const [first] = (await tasksOf(planId)).sort((a, b) => a.position - b.position)
    const other = inspectors.find((i) => i.userId !== first!.inspectorId)!
    const json = (await published(planId)) as { tasks: { position: number; inspectorId: string }[] }
    json.tasks.find((t) => t.position === 1)!.inspectorId = other.userId
    const report = reportInspection(planId, json)
    expect(report.ok).toBe(false)
    expect(report.lines).toContain('  - 公布的检查任务与重新计算的配对不一致')
  })

  it('lets only the assigned inspector record, once; a minor finding is a pending credit record', async () => {
    const [first, second] = (await tasksOf(planId)).sort((a, b) => a.position - b.position)
    const assigned = inspectors.find((i) => i.userId === first!.inspectorId)!
    const someoneElse = [world.supervisor, ...inspectors].find((i) => i.userId !== assigned.userId)!
    const finding = { result: 'minor' as const, finding: '服务收费未按规定明码标价公示' }
    await expect(
      recordInspectionResult(as(world, someoneElse), first!.id, finding),
    ).rejects.toThrow(ForbiddenError)
    await expect(
      recordInspectionResult(as(world, world.agencies[0]!), first!.id, finding),
    ).rejects.toThrow(ForbiddenError)
    await expect(
      recordInspectionResult(as(world, assigned), first!.id, { result: 'minor', finding: '' }),
    ).rejects.toThrow(ValidationError)

    const { creditRecordId } = await recordInspectionResult(as(world, assigned), first!.id, finding)
    const [credit] = await world.handle.db
      .select()
      .from(creditRecords)
      .where(eq(creditRecords.id, creditRecordId!))
    expect(credit).toMatchObject({
      agencyId: first!.agencyId,
      rule: 'inspection_minor',
      sourceType: 'inspection',
      sourceId: first!.id,
      status: 'pending',
      effectiveAt: null,
    })
    expect(credit!.replyDueAt!.getTime()).toBeGreaterThan(credit!.occurredAt.getTime())
    expect(credit!.summary).toContain('服务收费未按规定明码标价公示')
    await expect(
      recordInspectionResult(as(world, assigned), first!.id, { result: 'compliant' }),
    ).rejects.toThrow(ValidationError)

    const secondInspector = inspectors.find((i) => i.userId === second!.inspectorId)!
    const ok = await recordInspectionResult(as(world, secondInspector), second!.id, {
      result: 'compliant',
    })
    expect(ok.creditRecordId).toBeNull()
    const listed = (await listPublicPlans(world.handle.db)).find((p) => p.id === planId)!
    expect(listed).toMatchObject({
      status: 'drawn',
      tasks: 7,
      recorded: 2,
      minor: 1,
      compliant: 1,
      serious: 0,
    })
    const desk = await getInspectionDesk(as(world, assigned))
    expect(desk.myTasks.find((t) => t.id === first!.id)?.result).toBe('minor')
  })
})

describe('the population and risk weighting', () => {
  it('leaves out suspended agencies and keeps to the listed cities', async () => {
    await world.handle.db
      .update(organisations)
      .set({ cityCode: '4109' })
      .where(eq(organisations.id, agencyId(5)))
    await world.handle.db
      .update(organisations)
      .set({ cityCode: '4109' })
      .where(eq(organisations.id, agencyId(6)))
    await suspend(as(world, world.supervisor), {
      organisationId: agencyId(6),
      reason: '涉嫌提供虚假材料，暂停交易',
    })
    const { id } = await createPlan(
      as(world, world.supervisor),
      plan({ cityCodes: ['4109'], itemCodes: [], categories: ['生态环境'] }),
    )
    const record = await drawPlan(as(world, world.supervisor), id)
    expect(record.populationIds).toEqual([agencyId(5)])
    expect(record.pairs.map((p) => p.agencyId)).toEqual([agencyId(5)])
  })

  it('weights by credit grade, deterministically, and the weighted record verifies', async () => {
    const grades = ['D', 'C', 'B', 'A']
    for (let i = 0; i < 4; i++)
      await world.handle.db
        .update(organisations)
        .set({ creditGrade: grades[i]! })
        .where(eq(organisations.id, agencyId(i)))
    const { id } = await createPlan(
      as(world, world.supervisor),
      plan({ riskWeighted: true, sampleSize: 3 }),
    )
    const record = await drawPlan(as(world, world.supervisor), id)
    expect(record.riskWeighted).toBe(true)
    expect(record.weights![agencyId(0)]).toBe(4)
    expect(record.weights![agencyId(1)]).toBe(3)
    expect(record.weights![agencyId(3)]).toBe(1)
    expect(record.weights![agencyId(7)]).toBe(1)
    expect(reportInspection(id, await published(id)).ok).toBe(true)
    const again = recomputeInspection({ ...record, secret: record.secret, planId: id })
    expect(again.pairs).toEqual(record.pairs)
    expect(again.weights).toEqual(record.weights)
  })
})
