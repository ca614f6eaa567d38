import { and, count, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm'
import { isAnnouncedProject } from '../models/announced-project.ts'
import type { Database } from '../models/db/client.ts'
import { projects } from '../models/db/schema-procedures.ts'
import { organisations, serviceItems } from '../models/db/schema.ts'
import { regionLabel } from '../models/regions.ts'
import type { SearchParams } from './filters.ts'
import { highlightRanges } from './highlight.ts'
import type { ProjectResult } from './results.ts'
import type { UnderstoodQuery } from './understand.ts'

/** LIKE pattern for a word typed by a person: its wildcards are taken literally. */
const containing = (word: string) => `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/**
 * Published projects (never drafts) for the query: the items it names, its place, and any
 * other words in the title, scope or buyer's name. Projects number in the thousands, not
 * hundreds of thousands, so plain filters and LIKE are enough; newest first.
 */
export async function matchProjects(
  db: Database,
  params: SearchParams,
  u: UnderstoodQuery,
  window: { limit: number; offset: number },
): Promise<{ total: number; totalExact: boolean; facets: null; results: ProjectResult[] }> {
  const items = params.item ? [params.item] : u.items.map((i) => i.code)
  const region = params.region ?? u.place?.code ?? null
  const wordMatches: SQL[] = u.words.map((word) =>
    or(
      sql`${projects.title} like ${containing(word)}`,
      sql`${projects.scope} like ${containing(word)}`,
      sql`${organisations.name} like ${containing(word)}`,
    )!,
  )
  const where = and(
    isAnnouncedProject,
    items.length > 0 ? inArray(projects.serviceItemCode, items) : undefined,
    region
      ? region.length === 4
        ? eq(projects.cityCode, region)
        : eq(projects.regionCode, region)
      : undefined,
    ...wordMatches,
  )
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: projects.id,
        title: projects.title,
        serviceItemCode: projects.serviceItemCode,
        serviceItemName: serviceItems.name,
        buyerName: organisations.name,
        regionCode: projects.regionCode,
        status: projects.status,
        method: projects.method,
        budgetCapFen: projects.budgetCapFen,
        deadlineAt: projects.deadlineAt,
      })
      .from(projects)
      .innerJoin(serviceItems, eq(serviceItems.code, projects.serviceItemCode))
      .innerJoin(organisations, eq(organisations.id, projects.buyerId))
      .where(where)
      .orderBy(desc(projects.publishedAt), desc(projects.id))
      .limit(window.limit)
      .offset(window.offset),
    db
      .select({ n: count() })
      .from(projects)
      .innerJoin(organisations, eq(organisations.id, projects.buyerId))
      .where(where),
  ])
  return {
    total: total!.n,
    totalExact: true,
    facets: null,
    results: rows.map((r) => ({
      ...r,
      deadlineAt: r.deadlineAt.toISOString(),
      region: { code: r.regionCode, name: regionLabel(r.regionCode) },
      url: `/projects/${r.id}`,
      highlights: { title: highlightRanges(r.title, u.highlights) },
    })),
  }
}
