import { describe, expect, it } from 'vitest'
import { facetsFrom } from '../../search/facets.ts'
import { searchParamsFrom } from '../../search/filters.ts'

const paramsOf = (query: string) => searchParamsFrom(new URL(`http://localhost/search?${query}`))

describe('search parameters from the URL', () => {
  it('reads a credit grade, and ignores any other value', () => {
    expect(paramsOf('q=环评&grade=C').grade).toBe('C')
    for (const bad of ['grade=c', 'grade=E', 'grade=', 'grade=A%20', ''])
      expect(paramsOf(bad).grade, bad).toBeNull()
  })

  it('reads the credit sort', () => {
    expect(paramsOf('sort=credit').sort).toBe('credit')
    expect(paramsOf('sort=score').sort).toBe('relevance')
  })
})

describe('the grade facet', () => {
  it('lists grades A to D with their names, leaving out grades nobody has', () => {
    const facets = facetsFrom([
      { set: 'grade', value: 'D', label: null, n: 1 },
      { set: 'grade', value: 'A', label: null, n: 7 },
      { set: 'grade', value: 'B', label: null, n: 0 },
    ])
    expect(facets.grade).toEqual([
      { value: 'A', label: 'A 级（守信）', count: 7 },
      { value: 'D', label: 'D 级（严重失信）', count: 1 },
    ])
  })
})

describe('the city facet', () => {
  it('names every city by the four digits agencies file under, 济源市 (4190) too', () => {
    const facets = facetsFrom([
      { set: 'city', value: '4109', label: '4109', n: 5 },
      { set: 'city', value: '4190', label: '4190', n: 3 },
      { set: 'city', value: '', label: '', n: 2 },
    ])
    expect(facets.city).toEqual([
      { value: '4109', label: '濮阳市', count: 5 },
      { value: '4190', label: '济源市', count: 3 },
      { value: '', label: '省外', count: 2 },
    ])
  })
})
