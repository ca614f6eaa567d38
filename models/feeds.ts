import { aliasedTable, and, desc, eq, inArray } from 'drizzle-orm'
import { isAnnouncedProject } from './announced-project.ts'
import type { Database } from './db/client.ts'
import { projectEvents, projects } from './db/schema-procedures.ts'
import { organisations, serviceItems } from './db/schema.ts'
import { listProjects } from './project-queries.ts'
import type { ProjectFilterQuery } from './validation/project-filters.ts'

/**
 * What the Atom feeds list (app/feeds.server.ts writes them): announcements as they are
 * published, and results as they happen. Only what the public project page already shows.
 */

export const FEED_SIZE = 50

/** The steps the results feed reports, in the words of the public timeline. */
export const RESULT_KINDS = ['project.awarded', 'project.failed', 'project.cancelled'] as const
export type ResultKind = (typeof RESULT_KINDS)[number]

type FeedFilters = Pick<ProjectFilterQuery, 'item' | 'city'>

/** The newest published announcements (never drafts), newest first. */
export async function listAnnouncementsForFeed(db: Database, filters: FeedFilters) {
  const { rows } = await listProjects(db, {
    item: filters.item,
    city: filters.city,
    pageSize: FEED_SIZE,
  })
  return rows
}

export type FeedAnnouncement = Awaited<ReturnType<typeof listAnnouncementsForFeed>>[number]

const buyer = aliasedTable(organisations, 'buyer')

/** The newest awards, failures and cancellations of published projects, newest first. */
export function listResultsForFeed(db: Database, filters: FeedFilters) {
  return db
    .select({
      eventId: projectEvents.id,
      kind: projectEvents.kind,
      summary: projectEvents.summary,
      occurredAt: projectEvents.occurredAt,
      projectId: projects.id,
      title: projects.title,
      serviceItemCode: projects.serviceItemCode,
      serviceItemName: serviceItems.name,
      regionCode: projects.regionCode,
      method: projects.method,
      budgetCapFen: projects.budgetCapFen,
      buyerName: buyer.name,
    })
    .from(projectEvents)
    .innerJoin(projects, eq(projects.id, projectEvents.projectId))
    .innerJoin(serviceItems, eq(serviceItems.code, projects.serviceItemCode))
    .innerJoin(buyer, eq(buyer.id, projects.buyerId))
    .where(
      and(
        inArray(projectEvents.kind, [...RESULT_KINDS]),
        isAnnouncedProject,
        filters.item ? eq(projects.serviceItemCode, filters.item) : undefined,
        filters.city ? eq(projects.cityCode, filters.city) : undefined,
      ),
    )
    .orderBy(desc(projectEvents.occurredAt), desc(projectEvents.id))
    .limit(FEED_SIZE)
    .then((rows) => rows.map((row) => ({ ...row, kind: row.kind as ResultKind })))
}

export type FeedResult = Awaited<ReturnType<typeof listResultsForFeed>>[number]

/** The item's name for a filtered feed's title; null when the code is unknown. */
export async function serviceItemName(db: Database, code: string) {
  const [row] = await db
    .select({ name: serviceItems.name })
    .from(serviceItems)
    .where(eq(serviceItems.code, code))
  return row?.name ?? null
}
