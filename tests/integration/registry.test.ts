import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signIn, signUp } from '../../models/accounts.ts'
import type { Actor } from '../../models/context.ts'
import type { DatabaseHandle } from '../../models/db/client.ts'
import {
  auditEvents,
  offeringCases,
  offerings,
  organisations,
  practitioners,
  qualifications,
  serviceItems,
} from '../../models/db/schema.ts'
import { ForbiddenError, NotFoundError, ValidationError } from '../../models/errors.ts'
import {
  addOfferingCase,
  createOffering,
  getMyOffering,
  listMyOfferings,
  listOfferableItems,
  pauseOffering,
  removeOfferingCase,
  resumeOffering,
  updateOffering,
} from '../../models/offerings.ts'
import {
  addPractitioner,
  listMyPractitioners,
  removePractitioner,
} from '../../models/practitioners.ts'
import { getMyProfile, updateMyProfile } from '../../models/profiles.ts'
import {
  addQualification,
  catalogueQualificationTypes,
  listMyQualifications,
  removeQualification,
} from '../../models/qualifications.ts'
import { findSessionActor } from '../../models/sessions.ts'
import { loadCatalogue } from '../../seed/catalogue.ts'
import { buildSignUp } from '../../seed/factories.ts'
import { createTestDatabase, ctxFor } from '../setup/test-database.ts'

let handle: DatabaseHandle
let agencyA: Actor
let agencyB: Actor
let department: Actor
let enterprise: Actor

async function signedUp(kind: 'agency' | 'department' | 'enterprise'): Promise<Actor> {
  const input = buildSignUp({ kind })
  await signUp(ctxFor(handle), input)
  const { session } = await signIn(ctxFor(handle), { login: input.phone, password: input.password })
  return (await findSessionActor(handle.db, session.id))!
}

beforeAll(async () => {
  handle = await createTestDatabase()
  await loadCatalogue(handle.db)
  ;[agencyA, agencyB, department, enterprise] = await Promise.all([
    signedUp('agency'),
    signedUp('agency'),
    signedUp('department'),
    signedUp('enterprise'),
  ])
})
afterAll(() => handle.close())

const as = (actor: Actor) => ctxFor(handle, actor)
const XSS = '<script>alert(1)</script>'

async function fieldErrorsOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ValidationError)
  return (error as ValidationError).fieldErrors
}

async function lastAudit(subjectId: string) {
  const [event] = await handle.db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.subjectId, subjectId))
    .orderBy(auditEvents.seq)
    .then((rows) => rows.slice(-1))
  return event
}

const profile = {
  name: '濮阳市测绘有限公司',
  legalRepresentative: '张三',
  address: '濮阳市华龙区人民路 1 号',
  regionCode: '410902',
  contactName: '李四',
  contactPhone: '0393-8888888',
  contactEmail: 'info@example.com',
  introduction: XSS,
}

describe('organisation profile', () => {
  it('syncs the city code with the county, records the change, keeps HTML as text', async () => {
    await updateMyProfile(as(agencyA), profile)
    const [row] = await handle.db
      .select()
      .from(organisations)
      .where(eq(organisations.id, agencyA.organisationId!))
    expect(row).toMatchObject({ regionCode: '410902', cityCode: '4109', introduction: XSS })
    expect(await lastAudit(agencyA.organisationId!)).toMatchObject({
      action: 'organisation.profile_updated',
      actorUserId: agencyA.userId,
      data: { changed: expect.arrayContaining(['regionCode', 'introduction']) },
    })
    await updateMyProfile(as(agencyA), { ...profile, regionCode: null, name: '新名称测绘公司' })
    const after = await getMyProfile(as(agencyA))
    expect(after).toMatchObject({ regionCode: null, name: '新名称测绘公司' })
    const [again] = await handle.db
      .select({ cityCode: organisations.cityCode })
      .from(organisations)
      .where(eq(organisations.id, agencyA.organisationId!))
    expect(again!.cityCode).toBeNull()
    expect(await lastAudit(agencyA.organisationId!)).toMatchObject({
      data: { name: { to: '新名称测绘公司' } },
    })
  })

  it('济源市 files under its own four-digit city code', async () => {
    await updateMyProfile(as(enterprise), { ...profile, regionCode: '419001' })
    const [row] = await handle.db
      .select({ cityCode: organisations.cityCode })
      .from(organisations)
      .where(eq(organisations.id, enterprise.organisationId!))
    expect(row!.cityCode).toBe('4190')
  })

  it('departments keep a profile too, but only a real Henan county counts as a region', async () => {
    await updateMyProfile(as(department), { ...profile, regionCode: '410105' })
    expect((await getMyProfile(as(department))).regionCode).toBe('410105')
    expect(
      await fieldErrorsOf(updateMyProfile(as(department), { ...profile, regionCode: '110101' })),
    ).toEqual({
      regionCode: ['请从列表中选择所在地区'],
    })
  })

  it('refuses a logo that is not an image upload', async () => {
    const errors = await fieldErrorsOf(
      updateMyProfile(as(agencyB), { ...profile, logoUploadId: 'f'.repeat(64) }),
    )
    expect(errors).toEqual({ logo: ['仅支持 JPG、PNG 图片'] })
  })
})

