import { and, asc, count, desc, eq, ilike, inArray, isNotNull, isNull, sql } from 'drizzle-orm'
import { isAnnouncedProject } from './announced-project.ts'
import { platformNow } from './clock.ts'
import { type Ctx, requireActor, requireRole } from './context.ts'
import type { Database } from './db/client.ts'
import { complaints, creditRecords } from './db/schema-credit.ts'
import { projects } from './db/schema-procedures.ts'
import { organisations, uploads, users } from './db/schema.ts'
import type { ComplaintOutcome, ComplaintTargetType } from './validation/complaints.ts'
import { isUuid } from './validation/registry.ts'

// The public list shows answered complaints only, and never who complained: no complainant
// column is selected there. Supervisors see everything.

export const COMPLAINTS_PER_PAGE = 20

const publicColumns = {
  id: complaints.id,
  targetType: complaints.targetType,
  targetOrganisationId: complaints.targetOrganisationId,
  targetName: organisations.name,
  projectId: complaints.projectId,
  projectTitle: projects.title,
  subject: complaints.subject,
  filedAt: complaints.filedAt,
  answerDueAt: complaints.answerDueAt,
  outcome: complaints.outcome,
  answer: complaints.answer,
  answeredAt: complaints.answeredAt,
}

/** The finding a complaint led to, if any (at most one: one agency, one rule). */
const recordJoin = and(
  eq(creditRecords.sourceType, 'complaint'),
  sql`${creditRecords.sourceId} = ${complaints.id}::text`,
)

export async function listPublicComplaints(
  db: Database,
  {
    outcome,
    page = 1,
    pageSize = COMPLAINTS_PER_PAGE,
  }: { outcome: ComplaintOutcome | null; page?: number; pageSize?: number },
) {
  const where = and(
    isNotNull(complaints.answeredAt),
    outcome ? eq(complaints.outcome, outcome) : undefined,
  )
  const [rows, [totals]] = await Promise.all([
    db
      .select({
        ...publicColumns,
        recordId: creditRecords.id,
        recordStatus: creditRecords.status,
        recordAgencyId: creditRecords.agencyId,
      })
      .from(complaints)
      .leftJoin(organisations, eq(organisations.id, complaints.targetOrganisationId))
      .leftJoin(projects, eq(projects.id, complaints.projectId))
      .leftJoin(creditRecords, recordJoin)
      .where(where)
      .orderBy(desc(complaints.answeredAt), desc(complaints.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ total: count() }).from(complaints).where(where),
  ])
  const total = totals!.total
  return {
    complaints: rows.map((r) => ({ ...r, late: r.answeredAt! > r.answerDueAt })),
    total,
    page,
    pageCount: Math.max(1, Math.ceil(total / pageSize)),
  }
}

export type PublicComplaint = Awaited<ReturnType<typeof listPublicComplaints>>['complaints'][number]

/** Open complaints for supervisors: overdue first, then by due time; with who complained. */
export async function listComplaintQueue(ctx: Ctx) {
  requireRole(ctx, 'supervisor')
  const now = await platformNow(ctx.db)
  const rows = await ctx.db
    .select({
      ...publicColumns,
      grounds: complaints.grounds,
      uploadId: complaints.uploadId,
      uploadName: uploads.originalName,
      complainantOrganisationId: complaints.complainantOrganisationId,
      complainantName: users.name,
      flaggedOverdueAt: complaints.flaggedOverdueAt,
    })
    .from(complaints)
    .innerJoin(users, eq(users.id, complaints.complainantUserId))
    .leftJoin(organisations, eq(organisations.id, complaints.targetOrganisationId))
    .leftJoin(projects, eq(projects.id, complaints.projectId))
    .leftJoin(uploads, eq(uploads.id, complaints.uploadId))
    .where(isNull(complaints.answeredAt))
    .orderBy(
      sql`${complaints.flaggedOverdueAt} is null`,
      asc(complaints.answerDueAt),
      asc(complaints.id),
    )
  // A second look-up: two aliases of organisations in one select lose their types.
  const complainantOrgs = await organisationNames(
    ctx.db,
    rows.map((r) => r.complainantOrganisationId),
  )
  return rows.map((r) => ({
    ...r,
    complainantOrganisationName: r.complainantOrganisationId
      ? (complainantOrgs.get(r.complainantOrganisationId) ?? '')
      : '',
    overdue: r.flaggedOverdueAt != null || now >= r.answerDueAt,
  }))
}

