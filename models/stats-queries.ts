import { inArray, type SQL, sql } from 'drizzle-orm'
import type { Database } from './db/client.ts'
import { organisations, serviceItems } from './db/schema.ts'
import { OUTSIDE_HENAN } from './directory-query.ts'
import { periodBounds, STATS_TIME_ZONE } from './rules/stats.ts'
import type { StatsFilter } from './stats-filters.ts'

// The /stats page's aggregates. Everything is added up here, in SQL; ratios, medians and
// the HHI are taken in models/rules/stats.ts. Each query reads only the projects of the
// period (joined to organisations by primary key), never the whole agency table.

/** Sums over a group of final awards. */
export interface AwardSums {
  n: number
  amount: number
  cap: number
  /** savingsRate() of each award, added up: the mean is this over n. */
  rateSum: number
  outsideN: number
  outsideAmount: number
}

export interface AwardGroupRow extends AwardSums {
  byMonth: boolean
  byItem: boolean
  byCity: boolean
  byMethod: boolean
  byBuyer: boolean
  byAgency: boolean
  month: string | null
  item: string | null
  buyerCity: string | null
  method: string | null
  buyer: string | null
  agency: string | null
}

async function rowsOf<T>(db: Database, query: SQL): Promise<T[]> {
  // Both drivers answer raw SQL with { rows }.
  const result = (await db.execute(query)) as unknown as { rows: T[] }
  return result.rows
}

const tz = sql.raw(`'${STATS_TIME_ZONE}'`)
const instant = (date: Date) => sql`${date.toISOString()}::timestamptz`

/** The buyer (alias b) is in the filter's city. */
function buyerCityCondition(filter: StatsFilter): SQL {
  if (filter.city === OUTSIDE_HENAN) return sql`b.city_code is null`
  if (filter.city) return sql`b.city_code = ${filter.city}`
  return sql`true`
}

/**
 * 成交: awards that became final in the period, of projects that neither failed (a re-run
 * or an upheld objection voids the award) nor were cancelled (contract ended by the buyer).
 * The agency and amount are the live contract's when the contract went to the next-ranked
 * agency after a refusal, else the award's.
 */
function finalAwards(filter: StatsFilter): SQL {
  const { start, end } = periodBounds(filter.from, filter.to)
  // The winner's city is looked up per award by primary key: a join on the coalesce()
  // would let the planner hash the whole organisations table (100,000 agencies).
  return sql`
    select awarded.*,
      -- isOutsideCity(): no city (outside Henan) or another city than the buyer's.
      (agency_city is null or agency_city is distinct from buyer_city) as outside
    from (
      select
        to_char(p.award_final_at at time zone ${tz}, 'YYYY-MM') as month,
        p.service_item_code as item,
        p.buyer_id as buyer,
        b.city_code as buyer_city,
        p.method,
        coalesce(c.agency_id, p.winner_agency_id) as agency,
        (select w.city_code from organisations w
          where w.id = coalesce(c.agency_id, p.winner_agency_id)) as agency_city,
        coalesce(c.amount_fen, p.awarded_price_fen)::float8 as amount,
        p.budget_cap_fen::float8 as cap,
        extract(epoch from p.published_at) * 1000 as published_ms,
        extract(epoch from p.awarded_at) * 1000 as awarded_ms,
        extract(epoch from c.started_at) * 1000 as signed_ms,
        extract(epoch from c.accepted_at) * 1000 as accepted_ms,
        extract(epoch from c.paid_at) * 1000 as paid_ms
      from projects p
      join organisations b on b.id = p.buyer_id
      left join contracts c on c.project_id = p.id and c.status not in ('refused', 'lapsed')
      where p.award_final_at >= ${instant(start)} and p.award_final_at < ${instant(end)}
        and p.status not in ('failed', 'cancelled')
        and coalesce(c.agency_id, p.winner_agency_id) is not null
        and ${buyerCityCondition(filter)}
    ) awarded`
}

/** One pass over the awards, summed overall, per month, item, city, method, buyer and item × agency. */
export async function awardGroups(db: Database, filter: StatsFilter) {
  const rows = await rowsOf<Record<string, unknown>>(
    db,
    sql`
      with awards as (${finalAwards(filter)})
      select
        grouping(month) = 0 as by_month, grouping(item) = 0 as by_item,
        grouping(buyer_city) = 0 as by_city, grouping(method) = 0 as by_method,
        grouping(buyer) = 0 as by_buyer, grouping(agency) = 0 as by_agency,
        month, item, buyer_city, method, buyer::text, agency::text,
        count(*)::int as n,
        sum(amount)::float8 as amount,
        sum(cap)::float8 as cap,
        sum((cap - amount) / cap)::float8 as rate_sum,
        (count(*) filter (where outside))::int as outside_n,
        coalesce(sum(amount) filter (where outside), 0)::float8 as outside_amount
      from awards
      group by grouping sets ((), (month), (item), (buyer_city), (method), (buyer), (item, agency))`,
  )
  return rows.map((r): AwardGroupRow => ({
    byMonth: r.by_month === true,
    byItem: r.by_item === true,
    byCity: r.by_city === true,
    byMethod: r.by_method === true,
    byBuyer: r.by_buyer === true,
    byAgency: r.by_agency === true,
    month: r.month as string | null,
    item: r.item as string | null,
    buyerCity: r.buyer_city as string | null,
    method: r.method as string | null,
    buyer: r.buyer as string | null,
    agency: r.agency as string | null,
    n: Number(r.n),
    amount: Number(r.amount),
    cap: Number(r.cap),
    rateSum: Number(r.rate_sum),
    outsideN: Number(r.outside_n),
    outsideAmount: Number(r.outside_amount),
  }))
}

