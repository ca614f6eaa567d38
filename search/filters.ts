import { type CreditGrade, creditGrades } from '../models/rules/credit-rules.ts'

/** Fee range buckets on an offering's lowest fee, in fen. */
export const feeBuckets = [
  { key: 'lt1w', label: '1 万元以下', min: 0, max: 1_000_000 },
  { key: '1w-5w', label: '1–5 万元', min: 1_000_000, max: 5_000_000 },
  { key: '5w-20w', label: '5–20 万元', min: 5_000_000, max: 20_000_000 },
  { key: 'gte20w', label: '20 万元以上', min: 20_000_000, max: null },
] as const
export type FeeBucketKey = (typeof feeBuckets)[number]['key']

export const searchTypes = ['offering', 'agency', 'project'] as const
export type SearchType = (typeof searchTypes)[number]

export const searchSorts = ['relevance', 'fee', 'time', 'credit'] as const
export type SearchSort = (typeof searchSorts)[number]

export interface SearchParams {
  q: string
  type: SearchType
  /** A catalogue item code. */
  item?: string | null
  category?: string | null
  /** A Henan city (4 digits) or county (6 digits) code. */
  region?: string | null
  verified?: boolean
  fee?: FeeBucketKey | null
  /** A qualification the agency holds. */
  qualification?: string | null
  /** The agency's credit grade. */
  grade?: CreditGrade | null
  sort?: SearchSort
  page?: number
  pageSize?: number
  /** Facet counts cost extra queries: the API leaves them out. */
  facets?: boolean
}

const pick = <T extends string>(allowed: readonly T[], value: string | null, fallback: T) =>
  allowed.includes(value as T) ? (value as T) : fallback

/** How deep results page: further pages would only repeat the last one asked of the index. */
export const MAX_SEARCH_PAGE = 500

/** Reads search parameters from a URL; anything unknown is ignored, never an error. */
export function searchParamsFrom(url: URL): SearchParams {
  const p = url.searchParams
  const text = (name: string) => p.get(name)?.trim().slice(0, 100) || null
  const page = Number(p.get('page'))
  const fee = p.get('fee')
  const grade = p.get('grade')
  return {
    q: (p.get('q') ?? '').slice(0, 500),
    type: pick(searchTypes, p.get('type'), 'offering'),
    item: text('item'),
    category: text('category'),
    region: /^\d{4}(\d{2})?$/.test(p.get('region') ?? '') ? p.get('region') : null,
    verified: p.get('verified') === '1',
    fee: feeBuckets.some((b) => b.key === fee) ? (fee as FeeBucketKey) : null,
    qualification: text('qualification'),
    grade: creditGrades.includes(grade as CreditGrade) ? (grade as CreditGrade) : null,
    sort: pick(searchSorts, p.get('sort'), 'relevance'),
    page: Number.isInteger(page) && page >= 1 ? Math.min(page, MAX_SEARCH_PAGE) : 1,
  }
}
