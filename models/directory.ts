import { and, asc, count, desc, eq, ilike, isNotNull, isNull, type SQL, sql } from 'drizzle-orm'
import { groupByCategory, listActiveServiceItems } from './catalogue.ts'
import type { Ctx } from './context.ts'
import type { Database } from './db/client.ts'
import { offerings, organisations, serviceItems } from './db/schema.ts'
import type { CreditGrade } from './rules/credit-rules.ts'
import { type DirectoryQuery, type DirectorySort, OUTSIDE_HENAN } from './directory-query.ts'
import { keptFigures } from './kept-figures.ts'
import { isListedAgency } from './listed-agency.ts'
import { notBlacklistedNow } from './clock.ts'
import { preparedQuery } from './db/prepared-query.ts'
import { henanCityFilters, regionLabel } from './regions.ts'

export const DIRECTORY_PAGE_SIZE = 20
/** How many of an agency's item names the listing shows before "等 N 项". */
const ITEM_NAMES_SHOWN = 3

/** Shown for an organisation with no Henan region (region_code null). */
export const OUTSIDE_HENAN_LABEL = '河南省外'

export const agencyRegionLabel = (regionCode: string | null) =>
  regionCode ? regionLabel(regionCode) : OUTSIDE_HENAN_LABEL

// Offerings an agency shows: a paused one is hidden everywhere in the directory.
const activeOfferingOf = (extra: SQL) =>
  sql`exists (select 1 from ${offerings} where ${offerings.agencyId} = ${organisations.id} and ${offerings.pausedAt} is null and ${extra})`

