import { describe, expect, it } from 'vitest'
import { parseBulkOverrides } from '../../models/validation/calendar.ts'

describe('parseBulkOverrides', () => {
  it('reads dates, ranges, both kinds and names with spaces', () => {
    const parsed = parseBulkOverrides(
      [
        '2027-01-01 休 元旦',
        '  ',
        '# comment',
        '2027-02-06～2027-02-07 放假 春节',
        '2027-02-20\t班 春节 调休上班',
      ].join('\r\n'),
    )
    expect(parsed).toEqual({
      ok: true,
      entries: [
        { date: '2027-01-01', kind: 'holiday', name: '元旦' },
        { date: '2027-02-06', kind: 'holiday', name: '春节' },
        { date: '2027-02-07', kind: 'holiday', name: '春节' },
        { date: '2027-02-20', kind: 'workday', name: '春节 调休上班' },
      ],
    })
  })

  it('names the first bad line', () => {
    const cases: [string, number, RegExp][] = [
      ['2027-02-29 休 不存在', 1, /真实存在的日期/],
      ['2027-01-01 休 元旦\n2027-01-01', 2, /日期后应写“休”或“班”/],
      ['2027-01-01 放 元旦', 1, /第二项应为“休”或“班”，而不是“放”/],
      ['2027-01-01 休', 1, /请填写名称/],
      ['2027-01-01 休 元旦\n\n2027-01-01 班 元旦', 3, /已在第 1 行出现/],
      ['2027-02-10~2027-02-01 休 春节', 1, /结束日不能早于开始日/],
      ['2027-01-01~2027-03-01 休 太长', 1, /最长 31 天/],
      ['2207-01-01 休 笔误', 1, /年份应在/],
      ['2027-01-01 休 ' + '长'.repeat(31), 1, /最多 30 个字/],
      ['\n# only a comment', 1, /没有可录入的内容/],
    ]
    for (const [text, line, reason] of cases) {
      const parsed = parseBulkOverrides(text)
      expect(parsed.ok, text).toBe(false)
      if (parsed.ok) continue
      expect(parsed.line, text).toBe(line)
      expect(parsed.reason, text).toMatch(reason)
    }
  })
})
