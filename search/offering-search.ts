import { eq, type SQL, sql } from 'drizzle-orm'
import type { Database } from '../models/db/client.ts'
import { serviceItems } from '../models/db/schema.ts'
import { cubeFacets, type Facets, liveFacets } from './facets.ts'
import { feeBuckets, type SearchParams } from './filters.ts'
import { rowLimit, selectRows } from './raw-sql.ts'
import { plansFor, type TextPlan, tsQuery } from './plans.ts'
import { type OfferingResult, offeringPage } from './results.ts'
import type { UnderstoodQuery } from './understand.ts'

/** What the filters and one plan allow, resolved to values the index rows carry. */
interface Scope {
  plan: TextPlan
  /** Item codes allowed (the query's items, the item and category filters); null: any. */
  codes: string[] | null
  scores: Map<string, number>
  city: string | null
  county: string | null
  verified: boolean
  fee: (typeof feeBuckets)[number] | null
  qualification: string | null
  grade: string | null
}

export interface OfferingMatches {
  total: number
  totalExact: boolean
  facets: Facets | null
  results: OfferingResult[]
  /** Found by what the query sounds like (see TextPlan.heardAs). */
  heardAs: string | null
}

const VERIFIED_BONUS = 0.1

async function scopeOf(
  db: Database,
  plan: TextPlan,
  params: SearchParams,
  region: string | null,
): Promise<Scope> {
  let codes = plan.items?.map((i) => i.code) ?? null
  const narrow = (allowed: string[]) => {
    codes = codes ? codes.filter((c) => allowed.includes(c)) : allowed
  }
  if (params.item) narrow([params.item])
  if (params.category) {
    const inCategory = await db
      .select({ code: serviceItems.code })
      .from(serviceItems)
      .where(eq(serviceItems.category, params.category))
    narrow(inCategory.map((i) => i.code))
  }
  return {
    plan,
    codes,
    scores: new Map(plan.items?.map((i) => [i.code, i.score])),
    city: region?.length === 4 ? region : null,
    county: region && region.length !== 4 ? region : null,
    verified: !!params.verified,
    fee: feeBuckets.find((b) => b.key === params.fee) ?? null,
    qualification: params.qualification || null,
    grade: params.grade ?? null,
  }
}

/** Conditions on offering_search (alias s) except the item, which callers add their way. */
function rowConditions(scope: Scope): SQL[] {
  const c: SQL[] = [sql`s.visible`]
  if (scope.city) c.push(sql`s.city_code = ${scope.city}`)
  if (scope.county) c.push(sql`s.region_code = ${scope.county}`)
  if (scope.verified) c.push(sql`s.verified = true`)
  if (scope.fee) {
    c.push(sql`s.fee_min_fen >= ${scope.fee.min}`)
    if (scope.fee.max != null) c.push(sql`s.fee_min_fen < ${scope.fee.max}`)
  }
  if (scope.qualification)
    c.push(sql`s.qualifications @> ${sql.param([scope.qualification])}::text[]`)
  if (scope.grade) c.push(sql`s.credit_grade = ${scope.grade}`)
  const { words, nameWords } = scope.plan
  if (words) c.push(sql`s.search_vector @@ ${tsQuery(words)}`)
  if (nameWords) {
    const like = nameWords.map((w) => sql`o.name ilike ${`%${w}%`}`)
    c.push(sql`s.agency_id in (select o.id from organisations o
      where o.kind = 'agency' and (${sql.join(like, sql` or `)}))`)
  }
  return c
}

const all = (conditions: SQL[]) => sql.join(conditions, sql` and `)

function matchConditions(scope: Scope): SQL {
  const c = rowConditions(scope)
  if (scope.codes) c.push(sql`s.service_item_code = any(${sql.param(scope.codes)}::text[])`)
  return all(c)
}

/** Item and filter searches are counted from offering_search_counts (cities only, not counties). */
const countableFromCells = (scope: Scope) =>
  !scope.plan.words && !scope.plan.nameWords && !scope.county

function cellConditions(scope: Scope): SQL {
  const c: SQL[] = [sql`true`]
  if (scope.codes) c.push(sql`c.service_item_code = any(${sql.param(scope.codes)}::text[])`)
  if (scope.city) c.push(sql`c.city_code = ${scope.city}`)
  if (scope.verified) c.push(sql`c.verified = true`)
  if (scope.fee) c.push(sql`c.fee_bucket = ${scope.fee.key}`)
  if (scope.grade) c.push(sql`c.credit_grade = ${scope.grade}`)
  return all(c)
}

async function countMatches(db: Database, scope: Scope, withFacets: boolean, cap: number) {
  if (countableFromCells(scope)) {
    const qualification = scope.qualification ?? ''
    if (withFacets) {
      const { total, facets } = await cubeFacets(db, cellConditions(scope), qualification)
      return { total, totalExact: true, facets }
    }
    const rows = await selectRows<{ n: number }>(
      db,
      sql`
      select coalesce(sum(c.n), 0)::int as n from offering_search_counts c
      where ${cellConditions(scope)} and c.qualification = ${qualification}`,
    )
    return { total: Number(rows[0]?.n ?? 0), totalExact: true, facets: null }
  }
  if (withFacets) {
    const matched = sql`select s.service_item_code, s.city_code, s.verified, s.fee_min_fen,
      s.credit_grade, s.qualifications from offering_search s where ${matchConditions(scope)}`
    const { total, facets, more } = await liveFacets(db, matched, cap)
    return { total, totalExact: !more, facets }
  }
  const rows = await selectRows<{ n: number }>(
    db,
    sql`
    select count(*)::int as n from (select 1 from offering_search s
      where ${matchConditions(scope)} limit ${rowLimit(cap + 1)}) m`,
  )
  const n = Number(rows[0]?.n ?? 0)
  return { total: Math.min(n, cap), totalExact: n <= cap, facets: null }
}

