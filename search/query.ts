import type { Database } from '../models/db/client.ts'
import { matchAgencies } from './agency-search.ts'
import { type CatalogueLexicon, lastLexicon, loadLexicon } from './catalogue-terms.ts'
import type { Facets } from './facets.ts'
import { MAX_SEARCH_PAGE, type SearchParams } from './filters.ts'
import { matchOfferings } from './offering-search.ts'
import { COUNT_CAP } from './plans.ts'
import { matchProjects } from './project-search.ts'
import type { AgencyResult, OfferingResult, ProjectResult } from './results.ts'
import { understandQuery, type UnderstoodQuery } from './understand.ts'

export type { AgencyResult, Highlights, OfferingResult, ProjectResult } from './results.ts'
export { COUNT_CAP }

export type SearchOutcome = {
  /** Matches found; when `totalExact` is false there are more than this (COUNT_CAP). */
  total: number
  /** False for a broad full-text query whose counting stopped at COUNT_CAP; facets then count
   * only the first COUNT_CAP matches, and ranking ranks only those. */
  totalExact: boolean
  page: number
  pageSize: number
  /** A note for the person searching, e.g. why nothing was searched. */
  message: string | null
  /** Nothing matched the query as typed; these results are for this reading of it (测绘). */
  heardAs: string | null
  understood: Pick<UnderstoodQuery, 'items' | 'words' | 'place'>
  facets: Facets | null
} & (
  | { type: 'offering'; results: OfferingResult[] }
  | { type: 'agency'; results: AgencyResult[] }
  | { type: 'project'; results: ProjectResult[] }
)

function messageFor(u: UnderstoodQuery, hasFilters: boolean) {
  if (hasFilters || u.place) return null
  if (u.normalized === '') return '请输入要查找的服务事项或机构名称，例如“环评”“濮阳 测绘”。'
  if ([...u.normalized.replace(/ /g, '')].length < 2 && u.items.length === 0)
    return '关键词太短，请至少输入两个字。'
  return null
}

/**
 * Searches visible offerings (or agencies): the query is first read against the catalogue
 * (items by name, alias, synonym or pinyin; a place as a region filter) and answered from
 * the narrow offering_search rows with btree filters, totals and facets from precomputed
 * counts; words naming no item go to full text, then to the trigram name fallback, counted
 * and ranked up to COUNT_CAP matches.
 */
export async function search(
  db: Database,
  params: SearchParams,
  options: { countCap?: number } = {},
): Promise<SearchOutcome> {
  // The catalogue is read on every search so a supervisor's change counts at once; with a
  // lexicon already built, the search runs on it while the read checks it is still current.
  const known = lastLexicon()
  if (!known) return searchWith(await loadLexicon(db), db, params, options)
  const [current, outcome] = await Promise.all([
    loadLexicon(db),
    searchWith(known, db, params, options),
  ])
  return current === known ? outcome : searchWith(current, db, params, options)
}

async function searchWith(
  lexicon: CatalogueLexicon,
  db: Database,
  params: SearchParams,
  options: { countCap?: number },
): Promise<SearchOutcome> {
  const u = understandQuery(lexicon, params.q)
  const pageSize = Math.min(Math.max(params.pageSize ?? 20, 1), 50)
  const page = Math.max(1, Math.min(params.page ?? 1, MAX_SEARCH_PAGE))
  const hasFilters = !!(
    params.item ||
    params.category ||
    params.region ||
    params.verified ||
    params.fee ||
    params.qualification ||
    params.grade
  )
  const message = messageFor(u, hasFilters)
  const understood = { items: u.items, words: u.words, place: u.place }
  const base = { page, pageSize, understood, heardAs: null }
  if (message) {
    const empty = { ...base, total: 0, totalExact: true, message, facets: null }
    return { ...empty, type: params.type, results: [] }
  }
  const window = {
    limit: pageSize,
    offset: (page - 1) * pageSize,
    cap: options.countCap ?? COUNT_CAP,
  }
  if (params.type === 'project') {
    const found = await matchProjects(db, params, u, window)
    return { ...base, ...found, message: null, type: 'project' }
  }
  if (params.type === 'agency') {
    const found = await matchAgencies(db, params, u, window)
    return { ...base, ...found, message: null, type: 'agency' }
  }
  const found = await matchOfferings(db, params, u, window)
  return { ...base, ...found, message: null, type: 'offering' }
}
