import { count, countDistinct, desc, eq, type SQL, sql } from 'drizzle-orm'
import type { Database } from '../models/db/client.ts'
import { offerings, organisations, qualifications, serviceItems } from '../models/db/schema.ts'
import { findRegion } from '../models/regions.ts'
import { feeBuckets, type SearchType } from './filters.ts'

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
}

const cityName = (code: string | null) => (code ? (findRegion(code)?.city?.name ?? code) : '省外')

/** Counts of the matching rows by each facet, computed by the database. */
export async function countFacets(db: Database, type: SearchType, where: SQL): Promise<Facets> {
  const rowId = type === 'offering' ? offerings.id : organisations.id
  const grouped = async (key: SQL<string | null>, label: SQL<string | null>, limit = 50) => {
    const n = count()
    const base =
      type === 'offering'
        ? db
            .select({ value: key, label, n })
            .from(offerings)
            .innerJoin(organisations, eq(organisations.id, offerings.agencyId))
            .innerJoin(serviceItems, eq(serviceItems.code, offerings.serviceItemCode))
        : db.select({ value: key, label, n }).from(organisations)
    const rows = await base
      .where(where)
      .groupBy(sql`1`, sql`2`)
      .orderBy(desc(n))
      .limit(limit)
    return rows
  }
  const [items, categories, cities, verified, fees, quals] = await Promise.all([
    type === 'offering'
      ? grouped(sql`${offerings.serviceItemCode}`, sql`${serviceItems.name}`)
      : Promise.resolve([]),
    type === 'offering'
      ? grouped(sql`${serviceItems.category}`, sql`${serviceItems.category}`)
      : Promise.resolve([]),
    grouped(sql`${organisations.cityCode}`, sql`${organisations.cityCode}`),
    grouped(
      sql`(${organisations.verifiedAt} is not null)::text`,
      sql`(${organisations.verifiedAt} is not null)::text`,
    ),
    type === 'offering'
      ? grouped(
          sql`(case ${sql.join(
            feeBuckets.map(
              (b) => sql`when ${offerings.feeMinFen} < ${b.max ?? 2_147_483_647} then ${b.key}`,
            ),
            sql` `,
          )} end)`,
          sql`''`,
        )
      : Promise.resolve([]),
    qualificationCounts(db, type, where, rowId),
  ])
  const facet = (rows: { value: string | null; label: string | null; n: number }[]) =>
    rows
      .filter((r) => r.value != null)
      .map((r) => ({ value: r.value!, label: r.label ?? r.value!, count: r.n }))
  return {
    item: facet(items),
    category: facet(categories),
    city: cities.map((r) => ({ value: r.value ?? '', label: cityName(r.value), count: r.n })),
    qualification: quals,
    verified: verified.find((r) => r.value === 'true')?.n ?? 0,
    fee: feeBuckets
      .map((b) => ({
        value: b.key as string,
        label: b.label as string,
        count: fees.find((r) => r.value === b.key)?.n ?? 0,
      }))
      .filter((b) => b.count > 0),
  }
}

async function qualificationCounts(
  db: Database,
  type: SearchType,
  where: SQL,
  rowId: typeof offerings.id | typeof organisations.id,
) {
  const n = countDistinct(rowId)
  const base =
    type === 'offering'
      ? db
          .select({ value: qualifications.type, n })
          .from(offerings)
          .innerJoin(organisations, eq(organisations.id, offerings.agencyId))
          .innerJoin(serviceItems, eq(serviceItems.code, offerings.serviceItemCode))
          .innerJoin(qualifications, eq(qualifications.agencyId, organisations.id))
      : db
          .select({ value: qualifications.type, n })
          .from(organisations)
          .innerJoin(qualifications, eq(qualifications.agencyId, organisations.id))
  const rows = await base
    .where(sql`${where} and ${qualifications.isOther} = false`)
    .groupBy(qualifications.type)
    .orderBy(desc(n))
    .limit(12)
  return rows.map((r) => ({ value: r.value, label: r.value, count: r.n }))
}
