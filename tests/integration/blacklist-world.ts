import { and, eq } from 'drizzle-orm'
import { expect } from 'vitest'
import { blacklistBySupervisor } from '../../models/blacklist.ts'
import { bids, projects } from '../../models/db/schema-procedures.ts'
import { offeringSearch } from '../../models/db/schema-search.ts'
import { organisations } from '../../models/db/schema.ts'
import { as, setUpProcedures } from './procedure-fixture.ts'

/** Twelve agencies in one market, and what the blacklist tests read of it. */
export function setUpBlacklistWorld() {
  const world = setUpProcedures(12)
  const db = () => world.handle.db
  const orgOf = (i: number) => world.agencies[i]!.organisationId!
  const supervisor = () => as(world, world.supervisor)
  const errorOf = (promise: Promise<unknown>) =>
    promise.then(
      () => null,
      (e: unknown) => e,
    )

  async function projectRow(id: string) {
    const [row] = await db().select().from(projects).where(eq(projects.id, id))
    return row!
  }

  async function bidOf(projectId: string, agencyId: string) {
    const [row] = await db()
      .select()
      .from(bids)
      .where(and(eq(bids.projectId, projectId), eq(bids.agencyId, agencyId)))
    return row!
  }

  async function organisation(id: string) {
    const [row] = await db().select().from(organisations).where(eq(organisations.id, id))
    return row!
  }

  async function visibility(agencyId: string) {
    const rows = await db()
      .select({ visible: offeringSearch.visible })
      .from(offeringSearch)
      .where(eq(offeringSearch.agencyId, agencyId))
    expect(rows.length).toBeGreaterThan(0)
    return rows.every((r) => r.visible)
  }

  const blacklist = (i: number, reason: string, months = 1, again = false) =>
    blacklistBySupervisor(supervisor(), { agencyId: orgOf(i), reason, months, again })
  return {
    world,
    db,
    orgOf,
    supervisor,
    errorOf,
    projectRow,
    bidOf,
    organisation,
    visibility,
    blacklist,
  }
}