describe('qualifications', () => {
  const base = { level: '甲级', number: '豫测资字 0001', issuer: '河南省自然资源厅' }

  it('takes a catalogue qualification name, or “其他” with its own name', async () => {
    const types = await catalogueQualificationTypes(handle.db)
    expect(types).toContain('测绘资质证书')
    const listed = await addQualification(as(agencyA), {
      ...base,
      type: '测绘资质证书',
      validFrom: '2024-01-01',
      validTo: '2099-12-31',
    })
    expect(listed).toMatchObject({ type: '测绘资质证书', isOther: false })
    const other = await addQualification(as(agencyA), {
      ...base,
      type: '其他',
      otherType: '土地规划资质',
      validFrom: '2024-01-01',
    })
    expect(other).toMatchObject({ type: '土地规划资质', isOther: true, validTo: null })
    expect(await lastAudit(other.id)).toMatchObject({ action: 'qualification.added' })
    expect(
      await fieldErrorsOf(
        addQualification(as(agencyA), { ...base, type: '随便写的资质', validFrom: '2024-01-01' }),
      ),
    ).toEqual({ type: [expect.stringContaining('请从列表中选择')] })
  })

  it('an expired qualification shows as expired', async () => {
    const expired = await addQualification(as(agencyB), {
      ...base,
      type: '测绘资质证书',
      validFrom: '2020-01-01',
      validTo: '2023-12-31',
    })
    const future = await addQualification(as(agencyB), {
      ...base,
      type: '测绘资质证书',
      validFrom: '2098-01-01',
    })
    const list = await listMyQualifications(as(agencyB), new Date('2026-03-01T00:00:00Z'))
    const statusOf = (id: string) => list.find((q) => q.id === id)!.status
    expect(statusOf(expired.id)).toBe('expired')
    expect(statusOf(future.id)).toBe('not_yet_valid')
  })

  it('refuses an end date before the start', async () => {
    const errors = await fieldErrorsOf(
      addQualification(as(agencyA), {
        ...base,
        type: '测绘资质证书',
        validFrom: '2025-01-01',
        validTo: '2024-01-01',
      }),
    )
    expect(errors).toEqual({ validTo: ['有效期至不能早于生效日期'] })
  })

  it('departments and enterprises have none', async () => {
    const input = { ...base, type: '测绘资质证书', validFrom: '2024-01-01' }
    await expect(addQualification(as(department), input)).rejects.toBeInstanceOf(ForbiddenError)
    await expect(addQualification(as(enterprise), input)).rejects.toBeInstanceOf(ForbiddenError)
  })

  it("an agency cannot remove another agency's qualification", async () => {
    const mine = await addQualification(as(agencyA), {
      ...base,
      type: '测绘资质证书',
      validFrom: '2024-01-01',
    })
    await expect(removeQualification(as(agencyB), mine.id)).rejects.toBeInstanceOf(ForbiddenError)
    await expect(removeQualification(as(agencyB), 'not-a-uuid')).rejects.toBeInstanceOf(
      NotFoundError,
    )
    const [still] = await handle.db
      .select()
      .from(qualifications)
      .where(eq(qualifications.id, mine.id))
    expect(still).toEqual(mine)
    await removeQualification(as(agencyA), mine.id)
    expect(
      await handle.db.select().from(qualifications).where(eq(qualifications.id, mine.id)),
    ).toEqual([])
    expect(await lastAudit(mine.id)).toMatchObject({ action: 'qualification.removed' })
  })
})

