import {
  and,
  asc,
  count,
  desc,
  eq,
  exists,
  ilike,
  inArray,
  isNotNull,
  isNull,
  or,
  type SQL,
  sql,
} from 'drizzle-orm'
import type { Database } from '../models/db/client.ts'
import { offerings, organisations, qualifications, serviceItems } from '../models/db/schema.ts'
import { regionLabel } from '../models/regions.ts'
import { loadLexicon } from './catalogue-terms.ts'
import { feeBuckets, type SearchParams } from './filters.ts'
import { highlightRanges } from './highlight.ts'
import { understandQuery, type UnderstoodQuery } from './understand.ts'
import { countFacets, type Facets } from './facets.ts'

export type Highlights = Record<string, [number, number][]>

export interface OfferingResult {
  id: string
  agencyId: string
  agencyName: string
  serviceItemCode: string
  serviceItemName: string
  category: string
  feeKind: string
  feeMinFen: number
  feeMaxFen: number
  timeLimitDays: number
  scope: string
  region: { code: string; name: string } | null
  verified: boolean
  /** Credit grades do not exist yet. */
  creditGrade: null
  score: number
  highlights: Highlights
}

export interface AgencyResult {
  id: string
  name: string
  introduction: string
  region: { code: string; name: string } | null
  verified: boolean
  activeOfferingCount: number
  score: number
  highlights: Highlights
}

export type SearchOutcome = {
  total: number
  page: number
  pageSize: number
  /** A note for the person searching, e.g. why nothing was searched. */
  message: string | null
  understood: Pick<UnderstoodQuery, 'items' | 'words' | 'place'>
  facets: Facets | null
} & ({ type: 'offering'; results: OfferingResult[] } | { type: 'agency'; results: AgencyResult[] })

const tsQuery = (words: readonly string[]) => sql`plainto_tsquery('simple', ${words.join(' ')})`

function regionCondition(code: string) {
  return code.length === 4 ? eq(organisations.cityCode, code) : eq(organisations.regionCode, code)
}

function regionOf(code: string | null) {
  return code ? { code, name: regionLabel(code) } : null
}

const mark = (fields: Record<string, string>, terms: readonly string[]) => {
  const marks: Highlights = {}
  for (const [field, text] of Object.entries(fields)) {
    const ranges = highlightRanges(text, terms)
    if (ranges.length > 0) marks[field] = ranges
  }
  return marks
}

/** How the query narrows rows: by catalogue item, by words, or by the name fallback. */
interface TextPlan {
  conditions: SQL[]
  rank: SQL
}

function itemScore(items: UnderstoodQuery['items']): SQL {
  if (items.length === 0) return sql`0`
  const cases = items.map((i) => sql`when ${i.code} then ${i.score}::float8`)
  return sql`(case ${offerings.serviceItemCode} ${sql.join(cases, sql` `)} else 0 end)`
}

function plansFor(u: UnderstoodQuery, type: SearchParams['type']): TextPlan[] {
  const codes = u.items.map((i) => i.code)
  const vector = type === 'offering' ? offerings.searchVector : organisations.searchVector
  const wordsMatch = sql`${vector} @@ ${tsQuery(u.words)}`
  const wordsRank = sql`ts_rank(${vector}, ${tsQuery(u.words)})`
  const byItems =
    type === 'offering'
      ? inArray(offerings.serviceItemCode, codes)
      : exists(
          sql`(select 1 from ${offerings} f where f.agency_id = ${organisations.id}
            and f.paused_at is null and f.service_item_code in ${codes})`,
        )
  const score = type === 'offering' ? itemScore(u.items) : sql`0`
  // Any Henan place alone, or no words at all, still lists everything in the region.
  const nameLike = or(...u.words.map((w) => ilike(organisations.name, `%${w}%`)))!
  const plans: TextPlan[] = []
  if (codes.length > 0 && u.words.length > 0)
    plans.push({ conditions: [byItems, wordsMatch], rank: sql`${score} + ${wordsRank}` })
  if (codes.length > 0) plans.push({ conditions: [byItems], rank: score })
  if (codes.length === 0 && u.words.length > 0) {
    plans.push({ conditions: [wordsMatch], rank: wordsRank })
    // Trigram-indexed fallback for names jieba split differently from the query.
    plans.push({ conditions: [nameLike], rank: sql`0` })
  }
  if (codes.length === 0 && u.words.length === 0) plans.push({ conditions: [], rank: sql`0` })
  return plans
}

