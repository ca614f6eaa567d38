/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-symbol alphabet
 * (no I, O, S, V, Z). Characters 9–17 are the organisation code (GB 11714),
 * which carries its own check digit; the 18th is the code's check digit.
 */
import { halfWidth } from './typed-input.ts'

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]
// 登记管理部门代码 and the organisation categories each may register.
const CATEGORIES: Record<string, string> = {
  '1': '129',
  '2': '19',
  '3': '12345789',
  '4': '19',
  '5': '1239',
  '6': '129',
  '7': '129',
  '8': '19',
  '9': '123',
  A: '19',
  N: '12349',
  Y: '1',
}

export type UsccCheck = { ok: true; code: string } | { ok: false; reason: string }

/** As typed: full width folded, spaces (often typed in groups) dropped, letters upper case. */
export function normaliseUscc(input: string): string {
  return halfWidth(input).replace(/\s/g, '').toUpperCase()
}

export function usccCheckCharacter(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(first17[i]!) * WEIGHTS[i]!
  return ALPHABET[(31 - (sum % 31)) % 31]!
}

export function organisationCodeCheckCharacter(first8: string): string {
  let sum = 0
  for (let i = 0; i < 8; i++) sum += ALPHABET.indexOf(first8[i]!) * ORG_CODE_WEIGHTS[i]!
  const c = 11 - (sum % 11)
  return c === 10 ? 'X' : c === 11 ? '0' : String(c)
}

export function checkUscc(input: string): UsccCheck {
  const code = normaliseUscc(input)
  if (code.length !== 18) return { ok: false, reason: '统一社会信用代码应为 18 位' }
  if (![...code.slice(0, 17)].every((c) => ALPHABET.includes(c)) || !ALPHABET.includes(code[17]!))
    return { ok: false, reason: '统一社会信用代码含有无效字符（不使用 I、O、S、V、Z）' }
  const categories = CATEGORIES[code[0]!]
  if (!categories || !categories.includes(code[1]!))
    return { ok: false, reason: '统一社会信用代码前两位（登记管理部门和机构类别）无效' }
  if (!/^\d{6}$/.test(code.slice(2, 8)))
    return { ok: false, reason: '统一社会信用代码第 3–8 位应为行政区划代码' }
  const orgCode = code.slice(8, 17)
  if (
    !/^[0-9A-Z]{8}[0-9X]$/.test(orgCode) ||
    organisationCodeCheckCharacter(orgCode) !== orgCode[8]
  )
    return { ok: false, reason: '统一社会信用代码中的组织机构代码校验位不正确' }
  if (usccCheckCharacter(code) !== code[17])
    return { ok: false, reason: '统一社会信用代码校验位不正确，请核对' }
  return { ok: true, code }
}

/**
 * Builds a valid code from its parts; `serial` is the first 8 characters of the
 * organisation code. Used by the demo seed and tests.
 */
export function composeUscc(authority: string, category: string, region: string, serial: string) {
  const org = serial + organisationCodeCheckCharacter(serial)
  const first17 = authority + category + region + org
  return first17 + usccCheckCharacter(first17)
}
