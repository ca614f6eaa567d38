import { describe, expect, it } from 'vitest'
import {
  isIsoDate,
  isQualificationValidOn,
  maskCertificateNumber,
  qualificationStatus,
  shanghaiDate,
} from '../../models/rules/qualifications.ts'

describe('qualification status', () => {
  const q = { validFrom: '2024-01-01', validTo: '2026-06-30' }

  it('counts from its first day through its last day', () => {
    expect(qualificationStatus(q, '2023-12-31')).toBe('not_yet_valid')
    expect(qualificationStatus(q, '2024-01-01')).toBe('valid')
    expect(qualificationStatus(q, '2026-06-30')).toBe('valid')
    expect(qualificationStatus(q, '2026-07-01')).toBe('expired')
  })

  it('an expired qualification no longer counts', () => {
    expect(isQualificationValidOn(q, '2026-07-01')).toBe(false)
    expect(isQualificationValidOn(q, '2025-03-15')).toBe(true)
  })

  it('one without an end date (长期有效) never expires', () => {
    const forever = { validFrom: '2020-05-01', validTo: null }
    expect(qualificationStatus(forever, '2099-12-31')).toBe('valid')
    expect(isQualificationValidOn(forever, '2020-04-30')).toBe(false)
  })

  it('“today” is the calendar date in Beijing, not in UTC', () => {
    // 2026-06-30 17:00 UTC is already 1 July in Beijing.
    const today = shanghaiDate(new Date('2026-06-30T17:00:00Z'))
    expect(today).toBe('2026-07-01')
    expect(qualificationStatus(q, today)).toBe('expired')
    expect(shanghaiDate(new Date('2026-06-30T15:59:59Z'))).toBe('2026-06-30')
  })
})

describe('dates typed into forms', () => {
  it.each(['2025-02-28', '2024-02-29'])('accepts %s', (d) => expect(isIsoDate(d)).toBe(true))
  it.each(['2025-02-29', '2025-13-01', '2025-1-1', '20250101', ''])('refuses %s', (d) =>
    expect(isIsoDate(d)).toBe(false),
  )
})

describe('certificate numbers in public', () => {
  it('keeps the first and last two characters only', () => {
    expect(maskCertificateNumber('豫1234567890')).toBe('豫1*******90')
    expect(maskCertificateNumber('ABCDE')).toBe('AB*DE')
    expect(maskCertificateNumber(' 1234 ')).toBe('1***')
    expect(maskCertificateNumber('')).toBe('')
  })

  it('never shows the middle of the number', () => {
    const masked = maskCertificateNumber('建[造]1416000123456')
    expect(masked).not.toContain('000123')
    expect(masked).toHaveLength(Array.from('建[造]1416000123456').length)
  })
})
