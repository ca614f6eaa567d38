import { describe, expect, it } from 'vitest'
import {
  fenToYuanText,
  formatFen,
  formatFenRange,
  formatWanColumn,
  parseYuanToFen,
} from '../../models/rules/money.ts'

describe('money in fen', () => {
  it.each([
    ['12000', 1_200_000],
    ['12,345.6', 1_234_560],
    ['0.01', 1],
    ['1.2万', 1_200_000],
    ['3万元', 3_000_000],
    [' 80000 元', 8_000_000],
    ['¥50000', 5_000_000],
    ['￥1.5万', 1_500_000],
  ])('parses %s yuan', (input, fen) => {
    expect(parseYuanToFen(input)).toEqual({ ok: true, fen })
  })

  it.each(['', 'abc', '-5', '1.234', '1e5', '99999999999', '¥¥5'])('refuses %s', (input) => {
    expect(parseYuanToFen(input).ok).toBe(false)
  })

  it('says what the largest amount is', () => {
    expect(parseYuanToFen('2001万')).toEqual({ ok: false, reason: '金额不能超过 2000 万元' })
    expect(parseYuanToFen('2000万')).toEqual({ ok: true, fen: 2_000_000_000 })
  })

  it('prints fen as yuan', () => {
    expect(fenToYuanText(1_234_560)).toBe('12,345.60')
    expect(formatFen(5_000)).toBe('¥50.00')
    expect(formatFen(12_345_600)).toBe('¥12.35 万')
    expect(fenToYuanText(100_000_000)).toBe('1,000,000.00')
    expect(fenToYuanText(-250)).toBe('-2.50')
    expect(formatFen(999_999)).toBe('¥9,999.99')
    expect(formatFen(1_000_000)).toBe('¥1 万')
    expect(formatFen(1_300_000)).toBe('¥1.3 万')
    expect(formatFen(1_205_000)).toBe('¥1.21 万')
    expect(formatFen(12_345_000)).toBe('¥12.35 万') // half up
    expect(formatFen(12_345_678_900)).toBe('¥12,345.68 万')
    expect(formatFen(-3_000_000)).toBe('¥-3 万')
  })

  it('prints a column of amounts in 万元 with the same two decimals', () => {
    expect(formatWanColumn(3_600_000)).toBe('3.60')
    expect(formatWanColumn(5_000)).toBe('0.01')
    expect(formatWanColumn(4_999)).toBe('0.00')
    expect(formatWanColumn(12_345_000)).toBe('12.35')
    expect(formatWanColumn(12_345_678_900)).toBe('12,345.68')
    expect(formatWanColumn(-3_000_000)).toBe('-3.00')
  })

  it('prints a range in one unit', () => {
    expect(formatFenRange(50_000, 250_000)).toBe('¥500.00–2,500.00')
    expect(formatFenRange(500_000, 6_000_000)).toBe('¥0.5–6 万')
    expect(formatFenRange(2_000_000, 5_000_000)).toBe('¥2–5 万')
    // 万 with two decimals would round ¥4,999.50 away: the exact 元 instead.
    expect(formatFenRange(499_950, 6_000_000)).toBe('¥4,999.50–60,000.00')
    expect(formatFenRange(3_000_000, 3_000_000)).toBe('¥3 万')
  })
})
