import { type SQL, sql } from 'drizzle-orm'
import type { Database } from '../models/db/client.ts'
import { cityNameOfCityCode } from '../models/regions.ts'
import { creditGrades, gradeNames } from '../models/rules/credit-rules.ts'
import { feeBucketOf, rowLimit, selectRows } from './raw-sql.ts'
import { feeBuckets } from './filters.ts'

export interface FacetValue {
  value: string
  label: string
  count: number
}

export interface Facets {
  item: FacetValue[]
  category: FacetValue[]
  city: FacetValue[]
  qualification: FacetValue[]
  verified: number
  fee: FacetValue[]
  /** Credit grades A–D in that order, each with agencies' offerings (or agencies) found. */
  grade: FacetValue[]
}

/** One aggregated row: `set` names the facet it counts for ('total' for all rows). */
export interface FacetRow {
  set: 'item' | 'category' | 'city' | 'verified' | 'fee' | 'grade' | 'qualification' | 'total'
  value: string | null
  label: string | null
  n: number
}

// city_code holds four digits (济源市: 4190), not a region code.
const cityName = (code: string) => (code ? (cityNameOfCityCode(code) ?? code) : '省外')

const top = (rows: FacetRow[], set: FacetRow['set'], limit: number) =>
  rows
    .filter((r) => r.set === set && r.value != null && r.n > 0)
    .sort((a, b) => b.n - a.n || a.value!.localeCompare(b.value!))
    .slice(0, limit)

/** Facet lists from aggregated rows, most frequent first. */
export function facetsFrom(rows: FacetRow[]): Facets {
  const plain = (set: FacetRow['set'], limit: number) =>
    top(rows, set, limit).map((r) => ({ value: r.value!, label: r.label ?? r.value!, count: r.n }))
  return {
    item: plain('item', 50),
    category: plain('category', 50),
    city: top(rows, 'city', 50).map((r) => ({
      value: r.value!,
      label: cityName(r.value!),
      count: r.n,
    })),
    qualification: plain('qualification', 12),
    verified: rows.find((r) => r.set === 'verified' && r.value === 'true')?.n ?? 0,
    fee: feeBuckets
      .map((b) => ({
        value: b.key as string,
        label: b.label as string,
        count: rows.find((r) => r.set === 'fee' && r.value === b.key)?.n ?? 0,
      }))
      .filter((b) => b.count > 0),
    grade: creditGrades
      .map((g) => ({
        value: g as string,
        label: gradeNames[g],
        count: rows.find((r) => r.set === 'grade' && r.value === g)?.n ?? 0,
      }))
      .filter((g) => g.count > 0),
  }
}

// grouping() over (item, category, city, verified, fee, grade): a 1 bit marks a column not
// grouped; -1 marks the qualification counts.
const setOfGrouping: Record<number, FacetRow['set']> = {
  [-1]: 'qualification',
  0b011111: 'item',
  0b101111: 'category',
  0b110111: 'city',
  0b111011: 'verified',
  0b111101: 'fee',
  0b111110: 'grade',
  0b111111: 'total',
}

interface AggregatedRow extends Record<string, unknown> {
  g: number
  item: string | null
  name: string | null
  category: string | null
  city: string | null
  verified: boolean | null
  fee: string | null
  grade: string | null
  qualification: string | null
  n: number
}

interface Columns {
  item: SQL
  city: SQL
  verified: SQL
  fee: SQL
  grade: SQL
  n: SQL
}

/** Counts by item, category, city, verified mark, fee bucket and grade, and in all, in one pass. */
function groupedCounts(from: SQL, c: Columns) {
  return sql`
    select grouping(${c.item}, i.category, ${c.city}, ${c.verified}, ${c.fee}, ${c.grade}) as g,
      ${c.item} as item, min(i.name) as name, i.category, ${c.city} as city,
      ${c.verified} as verified, ${c.fee} as fee, ${c.grade} as grade, null as qualification,
      ${c.n} as n
    from ${from} join service_items i on i.code = ${c.item}
    group by grouping sets ((${c.item}), (i.category), (${c.city}), (${c.verified}), (${c.fee}),
      (${c.grade}), ())`
}

/**
 * Facets and total of an item or filter search from offering_search_counts: a few hundred
 * precomputed cells instead of the matching offerings. `where` selects cells (alias c);
 * `qualification` is the one the search filters on ('' for none): with none, the
 * qualification facet lists each one held.
 */
export async function cubeFacets(db: Database, where: SQL, qualification: string) {
  const cells = sql`(select * from offering_search_counts c where ${where}) c`
  const rows = await selectRows<AggregatedRow>(
    db,
    sql`
    ${groupedCounts(sql`${cells}`, {
      item: sql`c.service_item_code`,
      city: sql`c.city_code`,
      verified: sql`c.verified`,
      fee: sql`c.fee_bucket`,
      grade: sql`c.credit_grade`,
      n: sql`coalesce(sum(c.n) filter (where c.qualification = ${qualification}), 0)::int`,
    })}
    union all
    select -1, null, null, null, null, null, null, null, c.qualification, sum(c.n)::int
    from ${cells}
    where ${qualification === '' ? sql`c.qualification <> ''` : sql`c.qualification = ${qualification}`}
    group by c.qualification`,
  )
  return aggregated(rows)
}

/**
 * Facets and total of the rows `matched` selects from offering_search (with its columns
 * service_item_code, city_code, verified, fee_min_fen, credit_grade and qualifications),
 * counting no further than `cap` rows: `more` tells that there were more.
 */
export async function liveFacets(db: Database, matched: SQL, cap: number) {
  const fee = feeBucketOf(sql`m.fee_min_fen`)
  const rows = await selectRows<AggregatedRow>(
    db,
    sql`
    with found as materialized (${matched} limit ${rowLimit(cap + 1)}),
    m as materialized (select * from found limit ${rowLimit(cap)})
    ${groupedCounts(sql`m`, {
      item: sql`m.service_item_code`,
      city: sql`m.city_code`,
      verified: sql`m.verified`,
      fee,
      grade: sql`m.credit_grade`,
      n: sql`count(*)::int`,
    })}
    union all
    select -1, null, null, null, null, null, null, null, q.qualification, count(*)::int
    from m cross join unnest(m.qualifications) as q(qualification)
    group by q.qualification
    union all
    select -2, null, null, null, null, null, null, null, null, count(*)::int from found`,
  )
  const found = Number(rows.find((r) => Number(r.g) === -2)?.n ?? 0)
  return { ...aggregated(rows), more: found > cap }
}

function aggregated(rows: AggregatedRow[]) {
  const out: FacetRow[] = []
  let total = 0
  for (const r of rows) {
    const n = Number(r.n)
    const set = setOfGrouping[Number(r.g)]
    if (set === 'total') total = n
    else if (set === 'item') out.push({ set, value: r.item, label: r.name, n })
    else if (set === 'category') out.push({ set, value: r.category, label: r.category, n })
    else if (set === 'city') out.push({ set, value: r.city, label: r.city, n })
    else if (set === 'verified') out.push({ set, value: String(r.verified), label: null, n })
    else if (set === 'fee') out.push({ set, value: r.fee, label: null, n })
    else if (set === 'grade') out.push({ set, value: r.grade, label: null, n })
    else if (set === 'qualification')
      out.push({ set, value: r.qualification, label: r.qualification, n })
  }
  return { total, facets: facetsFrom(out) }
}