function filterConditions(params: SearchParams, u: UnderstoodQuery): SQL[] {
  const conditions: SQL[] = []
  const region = params.region ?? u.place?.code
  if (region) conditions.push(regionCondition(region))
  if (params.verified) conditions.push(isNotNull(organisations.verifiedAt))
  if (params.qualification)
    conditions.push(
      exists(
        sql`(select 1 from ${qualifications} q where q.agency_id = ${organisations.id}
          and q.type = ${params.qualification})`,
      ),
    )
  if (params.type === 'offering') {
    if (params.item) conditions.push(eq(offerings.serviceItemCode, params.item))
    if (params.category) conditions.push(eq(serviceItems.category, params.category))
    const bucket = feeBuckets.find((b) => b.key === params.fee)
    if (bucket) {
      conditions.push(sql`${offerings.feeMinFen} >= ${bucket.min}`)
      if (bucket.max != null) conditions.push(sql`${offerings.feeMinFen} < ${bucket.max}`)
    }
  }
  return conditions
}

const visibleOffering = [
  isNull(offerings.pausedAt),
  isNull(organisations.suspendedAt),
  eq(organisations.kind, 'agency'),
]
const visibleAgency = [isNull(organisations.suspendedAt), eq(organisations.kind, 'agency')]

function messageFor(params: SearchParams, u: UnderstoodQuery, hasFilters: boolean) {
  if (hasFilters || u.place) return null
  if (u.normalized === '') return '请输入要查找的服务事项或机构名称，例如“环评”“濮阳 测绘”。'
  if ([...u.normalized.replace(/ /g, '')].length < 2 && u.items.length === 0)
    return '关键词太短，请至少输入两个字。'
  return null
}

/**
 * Searches visible offerings (or agencies): the query is first read against the catalogue
 * (items by name, alias, synonym or pinyin; a place as a region filter) and answered with
 * btree filters; words naming no item go to full text, then to the trigram name fallback.
 */
export async function search(db: Database, params: SearchParams): Promise<SearchOutcome> {
  const lexicon = await loadLexicon(db)
  const u = understandQuery(lexicon, params.q)
  const pageSize = Math.min(Math.max(params.pageSize ?? 20, 1), 50)
  const page = Math.max(1, Math.min(params.page ?? 1, 500))
  const filters = filterConditions(params, u)
  const hasFilters = !!(params.item || params.category || params.region || params.verified)
  const message = messageFor(params, u, hasFilters || !!params.fee || !!params.qualification)
  const understood = { items: u.items, words: u.words, place: u.place }
  const empty = { total: 0, page, pageSize, message, understood, facets: null }
  if (message)
    return params.type === 'offering'
      ? { ...empty, type: 'offering', results: [] }
      : { ...empty, type: 'agency', results: [] }

  const visible = params.type === 'offering' ? visibleOffering : visibleAgency
  const plans = plansFor(u, params.type)
  let chosen = plans[0]!
  let total = 0
  for (const plan of plans) {
    chosen = plan
    total = await countRows(db, params.type, and(...visible, ...filters, ...plan.conditions)!)
    if (total > 0) break
  }
  const where = and(...visible, ...filters, ...chosen.conditions)!
  const offset = (page - 1) * pageSize
  const facets = params.facets && total > 0 ? await countFacets(db, params.type, where) : null
  const base = { total, page, pageSize, message: null, understood, facets }
  if (params.type === 'agency') {
    const results = await agencyRows(db, where, chosen.rank, pageSize, offset, u)
    return { ...base, type: 'agency', results }
  }
  const results = await offeringRows(db, where, chosen.rank, params, pageSize, offset, u)
  return { ...base, type: 'offering', results }
}