function outerOrder(sort: SearchParams['sort']): SQL {
  if (sort === 'fee') return sql`fee_min_fen asc, score desc, offering_id asc`
  if (sort === 'time') return sql`time_limit_days asc, score desc, offering_id asc`
  if (sort === 'credit') return sql`credit_score desc, score desc, fee_min_fen asc, offering_id asc`
  return sql`score desc, fee_min_fen asc, offering_id asc`
}

/** A branch's own order, agreeing with outerOrder where its score is one constant. */
function innerOrder(sort: SearchParams['sort']): SQL {
  if (sort === 'time') return sql`s.time_limit_days, s.offering_id`
  if (sort === 'credit') return sql`s.credit_score desc, s.fee_min_fen, s.offering_id`
  return sql`s.fee_min_fen, s.offering_id`
}

/**
 * The page of an item or filter search, best first: for each item and verified mark, the
 * first rows in fee (time-limit, credit) order from the item index, then merged. Exact at
 * any size without reading every match.
 */
function topByGroup(scope: Scope, sort: SearchParams['sort'], page: Page): SQL {
  const groups = scope.codes
    ? scope.codes.map((code) => ({ code, score: scope.scores.get(code) ?? 0 }))
    : [{ code: null, score: 0 }]
  const marks = scope.verified ? [true] : [true, false]
  const branches = groups.flatMap((g) =>
    marks.map((verified) => {
      const c = rowConditions(scope)
      if (g.code) c.push(sql`s.service_item_code = ${g.code}`)
      c.push(verified ? sql`s.verified = true` : sql`s.verified = false`)
      const score = g.score + (verified ? VERIFIED_BONUS : 0)
      return sql`(select s.offering_id, s.fee_min_fen, s.time_limit_days, s.credit_score,
        ${score}::float8 as score from offering_search s where ${all(c)}
        order by ${innerOrder(sort)} limit ${rowLimit(page.offset + page.limit)})`
    }),
  )
  return sql`
    select offering_id, score, row_number() over (order by ${outerOrder(sort)}) as ord
    from (${sql.join(branches, sql` union all `)}) t
    order by ord limit ${rowLimit(page.limit)} offset ${rowLimit(page.offset)}`
}

/** The page of a full-text or name search: the first `page.cap` matches ranked. */
function rankMatches(scope: Scope, sort: SearchParams['sort'], page: Page): SQL {
  const { words } = scope.plan
  const items = [...scope.scores].map(([code, score]) => sql`when ${code} then ${score}::float8`)
  const itemScore = items.length
    ? sql`(case m.service_item_code ${sql.join(items, sql` `)} else 0 end)`
    : sql`0`
  const textScore = words ? sql`ts_rank(m.search_vector, ${tsQuery(words)})` : sql`0`
  return sql`
    select offering_id, score, row_number() over (order by ${outerOrder(sort)}) as ord from (
      select m.offering_id, m.fee_min_fen, m.time_limit_days, m.credit_score,
        (${itemScore} + ${textScore} + case when m.verified then ${VERIFIED_BONUS}::float8 else 0 end)::float8
          as score
      from (select s.offering_id, s.service_item_code, s.verified, s.fee_min_fen,
          s.time_limit_days, s.credit_score, s.search_vector from offering_search s
        where ${matchConditions(scope)} limit ${rowLimit(page.cap)}) m
    ) t
    order by ord limit ${rowLimit(page.limit)} offset ${rowLimit(page.offset)}`
}

export interface Page {
  limit: number
  offset: number
  /** How many full-text matches are counted and ranked at most. */
  cap: number
}

/**
 * Matching visible offerings: the total (exact, or capped for broad text), facets and a
 * ranked page, counted and ranked side by side (two connections on a server).
 */
export async function matchOfferings(
  db: Database,
  params: SearchParams,
  u: UnderstoodQuery,
  page: Page,
): Promise<OfferingMatches> {
  const region = params.region ?? u.place?.code ?? null
  const plans = plansFor(u)
  for (const [i, plan] of plans.entries()) {
    const last = i === plans.length - 1
    const scope = await scopeOf(db, plan, params, region)
    if (scope.codes?.length === 0) {
      if (last) break
      continue
    }
    const text = scope.plan.words || scope.plan.nameWords
    const ranked = text
      ? rankMatches(scope, params.sort, page)
      : topByGroup(scope, params.sort, page)
    const [counted, results] = await Promise.all([
      countMatches(db, scope, !!params.facets, page.cap),
      offeringPage(db, ranked, u.highlights),
    ])
    if (counted.total === 0 && !last) continue
    if (counted.total === 0) break
    return { ...counted, results, heardAs: plan.heardAs ?? null }
  }
  return { total: 0, totalExact: true, facets: null, results: [], heardAs: null }
}