export const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`)

/** What decides which agencies are listed; the sort and page do not change the count. */
type DirectoryFilter = Omit<DirectoryQuery, 'sort'>

/**
 * Which filters a query uses. Each shape (at most 3 × 2⁴ of them) is one query built and
 * prepared once, the filters' values going in as placeholders: building the listing in Drizzle
 * on every view was ~5 % of the directory page's CPU.
 */
const shapeOf = (filter: DirectoryFilter) =>
  [
    filter.city === OUTSIDE_HENAN ? 'outside' : filter.city ? 'city' : '',
    filter.verified ? 'verified' : '',
    filter.q ? 'q' : '',
    filter.item ? 'item' : '',
    filter.category ? 'category' : '',
  ].join(',')

/**
 * Listed = an agency that is not suspended. Nothing else: no approval, region, size or
 * capital condition — an agency appears the moment it signs up (零门槛).
 */
function listingConditions(shape: string): SQL | undefined {
  const uses = new Set(shape.split(','))
  // An agency removed from the market (清退) is gone; a blacklisted one stays, marked 失信.
  const conditions = [isListedAgency]
  if (uses.has('outside')) conditions.push(isNull(organisations.cityCode))
  if (uses.has('city')) conditions.push(eq(organisations.cityCode, sql.placeholder('city')))
  if (uses.has('verified')) conditions.push(isNotNull(organisations.verifiedAt))
  if (uses.has('q')) conditions.push(ilike(organisations.name, sql.placeholder('nameLike')))
  if (uses.has('item'))
    conditions.push(activeOfferingOf(eq(offerings.serviceItemCode, sql.placeholder('item'))))
  if (uses.has('category'))
    conditions.push(
      activeOfferingOf(
        sql`${offerings.serviceItemCode} = any(${sql.placeholder('categoryItems')}::text[])`,
      ),
    )
  return and(...conditions)
}

/** The placeholders' values of a filter. */
async function listingValues(db: Database, filter: DirectoryFilter) {
  return {
    city: filter.city,
    nameLike: filter.q ? `%${escapeLike(filter.q)}%` : undefined,
    item: filter.item,
    // The category's codes as an array, so the planner can use offerings_item_idx.
    categoryItems: filter.category ? await categoryItemCodes(db, filter.category) : undefined,
  }
}

async function categoryItemCodes(db: Database, category: string) {
  const items = await preparedQuery(db, 'categoryItemCodes', (db) =>
    db
      .select({ code: serviceItems.code })
      .from(serviceItems)
      .where(eq(serviceItems.category, sql.placeholder('category'))),
  ).execute({ category })
  return items.map((i) => i.code)
}

const newestFirst = [desc(organisations.createdAt), desc(organisations.id)]

const orderings: Record<DirectorySort, SQL[]> = {
  newest: newestFirst,
  name: [asc(organisations.name), asc(organisations.id)],
  offerings: [desc(organisations.activeOfferingCount), ...newestFirst],
  verified: [sql`${organisations.verifiedAt} is null`, ...newestFirst],
}

export interface DirectoryEntry {
  id: string
  name: string
  regionLabel: string
  verifiedAt: Date | null
  flagged: boolean
  blacklisted: boolean
  creditGrade: CreditGrade
  creditScore: number
  offeringCount: number
  itemNames: string[]
}

/** How long a filter's count is reused: the listed rows are always read live. */
export const DIRECTORY_TOTAL_TTL_MS = 60_000

type ListingValues = Awaited<ReturnType<typeof listingValues>>

async function countListed(db: Database, shape: string, values: ListingValues) {
  const counted = preparedQuery(db, `directoryCount:${shape}`, (db) =>
    db.select({ n: count() }).from(organisations).where(listingConditions(shape)),
  )
  const [row] = await counted.execute(values)
  return row?.n ?? 0
}

// A popular filter (an item in a city) matches thousands of agencies: counting them on every
// view of the page cost more than the rest of it.
const keptTotals = keptFigures(DIRECTORY_TOTAL_TTL_MS, async (db, key) => {
  const filter = JSON.parse(key) as DirectoryFilter
  return countListed(db, shapeOf(filter), await listingValues(db, filter))
})

/** One page of listed agencies in one order (models/db/prepared-query.ts). */
function listingQuery(db: Database, shape: string, sort: DirectorySort) {
  return db
    .select({
      id: organisations.id,
      name: organisations.name,
      regionCode: organisations.regionCode,
      verifiedAt: organisations.verifiedAt,
      flaggedAt: organisations.flaggedAt,
      blacklisted: sql<boolean>`not ${notBlacklistedNow(organisations.blacklistedUntil)}`,
      creditGrade: organisations.creditGrade,
      creditScore: organisations.creditScore,
    })
    .from(organisations)
    .where(listingConditions(shape))
    .orderBy(...orderings[sort])
    .limit(sql.placeholder('limit'))
    .offset(sql.placeholder('offset'))
}

/**
 * One page of the public agency directory, with the number of agencies that match: counted
 * now, or with `keptTotal` (the page) a count at most DIRECTORY_TOTAL_TTL_MS old — except on
 * the last page, whose rows give the exact number.
 */
export async function listAgencies(
  ctx: Ctx,
  query: DirectoryQuery,
  page = 1,
  pageSize = DIRECTORY_PAGE_SIZE,
  { keptTotal = false }: { keptTotal?: boolean } = {},
): Promise<{ entries: DirectoryEntry[]; total: number }> {
  const { item, category, city, verified, q, sort } = query
  const filter: DirectoryFilter = { item, category, city, verified, q }
  const shape = shapeOf(filter)
  const offset = (page - 1) * pageSize
  const values = await listingValues(ctx.db, filter)
  const listed = preparedQuery(ctx.db, `directory:${sort}:${shape}`, (db) =>
    listingQuery(db, shape, sort),
  ).execute({ ...values, limit: pageSize, offset })
  const [rows, total] = keptTotal
    ? await listed.then(async (rows) => {
        // An empty page past the end shows nothing of the count: only rows prove a lower bound.
        const seen = rows.length > 0 ? offset + rows.length : 0
        const lastPage = rows.length < pageSize && (rows.length > 0 || page === 1)
        const kept = lastPage ? seen : await keptTotals(ctx.db, JSON.stringify(filter))
        return [rows, Math.max(seen, kept)] as const
      })
    : await Promise.all([listed, countListed(ctx.db, shape, values)])
  const offeringsByAgency = await activeItemsOf(
    ctx,
    rows.map((r) => r.id),
  )
  const entries = rows.map((row) => {
    const items = offeringsByAgency.get(row.id) ?? []
    return {
      id: row.id,
      name: row.name,
      regionLabel: agencyRegionLabel(row.regionCode),
      verifiedAt: row.verifiedAt,
      flagged: row.flaggedAt != null,
      blacklisted: row.blacklisted,
      creditGrade: row.creditGrade as CreditGrade,
      creditScore: row.creditScore,
      offeringCount: items.length,
      itemNames: items.slice(0, ITEM_NAMES_SHOWN),
    }
  })
  return { entries, total }
}

/** The shown agencies' active item names in ONE query, whatever the page size. */
async function activeItemsOf(ctx: Ctx, agencyIds: string[]) {
  const byAgency = new Map<string, string[]>()
  if (agencyIds.length === 0) return byAgency
  const rows = await preparedQuery(ctx.db, 'directoryActiveItems', (db) =>
    db
      .select({ agencyId: offerings.agencyId, name: serviceItems.name })
      .from(offerings)
      .innerJoin(serviceItems, eq(serviceItems.code, offerings.serviceItemCode))
      .where(
        and(
          sql`${offerings.agencyId} = any(${sql.placeholder('agencyIds')}::uuid[])`,
          isNull(offerings.pausedAt),
        ),
      )
      .orderBy(asc(offerings.serviceItemCode)),
  ).execute({ agencyIds })
  for (const row of rows) {
    const names = byAgency.get(row.agencyId) ?? []
    names.push(row.name)
    byAgency.set(row.agencyId, names)
  }
  return byAgency
}

/** The city filter's choices, here and on /stats: Henan's cities, then outside Henan. */
export const cityFilterOptions = [
  ...henanCityFilters.map((city) => ({ value: city.code, label: city.name })),
  { value: OUTSIDE_HENAN, label: OUTSIDE_HENAN_LABEL },
]

/** The filter form's choices: active catalogue items by category, and Henan's cities. */
export async function getDirectoryFilterOptions(ctx: Ctx) {
  const categories = groupByCategory(await listActiveServiceItems(ctx.db)).map((group) => ({
    name: group.category,
    items: group.items.map((item) => ({ code: item.code, name: item.name })),
  }))
  return { categories, cities: cityFilterOptions }
}

type FilterOptions = Awaited<ReturnType<typeof getDirectoryFilterOptions>>

/**
 * The query without an item, category or city the form does not offer (a mistyped or stale
 * link): like every public list, the directory then drops that filter instead of showing
 * nothing under a form that reads 全部. The same query object when nothing was dropped.
 */
export function withoutUnknownFilters(query: DirectoryQuery, options: FilterOptions) {
  const { item, category, city } = query
  const unknownItem =
    item !== undefined && !options.categories.some((c) => c.items.some((i) => i.code === item))
  const unknownCategory =
    category !== undefined && !options.categories.some((c) => c.name === category)
  const unknownCity = city !== undefined && !options.cities.some((c) => c.value === city)
  if (!unknownItem && !unknownCategory && !unknownCity) return query
  return {
    ...query,
    item: unknownItem ? undefined : item,
    category: unknownCategory ? undefined : category,
    city: unknownCity ? undefined : city,
  }
}
