import {
  and,
  asc,
  eq,
  ilike,
  inArray,
  isNull,
  or,
  type Placeholder,
  type SQL,
  sql,
} from 'drizzle-orm'
import { historyOf, type ItemChange, type ItemSnapshot } from './catalogue-history.ts'
import type { Database } from './db/client.ts'
import { preparedQuery } from './db/prepared-query.ts'
import { keptFigures } from './kept-figures.ts'
import { isListedAgency } from './listed-agency.ts'
import { offerings, organisations, serviceItemVersions, serviceItems } from './db/schema.ts'
import { writtenLimit } from '#search/raw-sql.ts'

/** Public reads of the catalogue (中介服务事项清单) and its price transparency figures. */

export type ServiceItem = typeof serviceItems.$inferSelect

export interface PriceFigures {
  offeringCount: number
  /** Lowest fee_min_fen among the active offerings. */
  feeMinFen: number | null
  /** Median of each active offering's midpoint (min + max) / 2, rounded to the fen. */
  feeMedianFen: number | null
  /** Highest fee_max_fen among the active offerings. */
  feeMaxFen: number | null
}

const noOfferings: PriceFigures = {
  offeringCount: 0,
  feeMinFen: null,
  feeMedianFen: null,
  feeMaxFen: null,
}

// An offering counts while it is not paused and its agency is neither suspended nor exited.
const offeringIsActive = and(isNull(offerings.pausedAt), isListedAgency)

/** An item's active offerings; the code is a value, or a placeholder in a prepared query. */
const activeOfferingsOf = (code: string | Placeholder) =>
  and(eq(offerings.serviceItemCode, code), offeringIsActive)

/**
 * Count, min, median and max fee of each item's active offerings, computed by the database.
 * The same rule as offeringIsActive, written as "no unlisted agency" so that it reads the
 * offerings' partial index alone (offerings_active_item_idx) and the few unlisted agencies
 * (organisations_unlisted_idx) instead of joining every agency row.
 */
async function priceFiguresByItem(db: Database, codes?: string[]) {
  // float8 before adding: two fees near the integer limit would overflow int4.
  const midpoint = sql`(${offerings.feeMinFen}::float8 + ${offerings.feeMaxFen}) / 2`
  const rows = await db
    .select({
      code: offerings.serviceItemCode,
      offeringCount: sql<number>`count(*)::int`,
      feeMinFen: sql<number>`min(${offerings.feeMinFen})::int`,
      feeMedianFen: sql<number>`round((percentile_cont(0.5) within group (order by ${midpoint}))::numeric)::int`,
      feeMaxFen: sql<number>`max(${offerings.feeMaxFen})::int`,
    })
    .from(offerings)
    .where(
      and(
        isNull(offerings.pausedAt),
        sql`not exists (select 1 from ${organisations} where ${organisations.id} = ${offerings.agencyId}
              and (${organisations.kind} <> 'agency' or ${organisations.suspendedAt} is not null
                   or ${organisations.exitedAt} is not null))`,
        codes ? inArray(offerings.serviceItemCode, codes) : undefined,
      ),
    )
    .groupBy(offerings.serviceItemCode)
  return new Map(rows.map(({ code, ...figures }) => [code, figures as PriceFigures]))
}

export async function getItemPriceFigures(db: Database, code: string): Promise<PriceFigures> {
  const figures = await priceFiguresByItem(db, [code])
  return figures.get(code) ?? noOfferings
}

/**
 * An item's figures for its public page, at most two minutes old (models/kept-figures.ts):
 * the median of a popular item's 20,000 offerings costs more than the rest of the page. The
 * offerings listed below them are always read live.
 */
export const ITEM_FIGURES_TTL_MS = 60_000
const keptItemFigures = keptFigures(ITEM_FIGURES_TTL_MS, getItemPriceFigures)

/** The item as the public (page and API) sees it: no internal columns. */
export function publicItem(item: ServiceItem) {
  return {
    code: item.code,
    name: item.name,
    category: item.category,
    department: item.department,
    servesApproval: item.servesApproval,
    legalBasis: item.legalBasis,
    feeType: item.feeType,
    feeStandard: item.feeStandard,
    timeLimitWorkdays: item.timeLimitWorkdays,
    conditions: item.conditions,
    workflow: item.workflow,
    qualification: item.qualification,
    aliases: item.aliases,
    retired: item.retiredAt != null,
    retiredAt: item.retiredAt,
  }
}

