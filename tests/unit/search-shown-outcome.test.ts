import { describe, expect, it } from 'vitest'
import type { SearchOutcome } from '../../search/query.ts'
import { shownOutcome } from '../../app/components/search/shown-outcome.server.ts'

const common = {
  total: 1,
  totalExact: true,
  page: 1,
  pageSize: 20,
  message: null,
  understood: { items: [{ code: 'SI-001', score: 3.2 }], words: ['环评'], place: null },
  facets: null,
} as unknown as Omit<SearchOutcome, 'type' | 'results'>

describe("the search page's data", () => {
  it('carries what an agency result shows, not its introduction, score or unshown marks', () => {
    const outcome = {
      ...common,
      type: 'agency',
      results: [
        {
          id: 'a1',
          name: '濮阳环评公司',
          introduction: '很长的机构简介，环评……',
          region: { code: '410902', name: '河南省 濮阳市 华龙区' },
          verified: true,
          creditGrade: 'A',
          activeOfferingCount: 3,
          score: 0.87,
          highlights: { name: [[2, 4]], introduction: [[8, 10]] },
        },
      ],
    } as SearchOutcome
    expect(shownOutcome(outcome).results).toEqual([
      {
        id: 'a1',
        name: '濮阳环评公司',
        regionName: '河南省 濮阳市 华龙区',
        verified: true,
        creditGrade: 'A',
        activeOfferingCount: 3,
        highlights: { name: [[2, 4]] },
      },
    ])
  })

  it('keeps the counts, paging, message and place the page shows', () => {
    const shown = shownOutcome({
      ...common,
      understood: { items: [], words: [], place: { name: '濮阳', code: '4109', label: '濮阳市' } },
      type: 'offering',
      results: [],
    } as unknown as SearchOutcome)
    expect(shown).toEqual({
      total: 1,
      totalExact: true,
      page: 1,
      pageSize: 20,
      message: null,
      placeLabel: '濮阳市',
      facets: null,
      type: 'offering',
      results: [],
    })
  })
})
