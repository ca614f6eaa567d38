import { describe, expect, it } from 'vitest'
import { chineseCapitalAmount } from '../../models/rules/chinese-amount.ts'

const DIGITS = '零壹贰叁肆伍陆柒捌玖'
const PLACES: Record<string, number> = { 拾: 10, 佰: 100, 仟: 1000 }

/** An independent reader of capital numerals, so random amounts can be checked both ways. */
function readYuan(text: string): number {
  const yi = text.lastIndexOf('亿')
  if (yi >= 0) return readYuan(text.slice(0, yi)) * 100_000_000 + readYuan(text.slice(yi + 1))
  const wan = text.lastIndexOf('万')
  if (wan >= 0) return readYuan(text.slice(0, wan)) * 10_000 + readYuan(text.slice(wan + 1))
  let value = 0
  let pending = 0
  for (const char of text) {
    if (char in PLACES) {
      expect(pending, `${char} without its digit in ${text}`).toBeGreaterThan(0)
      value += pending * PLACES[char]!
      pending = 0
    } else if (DIGITS.includes(char)) pending = DIGITS.indexOf(char)
    else throw new Error(`unexpected ${char} in ${text}`)
  }
  return value + pending
}

function readFen(text: string): number {
  const body = text.replace(/整$/, '')
  const [yuan, fraction] = body.includes('元') ? body.split('元') : ['', body]
  const jiao = /(.)角/.exec(fraction!)?.[1]
  const fen = /(.)分/.exec(fraction!)?.[1]
  const digitOf = (c: string | undefined) => (c ? DIGITS.indexOf(c) : 0)
  return readYuan(yuan!) * 100 + digitOf(jiao) * 10 + digitOf(fen)
}

describe('大写金额', () => {
  it.each([
    [0, '零元整'],
    [5, '伍分'],
    [50, '伍角整'],
    [1_000, '壹拾元整'],
    [105, '壹元零伍分'],
    [1_005, '壹拾元零伍分'],
    [10_000_000, '壹拾万元整'],
    [100_000_010, '壹佰万元零壹角整'],
    [1_234_567, '壹万贰仟叁佰肆拾伍元陆角柒分'],
    [1_234_560, '壹万贰仟叁佰肆拾伍元陆角整'],
    [10_020_030_000, '壹亿零贰拾万零叁佰元整'],
    [100_456, '壹仟零肆元伍角陆分'],
    [168_032, '壹仟陆佰捌拾元零叁角贰分'],
    [10_700_053, '壹拾万柒仟元零伍角叁分'],
    [100_001_000_000, '壹拾亿零壹万元整'],
    [101_000_000_000, '壹拾亿壹仟万元整'],
    [100_100_000_000, '壹拾亿零壹佰万元整'],
    [769_910_045_050_903, '柒万陆仟玖佰玖拾壹亿零肆拾伍万零伍佰零玖元零叁分'],
    [1_000_050_000, '壹仟万零伍佰元整'],
    [2_000_000_000, '贰仟万元整'],
    [100_000_000_000_000, '壹万亿元整'],
  ])('writes %i fen as %s', (fen, text) => {
    expect(chineseCapitalAmount(fen)).toBe(text)
  })

  it('reads back as the same amount, with one 零 at most in a row and 整 only without 分', () => {
    let seed = 20_260_611
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31
    for (let i = 0; i < 2_000; i++) {
      // Amounts of every length, many with runs of zeros.
      const digits = 1 + Math.floor(random() * 15)
      let fen = 0
      for (let d = 0; d < digits; d++)
        fen = fen * 10 + (random() < 0.4 ? 0 : Math.floor(random() * 10))
      const text = chineseCapitalAmount(fen)
      expect(readFen(text), text).toBe(fen)
      if (fen > 0) expect(text).not.toMatch(/零零|零[元万亿整]|^零/)
      expect(text.endsWith('整')).toBe(fen % 10 === 0)
    }
  })

  it.each([-1, 0.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1])('refuses %s', (fen) => {
    expect(() => chineseCapitalAmount(fen)).toThrow(RangeError)
  })
})
