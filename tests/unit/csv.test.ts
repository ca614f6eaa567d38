import { describe, expect, it } from 'vitest'
import {
  csvDocument,
  csvDownloadHeaders,
  csvField,
  toCsv,
  UTF8_BOM,
} from '../../models/rules/csv.ts'

describe('CSV (RFC 4180)', () => {
  it('quotes only fields that need it, doubling quotes', () => {
    expect(csvField('郑州市')).toBe('郑州市')
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField('他说"好"')).toBe('"他说""好"""')
    expect(csvField('两行\n文字')).toBe('"两行\n文字"')
    expect(csvField('回车\r')).toBe('"回车\r"')
    expect(csvField(12.5)).toBe('12.5')
    expect(csvField(-3)).toBe('-3')
    expect(csvField(null)).toBe('')
    expect(csvField(undefined)).toBe('')
    expect(csvField(true)).toBe('true')
  })

  it('keeps a spreadsheet from running text as a formula', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`)
    expect(csvField('+86 138')).toBe("'+86 138")
    expect(csvField('-')).toBe("'-")
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)")
  })

  it('ends every record with CRLF and starts a document with the BOM', () => {
    const rows = [
      ['月份', '金额（元）'],
      ['2026-03', 1234.5],
    ]
    expect(toCsv(rows)).toBe('月份,金额（元）\r\n2026-03,1234.5\r\n')
    const document = csvDocument(rows)
    expect(document.startsWith(UTF8_BOM)).toBe(true)
    expect(document.slice(1)).toBe(toCsv(rows))
    expect([...new TextEncoder().encode(document).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  })

  it('names the download in UTF-8 with an ASCII stand-in', () => {
    const headers = csvDownloadHeaders('统计 (按月)*.csv', 'stats-monthly.csv')
    expect(headers['Content-Type']).toBe('text/csv; charset=utf-8')
    expect(headers['Content-Disposition']).toBe(
      `attachment; filename="stats-monthly.csv"; filename*=UTF-8''%E7%BB%9F%E8%AE%A1%20%28%E6%8C%89%E6%9C%88%29%2A.csv`,
    )
    expect(decodeURIComponent(headers['Content-Disposition']!.split("''")[1]!)).toBe(
      '统计 (按月)*.csv',
    )
    // Without a stand-in: the name's ASCII part, and .csv added when missing.
    expect(csvDownloadHeaders('报表-2026"a')['Content-Disposition']).toBe(
      `attachment; filename="-2026_a.csv"; filename*=UTF-8''%E6%8A%A5%E8%A1%A8-2026%22a.csv`,
    )
  })
})
