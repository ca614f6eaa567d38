import { aliasedTable, and, asc, desc, eq, isNotNull, isNull } from 'drizzle-orm'
import { platformNow } from './clock.ts'
import { type Ctx, requireRole } from './context.ts'
import type { Database } from './db/client.ts'
import { bids, objections, projects } from './db/schema-procedures.ts'
import { organisations, uploads } from './db/schema.ts'
import type { ProjectResult } from './project-award.ts'
import { listOpenedBids } from './project-queries.ts'
import {
  checkEscalation,
  checkPublicityOpen,
  ESCALATION_WORKDAYS,
  isLateAnswer,
  objectionStage,
  type RuleAnswer,
} from './rules/objections.ts'
import type { ProjectStatus } from './rules/project-states.ts'
import { loadWorkdayCalendar } from './workday-calendar.ts'

// Objections are public, objector named (质疑人 are named in published results); files too.

const agency = aliasedTable(organisations, 'objector')
const buyer = aliasedTable(organisations, 'buyer')

const objectionColumns = {
  id: objections.id,
  projectId: objections.projectId,
  agencyId: objections.agencyId,
  agencyName: agency.name,
  grounds: objections.grounds,
  uploadId: objections.uploadId,
  uploadName: uploads.originalName,
  filedAt: objections.filedAt,
  answerDueAt: objections.answerDueAt,
  answer: objections.answer,
  answeredAt: objections.answeredAt,
  escalatedAt: objections.escalatedAt,
  escalationReason: objections.escalationReason,
  ruling: objections.ruling,
  remedy: objections.remedy,
  rulingReason: objections.rulingReason,
  ruledAt: objections.ruledAt,
  closedAt: objections.closedAt,
}

export function listProjectObjections(db: Database, projectId: string) {
  return db
    .select(objectionColumns)
    .from(objections)
    .innerJoin(agency, eq(agency.id, objections.agencyId))
    .leftJoin(uploads, eq(uploads.id, objections.uploadId))
    .where(eq(objections.projectId, projectId))
    .orderBy(asc(objections.filedAt), asc(objections.id))
}

interface ProjectForObjections {
  id: string
  buyerId: string
  status: ProjectStatus
  awardFinalAt: Date | null
  publicityEndsAt: Date | null
}

/**
 * The objections of a project as the actor sees them: each with its stage, whether the
 * answer was late, until when it may be escalated, and what the actor may do with it;
 * plus whether the actor may file one now (null: the actor is not a participant).
 */
export async function getObjectionsPanel(ctx: Ctx, project: ProjectForObjections) {
  const [now, calendar, rows] = await Promise.all([
    platformNow(ctx.db),
    loadWorkdayCalendar(ctx.db),
    listProjectObjections(ctx.db, project.id),
  ])
  const myOrg = ctx.actor?.organisationId ?? null
  const isBuyer = myOrg != null && myOrg === project.buyerId
  let filing: RuleAnswer | null = null
  if (ctx.actor?.role === 'agency' && myOrg && (await hasLiveBid(ctx.db, project.id, myOrg))) {
    filing = checkPublicityOpen(project, now)
    if (filing.ok && rows.some((o) => o.agencyId === myOrg && !o.closedAt))
      filing = { ok: false, reason: '贵机构对本项目已有未办结的质疑（见上），请在原质疑中继续' }
  }
  const list = rows.map((o) => {
    const mine = myOrg != null && o.agencyId === myOrg
    const escalationEndsAt = o.answeredAt
      ? calendar.addWorkdays(o.answeredAt, ESCALATION_WORKDAYS)
      : null
    const escalation = checkEscalation(o, now, escalationEndsAt)
    return {
      ...o,
      stage: objectionStage(o),
      late: isLateAnswer(o),
      answerOverdue: !o.answeredAt && !o.closedAt && now >= o.answerDueAt,
      escalationEndsAt,
      mine,
      canAnswer: isBuyer && !o.closedAt && !o.answeredAt,
      canEscalate: mine && escalation.ok,
      escalationBlockedBy: mine && !o.closedAt && !escalation.ok ? escalation.reason : null,
      canWithdraw: mine && !o.closedAt,
    }
  })
  return { objections: list, filing, isBuyer, open: list.filter((o) => !o.closedAt).length }
}

export type ObjectionView = Awaited<ReturnType<typeof getObjectionsPanel>>['objections'][number]

async function hasLiveBid(db: Database, projectId: string, agencyId: string) {
  const [row] = await db
    .select({ id: bids.id })
    .from(bids)
    .where(
      and(eq(bids.projectId, projectId), eq(bids.agencyId, agencyId), isNull(bids.withdrawnAt)),
    )
  return row != null
}

/** Escalated objections awaiting a ruling, oldest first, each with its project's ranking and bids. */
export async function listEscalatedObjections(ctx: Ctx) {
  requireRole(ctx, 'supervisor')
  const now = await platformNow(ctx.db)
  const rows = await ctx.db
    .select({
      ...objectionColumns,
      projectTitle: projects.title,
      projectStatus: projects.status,
      projectMethod: projects.method,
      projectOpenedAt: projects.openedAt,
      publicityEndsAt: projects.publicityEndsAt,
      result: projects.result,
      buyerName: buyer.name,
    })
    .from(objections)
    .innerJoin(agency, eq(agency.id, objections.agencyId))
    .innerJoin(projects, eq(projects.id, objections.projectId))
    .innerJoin(buyer, eq(buyer.id, projects.buyerId))
    .leftJoin(uploads, eq(uploads.id, objections.uploadId))
    .where(and(isNotNull(objections.escalatedAt), isNull(objections.closedAt)))
    .orderBy(asc(objections.escalatedAt), asc(objections.id))
  return Promise.all(
    rows.map(async ({ result, projectOpenedAt, ...row }) => {
      const bidsOfProject =
        (await listOpenedBids(ctx.db, {
          id: row.projectId,
          status: row.projectStatus,
          openedAt: projectOpenedAt,
        })) ?? []
      return {
        ...row,
        result: result as ProjectResult | null,
        bids: bidsOfProject.filter((b) => b.valid),
        late: isLateAnswer(row),
        answerOverdue: !row.answeredAt && now >= row.answerDueAt,
      }
    }),
  )
}

export type EscalatedObjection = Awaited<ReturnType<typeof listEscalatedObjections>>[number]

/** The latest rulings, for the supervisors' page. */
export async function listRecentRulings(ctx: Ctx, limit = 10) {
  requireRole(ctx, 'supervisor')
  return ctx.db
    .select({
      id: objections.id,
      projectId: objections.projectId,
      projectTitle: projects.title,
      agencyName: agency.name,
      ruling: objections.ruling,
      remedy: objections.remedy,
      rulingReason: objections.rulingReason,
      ruledAt: objections.ruledAt,
    })
    .from(objections)
    .innerJoin(agency, eq(agency.id, objections.agencyId))
    .innerJoin(projects, eq(projects.id, objections.projectId))
    .where(isNotNull(objections.ruledAt))
    .orderBy(desc(objections.ruledAt))
    .limit(limit)
}
