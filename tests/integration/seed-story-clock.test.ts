import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { platformNow } from '../../models/clock.ts'
import { projects } from '../../models/db/schema-procedures.ts'
import { StoryClock } from '../../seed/project-clock.ts'
import { publishedProject, setUpProcedures } from './procedure-fixture.ts'

// The demo seed plays its story on this clock; a deadline it skipped left a project open
// past its deadline, and the story's re-publication of it failed (seen on 2026-11-29).

const world = setUpProcedures(2)

async function statusOf(id: string) {
  const [row] = await world.handle.db
    .select({ status: projects.status, deadlineAt: projects.deadlineAt })
    .from(projects)
    .where(eq(projects.id, id))
  return row!
}

describe('the demo story’s clock', () => {
  it('opens a project whose deadline a step lands on to the minute, before the next step', async () => {
    const { db } = world.handle
    const id = await publishedProject(world, world.department)
    const { deadlineAt } = await statusOf(id)
    const story = new StoryClock(db, await platformNow(db))
    const seen: string[] = []
    // Any step that may move a due time (a publication, an answer) at the deadline's minute.
    story.schedule(deadlineAt, 'a step at the deadline', async () => {})
    story.schedule(new Date(deadlineAt.getTime() + 3600_000), 'an hour later', async () => {
      seen.push((await statusOf(id)).status)
    })
    await story.play()
    // No bids: the opening finds too few and the project fails, as the story expects.
    expect(seen).toEqual(['failed'])
  })
})
