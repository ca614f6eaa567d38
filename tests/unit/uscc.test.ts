import { describe, expect, it } from 'vitest'
import { checkUscc, composeUscc, usccCheckCharacter } from '../../models/rules/uscc.ts'

// Published codes of real organisations, checked by hand against GB 32100-2015.
const realCodes = [
  '91350100M000100Y43', // 福耀玻璃工业集团股份有限公司
  '91110000802100433B', // 中国石油化工股份有限公司
  '914403001922038216', // 华为技术有限公司
  '11100000000013127D', // 中华人民共和国国家发展和改革委员会
]

describe('统一社会信用代码 check', () => {
  it.each(realCodes)('accepts the real code %s', (code) => {
    expect(checkUscc(code)).toEqual({ ok: true, code })
  })

  it('accepts lower case and surrounding spaces, normalising them', () => {
    expect(checkUscc(' 91350100m000100y43 ')).toEqual({ ok: true, code: '91350100M000100Y43' })
  })

  it('refuses a changed check character', () => {
    const result = checkUscc('91350100M000100Y44')
    expect(result).toEqual({ ok: false, reason: '统一社会信用代码校验位不正确，请核对' })
  })

  it('refuses a wrong length', () => {
    expect(checkUscc('9135010')).toMatchObject({ ok: false, reason: expect.stringContaining('18') })
  })

  it.each(['I', 'O', 'S', 'V', 'Z'])('refuses the excluded letter %s', (letter) => {
    expect(checkUscc(`91350100M000100Y4${letter}`)).toMatchObject({ ok: false })
  })

  it('refuses an unknown registration authority or category', () => {
    const first17 = 'Z1350100M000100Y4'
    expect(checkUscc(first17 + '3')).toMatchObject({ ok: false })
    const badCategory = '95350100M000100Y4'
    expect(checkUscc(badCategory + usccCheckCharacter(badCategory))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('前两位'),
    })
  })

  it('refuses a broken organisation-code check digit even with a matching final digit', () => {
    const first17 = '91350100M000100Y5'
    expect(checkUscc(first17 + usccCheckCharacter(first17))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('组织机构代码'),
    })
  })

  it('composes codes that pass the check', () => {
    const code = composeUscc('9', '1', '410900', 'MA4ABC12')
    expect(checkUscc(code)).toEqual({ ok: true, code })
  })

  it('finds any single-character change', () => {
    const code = realCodes[0]!
    for (let i = 0; i < 18; i++) {
      const replacement = code[i] === '1' ? '2' : '1'
      const changed = code.slice(0, i) + replacement + code.slice(i + 1)
      expect(checkUscc(changed).ok, changed).toBe(false)
    }
  })
})