async function countRows(db: Database, type: SearchParams['type'], where: SQL) {
  const query =
    type === 'offering'
      ? db
          .select({ n: count() })
          .from(offerings)
          .innerJoin(organisations, eq(organisations.id, offerings.agencyId))
          .innerJoin(serviceItems, eq(serviceItems.code, offerings.serviceItemCode))
      : db.select({ n: count() }).from(organisations)
  const [row] = await query.where(where)
  return row?.n ?? 0
}

async function offeringRows(
  db: Database,
  where: SQL,
  rank: SQL,
  params: SearchParams,
  limit: number,
  offset: number,
  u: UnderstoodQuery,
): Promise<OfferingResult[]> {
  const score = sql<number>`(${rank} + case when ${organisations.verifiedAt} is null then 0 else 0.1 end)::float8`
  const order =
    params.sort === 'fee'
      ? [asc(offerings.feeMinFen), desc(score)]
      : params.sort === 'time'
        ? [asc(offerings.timeLimitDays), desc(score)]
        : [desc(score), asc(offerings.feeMinFen)]
  const rows = await db
    .select({
      id: offerings.id,
      agencyId: offerings.agencyId,
      agencyName: organisations.name,
      serviceItemCode: offerings.serviceItemCode,
      serviceItemName: serviceItems.name,
      category: serviceItems.category,
      feeKind: offerings.feeKind,
      feeMinFen: offerings.feeMinFen,
      feeMaxFen: offerings.feeMaxFen,
      timeLimitDays: offerings.timeLimitDays,
      scope: offerings.scope,
      regionCode: organisations.regionCode,
      verified: sql<boolean>`${organisations.verifiedAt} is not null`,
      score,
    })
    .from(offerings)
    .innerJoin(organisations, eq(organisations.id, offerings.agencyId))
    .innerJoin(serviceItems, eq(serviceItems.code, offerings.serviceItemCode))
    .where(where)
    .orderBy(...order, asc(offerings.id))
    .limit(limit)
    .offset(offset)
  return rows.map(({ regionCode, ...row }) => ({
    ...row,
    score: Math.round(Number(row.score) * 1000) / 1000,
    region: regionOf(regionCode),
    creditGrade: null,
    highlights: mark(
      { agencyName: row.agencyName, serviceItemName: row.serviceItemName, scope: row.scope },
      u.highlights,
    ),
  }))
}

async function agencyRows(
  db: Database,
  where: SQL,
  rank: SQL,
  limit: number,
  offset: number,
  u: UnderstoodQuery,
): Promise<AgencyResult[]> {
  const score = sql<number>`(${rank} + case when ${organisations.verifiedAt} is null then 0 else 0.1 end)::float8`
  const rows = await db
    .select({
      id: organisations.id,
      name: organisations.name,
      introduction: organisations.introduction,
      regionCode: organisations.regionCode,
      verified: sql<boolean>`${organisations.verifiedAt} is not null`,
      activeOfferingCount: organisations.activeOfferingCount,
      score,
    })
    .from(organisations)
    .where(where)
    .orderBy(desc(score), desc(organisations.activeOfferingCount), asc(organisations.id))
    .limit(limit)
    .offset(offset)
  return rows.map(({ regionCode, ...row }) => ({
    ...row,
    score: Math.round(Number(row.score) * 1000) / 1000,
    region: regionOf(regionCode),
    highlights: mark({ name: row.name, introduction: row.introduction }, u.highlights),
  }))
}
