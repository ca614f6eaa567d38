import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { offeringCases, offerings, organisations, serviceItems } from '../../models/db/schema.ts'
import { ForbiddenError, NotFoundError } from '../../models/errors.ts'
import {
  addOfferingCase,
  createOffering,
  getMyOffering,
  listMyOfferings,
  listOfferableItems,
  offeringColumns,
  pauseOffering,
  removeOfferingCase,
  resumeOffering,
  updateOffering,
} from '../../models/offerings.ts'
import { addQualification } from '../../models/qualifications.ts'

import {
  agencyA,
  agencyB,
  as,
  department,
  enterprise,
  fieldErrorsOf,
  handle,
  lastAudit,
  setUpRegistry,
  signedUp,
  XSS,
} from './registry-fixture.ts'

setUpRegistry()

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
    const [row] = await handle.db
      .select(offeringColumns)
      .from(offerings)
      .where(eq(offerings.id, offering.id))
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
    // Before publishing, the item list says so too.
    const offerable = await listOfferableItems(as(agencyB))
    expect(offerable.find((i) => i.code === 'SI-004')).toMatchObject({
      qualification: '检验检测机构资质认定证书（CMA）',
      holdsQualification: false,
    })
    expect(offerable.find((i) => i.qualification === null)?.holdsQualification).toBe(true)
    const offering = await createOffering(as(agencyB), {
      ...fixed,
      serviceItemCode: 'SI-004', // 环境监测 needs a CMA certificate
      timeLimitDays: 10,
    })
    expect((await getMyOffering(as(agencyB), offering.id)).holdsRequiredQualification).toBe(false)
    const listedOf = async () =>
      (await listMyOfferings(as(agencyB))).find((o) => o.id === offering.id)!
    expect(await listedOf()).toMatchObject({
      requiredQualification: '检验检测机构资质认定证书（CMA）',
      holdsRequiredQualification: false,
    })
    await addQualification(as(agencyB), {
      type: '检验检测机构资质认定证书（CMA）',
      number: 'CMA-001',
      issuer: '河南省市场监督管理局',
      validFrom: '2020-01-01',
    })
    expect((await getMyOffering(as(agencyB), offering.id)).holdsRequiredQualification).toBe(true)
    expect((await listedOf()).holdsRequiredQualification).toBe(true)
  })
})
