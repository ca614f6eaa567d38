import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { organisations, practitioners, qualifications } from '../../models/db/schema.ts'
import { ForbiddenError, NotFoundError, type ValidationError } from '../../models/errors.ts'
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
  XSS,
} from './registry-fixture.ts'

setUpRegistry()

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

  it('are registered once per certificate, even when the form is sent twice at once', async () => {
    const input = { name: '赵六', certificateType: '注册测绘师', certificateNumber: '豫5550001' }
    const answers = await Promise.allSettled([
      addPractitioner(as(agencyA), input),
      addPractitioner(as(agencyA), input),
    ])
    expect(answers.map((a) => a.status).sort()).toEqual(['fulfilled', 'rejected'])
    const refused = answers.find((a) => a.status === 'rejected')!.reason as ValidationError
    expect(refused.fieldErrors.certificateNumber?.[0]).toContain('不能重复登记')
    const mine = await listMyPractitioners(as(agencyA))
    expect(mine.filter((p) => p.certificateNumber === input.certificateNumber)).toHaveLength(1)
    // Another agency's claim to the same number is its own record (supervisors compare them).
    await addPractitioner(as(agencyB), input)
  })
})