/** Each step's start and end, as [ms, ms] pairs, for the awards whose step has ended. */
export interface StepSpans {
  publishToAward: [number, number][]
  awardToSigning: [number, number][]
  signingToAcceptance: [number, number][]
  acceptanceToPayment: [number, number][]
}

export async function stepSpans(db: Database, filter: StatsFilter): Promise<StepSpans> {
  const span = (from: string, to: string) =>
    sql.raw(
      `coalesce(array_agg(array[${from}, ${to}]::float8[]) filter (where ${from} is not null and ${to} is not null), '{}')`,
    )
  // array_agg of arrays makes one two-dimensional array per step.
  const [row] = await rowsOf<Record<string, unknown>>(
    db,
    sql`
      with awards as (${finalAwards(filter)})
      select
        ${span('published_ms', 'awarded_ms')} as publish_to_award,
        ${span('awarded_ms', 'signed_ms')} as award_to_signing,
        ${span('signed_ms', 'accepted_ms')} as signing_to_acceptance,
        ${span('accepted_ms', 'paid_ms')} as acceptance_to_payment
      from awards`,
  )
  const pairs = (value: unknown): [number, number][] =>
    ((value as (number | string)[][] | null) ?? []).map(([a, b]) => [Number(a), Number(b)])
  return {
    publishToAward: pairs(row?.publish_to_award),
    awardToSigning: pairs(row?.award_to_signing),
    signingToAcceptance: pairs(row?.signing_to_acceptance),
    acceptanceToPayment: pairs(row?.acceptance_to_payment),
  }
}

export interface BidCountRow {
  method: string
  bids: number
  projects: number
  failed: number
}

/**
 * Competitive projects opened in the period, counted by method and number of bids
 * (sign-ups for a lottery) not withdrawn before the deadline. Failed ones count: too few
 * bids is what competition looks like when it is missing.
 */
export async function bidCounts(db: Database, filter: StatsFilter): Promise<BidCountRow[]> {
  const { start, end } = periodBounds(filter.from, filter.to)
  const rows = await rowsOf<Record<string, unknown>>(
    db,
    sql`
      select method, bids, count(*)::int as projects,
        (count(*) filter (where status = 'failed'))::int as failed
      from (
        select p.method, p.status,
          (select count(*) from bids x where x.project_id = p.id and x.withdrawn_at is null)::int as bids
        from projects p
        join organisations b on b.id = p.buyer_id
        where p.opened_at >= ${instant(start)} and p.opened_at < ${instant(end)}
          and p.method <> 'direct' and p.status <> 'cancelled'
          and ${buyerCityCondition(filter)}
      ) opened
      group by method, bids`,
  )
  return rows.map((r) => ({
    method: String(r.method),
    bids: Number(r.bids),
    projects: Number(r.projects),
    failed: Number(r.failed),
  }))
}

/** Projects published per month, drafts and cancelled ones left out. */
export async function publishedPerMonth(db: Database, filter: StatsFilter) {
  const { start, end } = periodBounds(filter.from, filter.to)
  const rows = await rowsOf<Record<string, unknown>>(
    db,
    sql`
      select to_char(p.published_at at time zone ${tz}, 'YYYY-MM') as month, count(*)::int as n
      from projects p
      join organisations b on b.id = p.buyer_id
      where p.published_at >= ${instant(start)} and p.published_at < ${instant(end)}
        and p.status <> 'cancelled'
        and ${buyerCityCondition(filter)}
      group by 1`,
  )
  return new Map(rows.map((r) => [String(r.month), Number(r.n)]))
}

export async function itemNames(db: Database, codes: string[]) {
  if (codes.length === 0) return new Map<string, string>()
  const rows = await db
    .select({ code: serviceItems.code, name: serviceItems.name })
    .from(serviceItems)
    .where(inArray(serviceItems.code, codes))
  return new Map(rows.map((r) => [r.code, r.name]))
}

export async function organisationNames(db: Database, ids: string[]) {
  if (ids.length === 0) return new Map<string, string>()
  const rows = await db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(inArray(organisations.id, ids))
  return new Map(rows.map((r) => [r.id, r.name]))
}