describe('practitioners', () => {
  it('are listed for their own agency only, and another agency cannot remove them', async () => {
    const added = await addPractitioner(as(agencyA), {
      name: XSS,
      certificateType: '注册测绘师',
      certificateNumber: '豫1234567890',
    })
    expect(added.name).toBe(XSS)
    expect((await listMyPractitioners(as(agencyA))).map((p) => p.id)).toContain(added.id)
    expect((await listMyPractitioners(as(agencyB))).map((p) => p.id)).not.toContain(added.id)
    await expect(removePractitioner(as(agencyB), added.id)).rejects.toBeInstanceOf(ForbiddenError)
    await expect(
      addPractitioner(as(enterprise), {
        name: '王五',
        certificateType: '注册测绘师',
        certificateNumber: '1234',
      }),
    ).rejects.toBeInstanceOf(ForbiddenError)
    const [still] = await handle.db
      .select()
      .from(practitioners)
      .where(eq(practitioners.id, added.id))
    expect(still).toEqual(added)
    await removePractitioner(as(agencyA), added.id)
    expect(await lastAudit(added.id)).toMatchObject({ action: 'practitioner.removed' })
  })
})

describe('offerings', () => {
  const fixed = { feeKind: 'fixed' as const, feeFixedFen: 8_000_000, scope: XSS }

  it('one per item: the committed time limit stays within the item’s, a duplicate is refused', async () => {
    // SI-012 土地勘测定界: 15 working days.
    const tooSlow = await fieldErrorsOf(
      createOffering(as(agencyA), { ...fixed, serviceItemCode: 'SI-012', timeLimitDays: 16 }),
    )
    expect(tooSlow).toEqual({ timeLimitDays: ['承诺时限不能超过该事项规定的 15 个工作日'] })
    const offering = await createOffering(as(agencyA), {
      ...fixed,
      serviceItemCode: 'SI-012',
      timeLimitDays: 15,
    })
    expect(offering).toMatchObject({ feeMinFen: 8_000_000, feeMaxFen: 8_000_000, scope: XSS })
    expect(await lastAudit(offering.id)).toMatchObject({ action: 'offering.created' })
    const duplicate = await fieldErrorsOf(
      createOffering(as(agencyA), { ...fixed, serviceItemCode: 'SI-012', timeLimitDays: 10 }),
    )
    expect(duplicate).toEqual({ serviceItemCode: [expect.stringContaining('已发布该事项')] })
    const offerable = (await listOfferableItems(as(agencyA))).map((i) => i.code)
    expect(offerable).not.toContain('SI-012')
    expect(offerable).toContain('SI-001')
    // Agency B may offer the same item.
    await createOffering(as(agencyB), { ...fixed, serviceItemCode: 'SI-012', timeLimitDays: 5 })
  })

  it('a retired item cannot be offered', async () => {
    await handle.db
      .update(serviceItems)
      .set({ retiredAt: new Date() })
      .where(eq(serviceItems.code, 'SI-048'))
    expect(
      await fieldErrorsOf(
        createOffering(as(agencyA), { ...fixed, serviceItemCode: 'SI-048', timeLimitDays: 5 }),
      ),
    ).toEqual({ serviceItemCode: ['请从列表中选择服务事项'] })
    expect((await listOfferableItems(as(agencyA))).map((i) => i.code)).not.toContain('SI-048')
  })

  it('departments and enterprises cannot offer services', async () => {
    const input = { ...fixed, serviceItemCode: 'SI-001', timeLimitDays: 5 }
    await expect(createOffering(as(department), input)).rejects.toBeInstanceOf(ForbiddenError)
    await expect(createOffering(as(enterprise), input)).rejects.toBeInstanceOf(ForbiddenError)
  })

  it('an agency edits, pauses and resumes its own offering, each audited', async () => {
    const offering = await createOffering(as(agencyA), {
      feeKind: 'rule',
      feeMinFen: 1_000_000,
      feeMaxFen: 20_000_000,
      feeRule: '按投资额的 0.13% 计取',
      feeExample: '投资额 5000 万元 → 收费 6.5 万元',
      serviceItemCode: 'SI-001',
      timeLimitDays: 40,
    })
    const updated = await updateOffering(as(agencyA), offering.id, {
      feeKind: 'range',
      feeMinFen: 2_000_000,
      feeMaxFen: 5_000_000,
      timeLimitDays: 30,
    })
    expect(updated).toMatchObject({ feeKind: 'range', feeRule: '', feeMaxFen: 5_000_000 })
    expect(
      await fieldErrorsOf(
        updateOffering(as(agencyA), offering.id, { ...fixed, timeLimitDays: 61 }),
      ),
    ).toEqual({ timeLimitDays: ['承诺时限不能超过该事项规定的 60 个工作日'] })
    expect(await pauseOffering(as(agencyA), offering.id)).toBe(true)
    expect(await lastAudit(offering.id)).toMatchObject({ action: 'offering.paused' })
    expect(await pauseOffering(as(agencyA), offering.id)).toBe(false)
    const listed = await listMyOfferings(as(agencyA))
    expect(listed.find((o) => o.id === offering.id)!.pausedAt).not.toBeNull()
    expect(await resumeOffering(as(agencyA), offering.id)).toBe(true)
    expect(await lastAudit(offering.id)).toMatchObject({ action: 'offering.resumed' })
  })

  it('keeps the directory’s count of unpaused offerings in step', async () => {
    const agency = await signedUp('agency')
    const countOf = async () =>
      (
        await handle.db
          .select({ n: organisations.activeOfferingCount })
          .from(organisations)
          .where(eq(organisations.id, agency.organisationId!))
      )[0]!.n
    const first = await createOffering(as(agency), {
      ...fixed,
      serviceItemCode: 'SI-002',
      timeLimitDays: 10,
    })
    await createOffering(as(agency), { ...fixed, serviceItemCode: 'SI-003', timeLimitDays: 10 })
    expect(await countOf()).toBe(2)
    await pauseOffering(as(agency), first.id)
    await pauseOffering(as(agency), first.id) // a second pause changes nothing
    expect(await countOf()).toBe(1)
    await resumeOffering(as(agency), first.id)
    expect(await countOf()).toBe(2)
  })

  it("another agency can neither read, edit, pause, nor touch the cases of one's offering", async () => {
    const offering = await createOffering(as(agencyA), {
      ...fixed,
      serviceItemCode: 'SI-002',
      timeLimitDays: 20,
    })
    const kase = await addOfferingCase(as(agencyA), offering.id, {
      title: '某化工项目环评',
      clientName: '濮阳某化工有限公司',
      completedOn: '2025-06-30',
      amount: 5_000_000,
    })
    const b = as(agencyB)
    const attempts = [
      () => getMyOffering(b, offering.id),
      () => updateOffering(b, offering.id, { ...fixed, feeFixedFen: 1, timeLimitDays: 1 }),
      () => pauseOffering(b, offering.id),
      () => resumeOffering(b, offering.id),
      () =>
        addOfferingCase(b, offering.id, {
          title: '冒名业绩',
          clientName: '某公司',
          completedOn: '2025-01-01',
          amount: null,
        }),
      () => removeOfferingCase(b, offering.id, kase.id),
    ]
    for (const attempt of attempts) await expect(attempt()).rejects.toBeInstanceOf(ForbiddenError)
    // Naming one's own offering with another's case id finds nothing either.
    const own = (await listMyOfferings(b))[0]!
    await expect(removeOfferingCase(b, own.id, kase.id)).rejects.toBeInstanceOf(NotFoundError)
    const [row] = await handle.db.select().from(offerings).where(eq(offerings.id, offering.id))
    expect(row).toEqual(offering)
    const cases = await handle.db
      .select()
      .from(offeringCases)
      .where(eq(offeringCases.offeringId, offering.id))
    expect(cases).toEqual([kase])
  })

  it('past cases are added and removed, never dated in the future', async () => {
    const [offering] = await handle.db
      .select()
      .from(offerings)
      .where(
        and(
          eq(offerings.agencyId, agencyA.organisationId!),
          eq(offerings.serviceItemCode, 'SI-001'),
        ),
      )
    const kase = await addOfferingCase(as(agencyA), offering!.id, {
      title: XSS,
      clientName: '某公司',
      completedOn: '2024-05-01',
      amount: null,
    })
    expect((await getMyOffering(as(agencyA), offering!.id)).cases.map((c) => c.title)).toContain(
      XSS,
    )
    expect(
      await fieldErrorsOf(
        addOfferingCase(
          as(agencyA),
          offering!.id,
          { title: '未来项目', clientName: '某公司', completedOn: '2026-03-02', amount: null },
          new Date('2026-03-01T00:00:00Z'),
        ),
      ),
    ).toEqual({ completedOn: ['完成日期不能晚于今天'] })
    await removeOfferingCase(as(agencyA), offering!.id, kase.id)
    expect(await lastAudit(offering!.id)).toMatchObject({ action: 'offering.case_removed' })
  })

  it('tells whether the agency holds the item’s required qualification today', async () => {
    const offering = await createOffering(as(agencyB), {
      ...fixed,
      serviceItemCode: 'SI-004', // 环境监测 needs a CMA certificate
      timeLimitDays: 10,
    })
    expect((await getMyOffering(as(agencyB), offering.id)).holdsRequiredQualification).toBe(false)
    await addQualification(as(agencyB), {
      type: '检验检测机构资质认定证书（CMA）',
      number: 'CMA-001',
      issuer: '河南省市场监督管理局',
      validFrom: '2020-01-01',
    })
    expect((await getMyOffering(as(agencyB), offering.id)).holdsRequiredQualification).toBe(true)
  })
})