export type PublicItem = ReturnType<typeof publicItem>

export interface ItemFilters {
  category?: string | null
  /** Matched against code, name and aliases. */
  q?: string | null
  includeRetired?: boolean
}

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, '\\$&')}%`

/** Items with their price figures, in catalogue order. */
export async function listServiceItems(db: Database, filters: ItemFilters = {}) {
  const conditions: (SQL | undefined)[] = [
    filters.includeRetired ? undefined : isNull(serviceItems.retiredAt),
    filters.category ? eq(serviceItems.category, filters.category) : undefined,
  ]
  const q = filters.q?.trim()
  if (q) {
    const pattern = likePattern(q)
    conditions.push(
      or(
        ilike(serviceItems.name, pattern),
        ilike(serviceItems.code, pattern),
        sql`array_to_string(${serviceItems.aliases}, '、') ilike ${pattern}`,
      ),
    )
  }
  const [items, figures] = await Promise.all([
    db
      .select()
      .from(serviceItems)
      .where(and(...conditions))
      .orderBy(asc(serviceItems.code)),
    priceFiguresByItem(db),
  ])
  return items.map((item) => ({ ...publicItem(item), ...(figures.get(item.code) ?? noOfferings) }))
}

export type ListedItem = Awaited<ReturnType<typeof listServiceItems>>[number]

/** One item by its code, retired or not; null when there is none. */
export async function getServiceItem(db: Database, code: string): Promise<ServiceItem | null> {
  const [item] = await preparedQuery(db, 'serviceItem', (db) =>
    db
      .select()
      .from(serviceItems)
      .where(eq(serviceItems.code, sql.placeholder('code'))),
  ).execute({ code })
  return item ?? null
}

/** Items that can be offered or requested now: for the forms and the list filters. */
export function listActiveServiceItems(db: Database) {
  // Every directory, project and contract list view reads it (models/db/prepared-query.ts).
  return preparedQuery(db, 'activeServiceItems', (db) =>
    db
      .select({
        code: serviceItems.code,
        name: serviceItems.name,
        category: serviceItems.category,
        timeLimitWorkdays: serviceItems.timeLimitWorkdays,
        qualification: serviceItems.qualification,
      })
      .from(serviceItems)
      .where(isNull(serviceItems.retiredAt))
      .orderBy(asc(serviceItems.code)),
  ).execute()
}

/**
 * Items grouped by category, the categories in the order their first item comes: catalogue
 * order for items listed by code, as listActiveServiceItems lists them.
 */
export function groupByCategory<T extends { category: string }>(items: readonly T[]) {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const group = groups.get(item.category)
    if (group) group.push(item)
    else groups.set(item.category, [item])
  }
  return [...groups].map(([category, items]) => ({ category, items }))
}

/** Categories in catalogue order (by their first item's code), retired-only ones included. */
export async function listCategories(db: Database): Promise<string[]> {
  const rows = await db
    .select({ category: serviceItems.category })
    .from(serviceItems)
    .groupBy(serviceItems.category)
    .orderBy(sql`min(${serviceItems.code})`)
  return rows.map((row) => row.category)
}

/** Every stored version of an item, oldest first. */
export function listItemVersions(db: Database, code: string) {
  const query = preparedQuery(db, 'itemVersions', (db) =>
    db
      .select({
        id: serviceItemVersions.id,
        change: serviceItemVersions.change,
        snapshot: serviceItemVersions.snapshot,
        changedBy: serviceItemVersions.changedBy,
        changedAt: serviceItemVersions.changedAt,
      })
      .from(serviceItemVersions)
      .where(eq(serviceItemVersions.code, sql.placeholder('code')))
      // Ids are drawn after the item's row lock, so they follow the order of changes;
      // changed_at is each transaction's start time and may not.
      .orderBy(asc(serviceItemVersions.id)),
  )
  return query.execute({ code }).then((rows) =>
    rows.map((row) => ({
      ...row,
      change: row.change as ItemChange,
      snapshot: row.snapshot as Partial<ItemSnapshot>,
    })),
  )
}

/**
 * Everything the item page and the JSON API show about one item; null when there is none.
 * `keptFigures` (the page) takes its price figures from the last minute's reading.
 */
export async function getServiceItemDetail(
  db: Database,
  code: string,
  { keptFigures: kept = false }: { keptFigures?: boolean } = {},
) {
  const item = await getServiceItem(db, code)
  if (!item) return null
  const [figures, versions] = await Promise.all([
    kept ? keptItemFigures(db, code) : getItemPriceFigures(db, code),
    listItemVersions(db, code),
  ])
  const latest = versions[versions.length - 1]
  return {
    item: publicItem(item),
    retireReason: item.retiredAt ? (latest?.snapshot.retireReason ?? null) : null,
    figures,
    versions: versions.map(({ change, changedAt, snapshot }) => ({ change, changedAt, snapshot })),
    history: historyOf(versions),
  }
}

export const offeringSorts = ['fee', 'time'] as const
export type OfferingSort = (typeof offeringSorts)[number]

export const OFFERINGS_PER_PAGE = 20

/**
 * Active offerings of an item with their agencies, a page at a time. `count: false` skips
 * the total (null) for a caller that has it from the item's figures already.
 */
export async function listItemOfferings(
  db: Database,
  code: string,
  {
    sort = 'fee',
    page = 1,
    count: withCount = true,
  }: { sort?: OfferingSort; page?: number; count?: boolean } = {},
) {
  // The first page, by far the most read, has its limit written in and no offset, so that
  // PostgreSQL settles on one plan instead of planning every view (search/raw-sql.ts).
  const listed =
    page === 1
      ? preparedQuery(db, `itemOfferingsFirst:${sort}`, (db) =>
          itemOfferingsQuery(db, sort).limit(writtenLimit(OFFERINGS_PER_PAGE)),
        ).execute({ code })
      : preparedQuery(db, `itemOfferings:${sort}`, (db) =>
          itemOfferingsQuery(db, sort)
            .limit(sql.placeholder('limit'))
            .offset(sql.placeholder('offset')),
        ).execute({ code, limit: OFFERINGS_PER_PAGE, offset: (page - 1) * OFFERINGS_PER_PAGE })
  const [rows, [count]] = await Promise.all([
    listed,
    withCount
      ? db
          .select({ n: sql<number>`count(*)::int` })
          .from(offerings)
          .innerJoin(organisations, eq(organisations.id, offerings.agencyId))
          .where(activeOfferingsOf(code))
      : [null],
  ])
  return { offerings: rows, total: withCount ? (count?.n ?? 0) : null }
}

/** An item's active offerings in one order, to be paged (models/db/prepared-query.ts). */
function itemOfferingsQuery(db: Database, sort: OfferingSort) {
  const byFee = [asc(offerings.feeMinFen), asc(offerings.feeMaxFen), asc(offerings.timeLimitDays)]
  const byTime = [asc(offerings.timeLimitDays), asc(offerings.feeMinFen), asc(offerings.feeMaxFen)]
  return db
    .select({
      id: offerings.id,
      agencyId: organisations.id,
      agencyName: organisations.name,
      regionCode: organisations.regionCode,
      verified: sql<boolean>`${organisations.verifiedAt} is not null`,
      feeKind: offerings.feeKind,
      feeMinFen: offerings.feeMinFen,
      feeMaxFen: offerings.feeMaxFen,
      feeRule: offerings.feeRule,
      timeLimitDays: offerings.timeLimitDays,
    })
    .from(offerings)
    .innerJoin(organisations, eq(organisations.id, offerings.agencyId))
    .where(activeOfferingsOf(sql.placeholder('code')))
    .orderBy(
      ...(sort === 'time' ? byTime : byFee),
      asc(sql`${organisations.verifiedAt} is null`),
      asc(organisations.name),
      asc(offerings.id),
    )
    .$dynamic()
}

export type ItemOffering = Awaited<ReturnType<typeof listItemOfferings>>['offerings'][number]
