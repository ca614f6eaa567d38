import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm'
import { listActiveServiceItems, listCategories } from './catalogue.ts'
import { type Ctx, requireRole } from './context.ts'
import { inspectionPlans, inspectionTasks, inspectorConflicts } from './db/schema-credit.ts'
import { organisations, users } from './db/schema.ts'
import { listPublicPlans } from './inspections-queries.ts'
import { henanCityFilters } from './regions.ts'

/** The supervisor's desk: form choices, the plans, my tasks, declared conflicts. */
export async function getInspectionDesk(ctx: Ctx) {
  const actor = requireRole(ctx, 'supervisor')
  const { db } = ctx
  const [items, categories, supervisors, plans, myTasks, conflicts] = await Promise.all([
    listActiveServiceItems(db),
    listCategories(db),
    db
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(and(eq(users.role, 'supervisor'), isNull(users.disabledAt)))
      .orderBy(asc(users.createdAt)),
    listPublicPlans(db),
    db
      .select({
        id: inspectionTasks.id,
        planId: inspectionTasks.planId,
        planTitle: inspectionPlans.title,
        position: inspectionTasks.position,
        agencyId: inspectionTasks.agencyId,
        agencyName: organisations.name,
        result: inspectionTasks.result,
        finding: inspectionTasks.finding,
        recordedAt: inspectionTasks.recordedAt,
      })
      .from(inspectionTasks)
      .innerJoin(inspectionPlans, eq(inspectionPlans.id, inspectionTasks.planId))
      .innerJoin(organisations, eq(organisations.id, inspectionTasks.agencyId))
      .where(eq(inspectionTasks.inspectorId, actor.userId))
      .orderBy(
        sql`${inspectionTasks.result} is not null`,
        desc(inspectionPlans.drawnAt),
        asc(inspectionTasks.position),
      )
      .limit(200),
    db
      .select({
        id: inspectorConflicts.id,
        userId: inspectorConflicts.userId,
        agencyId: inspectorConflicts.agencyId,
        agencyName: organisations.name,
        reason: inspectorConflicts.reason,
        declaredAt: inspectorConflicts.declaredAt,
      })
      .from(inspectorConflicts)
      .innerJoin(organisations, eq(organisations.id, inspectorConflicts.agencyId))
      .orderBy(desc(inspectorConflicts.declaredAt))
      .limit(100),
  ])
  const supervisorNames = new Map(supervisors.map((s) => [s.id, s.name]))
  return {
    me: actor.userId,
    items,
    categories,
    cities: henanCityFilters,
    supervisors,
    plans,
    myTasks,
    conflicts: conflicts.map((c) => ({
      ...c,
      userName: supervisorNames.get(c.userId) ?? '（已撤销）',
    })),
  }
}
