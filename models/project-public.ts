import { listClarifications } from './clarifications.ts'
import type { Database } from './db/client.ts'
import type { ProjectResult } from './project-award.ts'
import { bidCountIfPastDeadline, disclosedBids } from './project-disclosure.ts'
import { drawRecord } from './project-draw-view.ts'
import {
  getProject,
  getProjectTimeline,
  listProjects,
  type ProjectListRow,
} from './project-queries.ts'
import { regionLabel } from './regions.ts'
import type { ProjectFilterQuery } from './validation/project-filters.ts'

/**
 * The public read model behind GET /api/v1/projects(/:id) and `npm run verify-draw -- --db`:
 * plain JSON-ready objects, never a sealed price, salt or draw secret before its time.
 */

export const PUBLIC_PAGE_SIZE = 20

export const projectPath = (id: string) => `/projects/${id}`

const region = (code: string) => ({ code, name: regionLabel(code) })

function listItem(row: ProjectListRow) {
  return {
    id: row.id,
    title: row.title,
    serviceItemCode: row.serviceItemCode,
    serviceItemName: row.serviceItemName,
    buyerName: row.buyerName,
    region: region(row.regionCode),
    method: row.method,
    status: row.status,
    funding: row.funding,
    budgetCapFen: row.budgetCapFen,
    deadlineAt: row.deadlineAt,
    publishedAt: row.publishedAt,
    winner: row.winnerAgencyId ? { id: row.winnerAgencyId, name: row.winnerName } : null,
    awardedPriceFen: row.awardedPriceFen,
    url: projectPath(row.id),
  }
}

/** Published announcements (never drafts), newest first, 20 a page. */
export async function listPublicProjects(
  db: Database,
  query: ProjectFilterQuery & { page?: number },
) {
  const list = await listProjects(db, { ...query, pageSize: PUBLIC_PAGE_SIZE })
  return {
    total: list.total,
    page: list.page,
    pageSize: list.pageSize,
    results: list.rows.map(listItem),
  }
}

/**
 * One project as the public sees it: the announcement, its timeline and answered questions,
 * the bid count once the deadline has passed, every bid once opened, the result and the draw.
 * Throws NotFoundError for an unknown id or a draft.
 */
export async function getPublicProject(db: Database, id: string) {
  const view = await getProject({ db, actor: null }, id)
  const p = view.project
  const [timeline, clarifications, bidCount, bids] = await Promise.all([
    getProjectTimeline(db, p.id),
    listClarifications({ db, actor: null }, p.id),
    bidCountIfPastDeadline(db, p),
    disclosedBids(db, p),
  ])
  const result = p.result as ProjectResult | null
  return {
    id: p.id,
    title: p.title,
    status: p.status,
    method: p.method,
    funding: p.funding,
    serviceItemCode: p.serviceItemCode,
    serviceItemName: view.serviceItemName,
    requiredQualification: view.serviceItemQualification,
    itemTimeLimitWorkdays: view.serviceItemTimeLimit,
    buyer: { id: p.buyerId, name: view.buyerName, kind: view.buyerKind },
    region: region(p.regionCode),
    location: p.location,
    scope: p.scope,
    budgetCapFen: p.budgetCapFen,
    weights:
      p.method === 'scoring'
        ? { price: p.weightPrice, quality: p.weightQuality, credit: p.weightCredit }
        : null,
    abnormalLowPercent: p.abnormalLowPercent,
    publicityWorkdays: p.publicityWorkdays,
    invitedAgency: p.directAgencyId ? { id: p.directAgencyId, name: view.invitedName } : null,
    republishedFrom: p.republishedFrom,
    publishedAt: p.publishedAt,
    deadlineAt: p.deadlineAt,
    openedAt: p.openedAt,
    awardedAt: p.awardedAt,
    publicityEndsAt: p.publicityEndsAt,
    awardFinalAt: p.awardFinalAt,
    endedAt: p.endedAt,
    endReason: p.endReason,
    winner: p.winnerAgencyId ? { id: p.winnerAgencyId, name: view.winnerName } : null,
    awardedPriceFen: p.awardedPriceFen,
    url: projectPath(p.id),
    bidCount,
    bids,
    result: result ? { ranking: result.ranking, excluded: result.excluded } : null,
    draw: drawRecord(p),
    timeline: timeline.map(({ kind, summary, occurredAt }) => ({ kind, summary, occurredAt })),
    clarifications: clarifications.rows
      .filter((row) => row.answeredAt != null)
      .map((row) => ({
        kind: row.kind,
        question: row.question,
        answer: row.answer,
        answeredAt: row.answeredAt,
        changesScope: row.changesScope,
        deadlineBefore: row.deadlineBefore,
        deadlineAfter: row.deadlineAfter,
      })),
  }
}

export type PublicProject = Awaited<ReturnType<typeof getPublicProject>>
