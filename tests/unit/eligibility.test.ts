import { describe, expect, it } from 'vitest'
import {
  canRemedy,
  checkEligibility,
  type EligibilityInput,
} from '../../models/rules/eligibility.ts'

const surveying = '测绘资质证书'

const eligible: EligibilityInput = {
  offersItem: true,
  offeringPaused: false,
  requiredQualification: surveying,
  qualifications: [{ type: surveying, validFrom: '2024-01-01', validTo: '2026-12-31' }],
  onDate: '2026-10-12',
  suspended: false,
  blacklisted: false,
}
const check = (changes: Partial<EligibilityInput>) => checkEligibility({ ...eligible, ...changes })

describe('checkEligibility', () => {
  it('admits an agency offering the item with the qualification valid on the deadline', () => {
    expect(checkEligibility(eligible)).toEqual({ eligible: true, reasons: [] })
  })

  it('needs an offering that is not paused', () => {
    expect(check({ offersItem: false })).toEqual({
      eligible: false,
      reasons: ['未发布该事项的服务报价'],
    })
    expect(check({ offeringPaused: true })).toEqual({
      eligible: false,
      reasons: ['该事项的服务报价已暂停'],
    })
  })

  it('counts a qualification only on the days it is valid, both ends included', () => {
    const missing = { eligible: false, reasons: ['未持有在截止日有效的「测绘资质证书」资质'] }
    const valid = (validFrom: string, validTo: string | null) =>
      check({ qualifications: [{ type: surveying, validFrom, validTo }] })
    expect(valid('2024-01-01', '2026-10-12').eligible).toBe(true)
    expect(valid('2026-10-12', null).eligible).toBe(true)
    expect(valid('2024-01-01', '2026-10-11')).toEqual(missing)
    expect(valid('2026-10-13', null)).toEqual(missing)
  })

  it('wants the required type, not any valid qualification', () => {
    const other = { type: '工程勘察资质证书', validFrom: '2020-01-01', validTo: null }
    expect(check({ qualifications: [other] }).reasons).toEqual([
      '未持有在截止日有效的「测绘资质证书」资质',
    ])
    expect(check({ qualifications: [] }).eligible).toBe(false)
    // An expired certificate next to a valid one of the same type does not matter.
    const expired = { type: surveying, validFrom: '2018-01-01', validTo: '2020-12-31' }
    expect(check({ qualifications: [expired, ...eligible.qualifications] }).eligible).toBe(true)
  })

  it('asks for no qualification when the item requires none', () => {
    expect(check({ requiredQualification: null, qualifications: [] })).toEqual({
      eligible: true,
      reasons: [],
    })
  })

  it('excludes suspended and blacklisted agencies', () => {
    expect(check({ suspended: true }).reasons).toEqual(['机构已被暂停'])
    expect(check({ blacklisted: true }).reasons).toEqual(['机构在失信名单中'])
  })

  it('lists every reason at once', () => {
    expect(
      check({ offersItem: false, qualifications: [], suspended: true, blacklisted: true }).reasons,
    ).toEqual([
      '未发布该事项的服务报价',
      '未持有在截止日有效的「测绘资质证书」资质',
      '机构已被暂停',
      '机构在失信名单中',
    ])
  })

  it('refuses a malformed date', () => {
    expect(() => check({ onDate: '2026-10-32' })).toThrow(RangeError)
  })
})

describe('canRemedy', () => {
  it('tells reasons the agency can put right from a bar it cannot', () => {
    const fixable = checkEligibility({ ...eligible, offeringPaused: true }).reasons
    expect(canRemedy(fixable)).toBe(true)
    for (const bar of [{ suspended: true }, { blacklisted: true }, { exited: true }])
      expect(
        canRemedy(checkEligibility({ ...eligible, offeringPaused: true, ...bar }).reasons),
      ).toBe(false)
  })
})
