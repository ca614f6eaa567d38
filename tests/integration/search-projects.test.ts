import { describe, expect, it } from 'vitest'
import { cancelProject } from '../../models/project-endings.ts'
import { saveProjectDraft } from '../../models/projects.ts'
import { searchParamsFrom } from '../../search/filters.ts'
import { search } from '../../search/query.ts'
import { as, projectForm, publishedProject, setUpProcedures } from './procedure-fixture.ts'

const world = setUpProcedures(1)

async function projectsFor(query: string) {
  const url = new URL(`http://x/search?type=project&${new URLSearchParams({ q: query })}`)
  const outcome = await search(world.handle.db, searchParamsFrom(url))
  if (outcome.type !== 'project') throw new Error('expected project results')
  return outcome
}

describe('searching projects', () => {
  it('finds announcements by item abbreviation, place and title words, never drafts, cancelled or not', async () => {
    const published = await publishedProject(world, world.department, {
      title: '濮阳市华龙区胜利路改建工程环境影响报告表编制',
      regionCode: '410902',
    })
    const draft = await saveProjectDraft(
      as(world, world.department),
      projectForm({ title: '濮阳市华龙区草稿项目环境影响报告表编制', regionCode: '410902' }),
    )
    const cancelledDraft = await saveProjectDraft(
      as(world, world.department),
      projectForm({ title: '濮阳市华龙区撤销草稿环境影响报告表编制', regionCode: '410902' }),
    )
    await cancelProject(as(world, world.department), cancelledDraft, '草稿不再需要，直接撤销。')
    const byAbbreviation = await projectsFor('环评 濮阳')
    expect(byAbbreviation.results.map((r) => r.id)).toContain(published)
    expect(byAbbreviation.results.map((r) => r.id)).not.toContain(draft)
    expect(byAbbreviation.results.map((r) => r.id)).not.toContain(cancelledDraft)
    expect((await projectsFor('撤销草稿')).total).toBe(0)
    expect((await projectsFor('环评 郑州')).results.map((r) => r.id)).not.toContain(published)
    const byWord = await projectsFor('胜利路')
    expect(byWord.results.map((r) => r.id)).toEqual([published])
    expect(byWord.results[0]!.highlights.title!.length).toBeGreaterThan(0)
    expect((await projectsFor('100%_胜利')).total).toBe(0)
  })
})
