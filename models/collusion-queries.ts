import { count, desc, eq, inArray } from 'drizzle-orm'
import { type Ctx, requireRole } from './context.ts'
import { collusionFlags, screenRuns } from './db/schema-credit.ts'
import { projects } from './db/schema-procedures.ts'
import { organisations, users } from './db/schema.ts'
import { FLAGS_PER_PAGE, type FlagStatus, flagStatuses } from './rules/collusion/kinds.ts'
import type { FlagEvidence } from './rules/collusion/types.ts'
import { isUuid } from './validation/registry.ts'

/** Every organisation and project a flag's evidence mentions, for names and links. */
function referencedIds(evidence: FlagEvidence, organisationIds: string[]) {
  const orgs = new Set(organisationIds)
  const projectIds = new Set(evidence.projectIds)
  for (const fact of evidence.facts) for (const id of fact.agencyIds ?? []) orgs.add(id)
  for (const table of evidence.tables)
    for (const row of table.rows)
      for (const cell of row)
        if (cell && typeof cell === 'object') {
          if ('agency' in cell) orgs.add(cell.agency)
          if ('project' in cell) projectIds.add(cell.project)
        }
  return { orgs, projectIds }
}

/** The supervisors' queue: flags of one status, strongest first, with names for the evidence. */
export async function listFlags(ctx: Ctx, { status = 'open' as FlagStatus, page = 1 } = {}) {
  requireRole(ctx, 'supervisor')
  const rows = await ctx.db
    .select({
      id: collusionFlags.id,
      kind: collusionFlags.kind,
      side: collusionFlags.side,
      projectId: collusionFlags.projectId,
      organisationIds: collusionFlags.organisationIds,
      evidence: collusionFlags.evidence,
      strength: collusionFlags.strength,
      createdAt: collusionFlags.createdAt,
      status: collusionFlags.status,
      ruling: collusionFlags.ruling,
      ruledAt: collusionFlags.ruledAt,
      ruledByName: users.name,
    })
    .from(collusionFlags)
    .leftJoin(users, eq(users.id, collusionFlags.ruledBy))
    .where(eq(collusionFlags.status, status))
    .orderBy(
      ...(status === 'open'
        ? [desc(collusionFlags.strength), desc(collusionFlags.createdAt)]
        : [desc(collusionFlags.ruledAt)]),
      desc(collusionFlags.id),
    )
    .limit(FLAGS_PER_PAGE)
    .offset((Math.max(1, page) - 1) * FLAGS_PER_PAGE)
  const flags = rows.map((r) => ({ ...r, evidence: r.evidence as unknown as FlagEvidence }))
  const orgIds = new Set<string>()
  const projectIds = new Set<string>()
  for (const f of flags) {
    const ids = referencedIds(f.evidence, f.organisationIds)
    ids.orgs.forEach((id) => isUuid(id) && orgIds.add(id))
    ids.projectIds.forEach((id) => isUuid(id) && projectIds.add(id))
  }
  const [orgRows, projectRows, counts, [lastRun]] = await Promise.all([
    orgIds.size
      ? ctx.db
          .select({ id: organisations.id, name: organisations.name, kind: organisations.kind })
          .from(organisations)
          .where(inArray(organisations.id, [...orgIds]))
      : [],
    projectIds.size
      ? ctx.db
          .select({ id: projects.id, title: projects.title })
          .from(projects)
          .where(inArray(projects.id, [...projectIds]))
      : [],
    ctx.db
      .select({ status: collusionFlags.status, n: count() })
      .from(collusionFlags)
      .groupBy(collusionFlags.status),
    // So a quiet queue can be told from a screen that has not run.
    ctx.db
      .select({ finishedAt: screenRuns.finishedAt, report: screenRuns.report })
      .from(screenRuns)
      .where(eq(screenRuns.kind, 'collusion'))
      .orderBy(desc(screenRuns.startedAt))
      .limit(1),
  ])
  return {
    flags,
    organisations: Object.fromEntries(orgRows.map((o) => [o.id, { name: o.name, kind: o.kind }])),
    projects: Object.fromEntries(projectRows.map((p) => [p.id, p.title])),
    counts: Object.fromEntries(
      flagStatuses.map((s) => [s, counts.find((c) => c.status === s)?.n ?? 0]),
    ) as Record<FlagStatus, number>,
    lastNightlyRun: lastRun?.finishedAt
      ? {
          finishedAt: lastRun.finishedAt,
          found: Number(lastRun.report?.found ?? 0),
          raised: Number(lastRun.report?.raised ?? 0),
        }
      : null,
  }
}

export type FlagQueue = Awaited<ReturnType<typeof listFlags>>
