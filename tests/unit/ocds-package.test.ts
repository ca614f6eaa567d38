import { describe, expect, it } from 'vitest'
import {
  compiledRelease,
  OCID_PREFIX_PATTERN,
  ocdsExtensions,
  pageUrl,
  parseReleaseQuery,
  RELEASES_PAGE_SIZE,
} from '../../models/rules/ocds-package.ts'
import type { OcdsRelease } from '../../models/rules/ocds-types.ts'

const parse = (query: string) => parseReleaseQuery(new URLSearchParams(query))

describe('the release package query', () => {
  it('reads days in Beijing time, `to` including the whole day', () => {
    expect(parse('from=2026-11-01&to=2026-11-30')).toEqual({
      ok: true,
      query: {
        from: new Date('2026-10-31T16:00:00.000Z'),
        to: new Date('2026-11-30T16:00:00.000Z'),
        page: 1,
        pageSize: RELEASES_PAGE_SIZE,
      },
    })
  })

  it('reads instants with their offset, and pages', () => {
    expect(parse('from=2026-11-01T08:00:00%2B08:00&page=3&pageSize=10')).toEqual({
      ok: true,
      query: { from: new Date('2026-11-01T00:00:00.000Z'), to: undefined, page: 3, pageSize: 10 },
    })
    expect(parse('')).toEqual({ ok: true, query: { page: 1, pageSize: RELEASES_PAGE_SIZE } })
  })

  it('refuses what is no date, an empty range and pages out of bounds', () => {
    const problems = (query: string) => {
      const parsed = parse(query)
      return parsed.ok ? [] : parsed.problems
    }
    expect(problems('from=2026-02-30')).toEqual(['from 日期无效：2026-02-30'])
    expect(problems('to=yesterday')[0]).toContain('to 格式无效')
    expect(problems('from=2026-11-01T08:00:00')[0]).toContain('from 格式无效')
    expect(problems('from=2026-11-02&to=2026-11-01')).toEqual(['from 须早于 to'])
    expect(problems('page=0')[0]).toContain('page 取值无效')
    expect(problems('page=1.5')[0]).toContain('page 取值无效')
    expect(problems(`pageSize=${RELEASES_PAGE_SIZE + 1}`)[0]).toContain('pageSize 取值无效')
  })

  it('links other pages on the same query', () => {
    const url = new URL('http://zjcs.test/api/v1/ocds/releases?from=2026-11-01&page=2')
    expect(pageUrl(url, 3)).toBe('http://zjcs.test/api/v1/ocds/releases?from=2026-11-01&page=3')
  })
})

describe('records and extensions', () => {
  it('compiles the latest release, tagged compiled', () => {
    const release = (id: string, status: string) =>
      ({
        ocid: 'o',
        id,
        date: '2026-11-01T00:00:00.000Z',
        tag: ['tenderUpdate'],
        tender: { status },
      }) as unknown as OcdsRelease
    const compiled = compiledRelease([release('o-1', 'active'), release('o-2', 'complete')])
    expect(compiled).toMatchObject({
      id: 'o-2-compiled',
      tag: ['compiled'],
      tender: { status: 'complete' },
    })
  })

  it('lists the bids, enquiries and our own extension by URL', () => {
    expect(ocdsExtensions('http://zjcs.test', false)).toEqual([
      'https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json',
      'https://raw.githubusercontent.com/open-contracting-extensions/ocds_enquiry_extension/v1.1.5/extension.json',
      'http://zjcs.test/api/v1/ocds/extension/extension.json',
    ])
    expect(ocdsExtensions('http://zjcs.test', true)).toHaveLength(4)
  })

  it('accepts only registered-looking ocid prefixes', () => {
    expect(OCID_PREFIX_PATTERN.test('ocds-zjcs00')).toBe(true)
    expect(OCID_PREFIX_PATTERN.test('ocds-213czf')).toBe(true)
    expect(OCID_PREFIX_PATTERN.test('ocds-zjcs')).toBe(false)
    expect(OCID_PREFIX_PATTERN.test('zjcs00')).toBe(false)
  })
})