export type QueuedComplaint = Awaited<ReturnType<typeof listComplaintQueue>>[number]

/** The complainant's organisation's own complaints, open or answered. */
export async function listMyComplaints(ctx: Ctx) {
  const actor = requireActor(ctx)
  if (!actor.organisationId) return []
  return ctx.db
    .select(publicColumns)
    .from(complaints)
    .leftJoin(organisations, eq(organisations.id, complaints.targetOrganisationId))
    .leftJoin(projects, eq(projects.id, complaints.projectId))
    .where(eq(complaints.complainantOrganisationId, actor.organisationId))
    .orderBy(desc(complaints.filedAt), desc(complaints.id))
    .limit(50)
}

async function organisationNames(db: Database, ids: readonly (string | null)[]) {
  const wanted = [...new Set(ids.filter((id): id is string => id != null))]
  if (wanted.length === 0) return new Map<string, string>()
  const rows = await db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(inArray(organisations.id, wanted))
  return new Map(rows.map((r) => [r.id, r.name]))
}

const uuidIn = (text: string) =>
  /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i.exec(text)?.[0] ?? null

const kindsOf = (type: Exclude<ComplaintTargetType, 'project'>) =>
  type === 'agency' ? ['agency' as const] : ['department' as const, 'enterprise' as const]

/**
 * An organisation typed into a form: its page's link (or id), its USCC, its exact name, or
 * the one name that contains the text. Null when none or several match.
 */
export async function findOrganisationByText(
  db: Database,
  type: Exclude<ComplaintTargetType, 'project'>,
  text: string,
) {
  const query = text.trim()
  if (!query) return null
  const kinds = inArray(organisations.kind, kindsOf(type))
  const columns = { id: organisations.id, name: organisations.name }
  const id = uuidIn(query)
  if (id) {
    const [row] = await db
      .select(columns)
      .from(organisations)
      .where(and(eq(organisations.id, id), kinds))
    return row ?? null
  }
  const [exact] = await db
    .select(columns)
    .from(organisations)
    .where(
      and(
        kinds,
        sql`(${organisations.uscc} = ${query.toUpperCase()} or ${organisations.name} = ${query})`,
      ),
    )
    .limit(1)
  if (exact) return exact
  const like = await db
    .select(columns)
    .from(organisations)
    .where(and(kinds, ilike(organisations.name, `%${query.replace(/[\\%_]/g, '\\$&')}%`)))
    .limit(2)
  return like.length === 1 ? like[0]! : null
}

/** A project pasted as its link (or id); drafts are nobody's business. */
export async function findProjectByText(db: Database, text: string) {
  const id = uuidIn(text)
  if (!id) return null
  const [row] = await db
    .select({ id: projects.id, name: projects.title })
    .from(projects)
    .where(and(eq(projects.id, id), isAnnouncedProject))
  return row ?? null
}

/** The target a 投诉 link carries (?agency= or ?project=), with its name, for the form. */
export async function complaintTargetFromQuery(db: Database, url: URL) {
  const agency = url.searchParams.get('agency')
  const buyer = url.searchParams.get('buyer')
  const project = url.searchParams.get('project')
  if (isUuid(agency) || isUuid(buyer)) {
    const [type, id] = isUuid(agency) ? (['agency', agency] as const) : (['buyer', buyer!] as const)
    const found = await findOrganisationByText(db, type, id)
    return found ? { targetType: type, targetId: found.id, name: found.name } : null
  }
  if (isUuid(project)) {
    const found = await findProjectByText(db, project)
    return found ? { targetType: 'project' as const, targetId: found.id, name: found.name } : null
  }
  return null
}
