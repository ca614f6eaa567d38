import { type SQL, sql } from 'drizzle-orm'
import { notBlacklistedNow } from '../models/clock.ts'
import type { Database } from '../models/db/client.ts'
import { type Facets, facetsFrom, type FacetRow } from './facets.ts'
import { rowLimit, selectRows } from './raw-sql.ts'
import type { SearchParams } from './filters.ts'
import { plansFor, type TextPlan, tsQuery } from './plans.ts'
import { type AgencyResult, agencyPage } from './results.ts'
import type { UnderstoodQuery } from './understand.ts'

export interface AgencyMatches {
  total: number
  totalExact: boolean
  facets: Facets | null
  results: AgencyResult[]
  /** Found by what the query sounds like (see TextPlan.heardAs). */
  heardAs: string | null
}

/** Conditions on the agency row (alias o); the items a plan names are matched in `found`. */
function conditions(plan: TextPlan, params: SearchParams, region: string | null): SQL {
  const c: SQL[] = [
    sql`o.kind = 'agency'`,
    sql`o.suspended_at is null`,
    sql`o.exited_at is null`,
    notBlacklistedNow(sql`o.blacklisted_until`),
  ]
  if (region?.length === 4) c.push(sql`o.city_code = ${region}`)
  else if (region) c.push(sql`o.region_code = ${region}`)
  if (params.verified) c.push(sql`o.verified_at is not null`)
  if (params.grade) c.push(sql`o.credit_grade = ${params.grade}`)
  if (params.qualification)
    c.push(sql`exists (select 1 from qualifications q
      where q.agency_id = o.id and q.type = ${params.qualification})`)
  if (plan.words) c.push(sql`o.search_vector @@ ${tsQuery(plan.words)}`)
  if (plan.nameWords)
    c.push(
      sql`(${sql.join(
        plan.nameWords.map((w) => sql`o.name ilike ${`%${w}%`}`),
        sql` or `,
      )})`,
    )
  return sql.join(c, sql` and `)
}

const agencyColumns = sql`o.id, o.city_code, o.verified_at is not null as verified,
  o.credit_grade, o.active_offering_count, o.search_vector`

/**
 * The agencies found (at most `cap` + 1 of them), with what counting and ranking read. An
 * item plan starts from the offerings of the items (the item index holds their agencies) and
 * looks each agency up by key, instead of walking every agency.
 */
function found(plan: TextPlan, where: SQL, cap: number) {
  const m = sql`m as materialized (select * from found limit ${rowLimit(cap)})`
  if (!plan.items)
    return sql`with found as materialized (
      select ${agencyColumns} from organisations o where ${where} limit ${rowLimit(cap + 1)}), ${m}`
  const codes = plan.items.map((i) => i.code)
  return sql`
    with offering_agencies as materialized (
      select distinct s.agency_id from offering_search s
      where s.visible and s.service_item_code = any(${sql.param(codes)}::text[])),
    found as materialized (
      select o.* from offering_agencies a
      cross join lateral (select ${agencyColumns} from organisations o
        where o.id = a.agency_id and ${where} limit 1) o
      limit ${rowLimit(cap + 1)}), ${m}`
}

async function countAgencies(db: Database, cte: SQL, withFacets: boolean, cap: number) {
  if (!withFacets) {
    const rows = await selectRows<{ n: number }>(
      db,
      sql`${cte} select count(*)::int as n from found`,
    )
    const n = Number(rows[0]?.n ?? 0)
    return { total: Math.min(n, cap), totalExact: n <= cap, facets: null }
  }
  const counted = await selectRows<{
    set: FacetRow['set'] | 'found'
    value: string | null
    n: number
  }>(
    db,
    sql`
    ${cte}
    select 'city' as set, coalesce(m.city_code, '') as value, count(*)::int as n
      from m group by m.city_code
    union all
    select 'verified', m.verified::text, count(*)::int from m group by m.verified
    union all
    select 'grade', m.credit_grade, count(*)::int from m group by m.credit_grade
    union all
    select 'qualification', q.type, count(*)::int
      from m cross join lateral (select distinct q.type from qualifications q
        where q.agency_id = m.id and not q.is_other) q
      group by q.type
    union all
    select 'found', null, count(*)::int from found`,
  )
  const n = Number(counted.find((r) => r.set === 'found')?.n ?? 0)
  const rows: FacetRow[] = counted.flatMap(({ set, value, n }) =>
    set === 'found' ? [] : [{ set, value, label: value, n: Number(n) }],
  )
  return {
    total: Math.min(n, cap),
    totalExact: n <= cap,
    facets: n > 0 ? facetsFrom(rows) : null,
  }
}

/** The page of agencies, ranked among the first `page.cap` found. */
function rankAgencies(cte: SQL, plan: TextPlan, page: Page): SQL {
  const textScore = plan.words ? sql`ts_rank(m.search_vector, ${tsQuery(plan.words)})` : sql`0`
  return sql`
    ${cte}
    select id, score,
      row_number() over (order by score desc, active_offering_count desc, id asc) as ord
    from (select m.id, m.active_offering_count,
        (${textScore} + case when m.verified then 0.1 else 0 end)::float8 as score from m) r
    order by ord limit ${rowLimit(page.limit)} offset ${rowLimit(page.offset)}`
}

interface Page {
  limit: number
  offset: number
  cap: number
}

/** Visible agencies matching the query: by the items they offer, by words, or by name. */
export async function matchAgencies(
  db: Database,
  params: SearchParams,
  u: UnderstoodQuery,
  page: Page,
): Promise<AgencyMatches> {
  const region = params.region ?? u.place?.code ?? null
  const plans = plansFor(u)
  for (const [i, plan] of plans.entries()) {
    const cte = found(plan, conditions(plan, params, region), page.cap)
    const [counted, results] = await Promise.all([
      countAgencies(db, cte, !!params.facets, page.cap),
      agencyPage(db, rankAgencies(cte, plan, page), u.highlights),
    ])
    if (counted.total === 0 && i < plans.length - 1) continue
    if (counted.total === 0) break
    return { ...counted, results, heardAs: plan.heardAs ?? null }
  }
  return { total: 0, totalExact: true, facets: null, results: [], heardAs: null }
}
