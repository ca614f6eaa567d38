import { describe, expect, it } from 'vitest'
import { projectFormSchemaFor } from '../../models/validation/projects.ts'

const earliest = new Date('2026-12-03T02:00:00Z') // 2026/12/03 10:00 in Beijing
const issuesOf = (form: Record<string, string>) => {
  const parsed = projectFormSchemaFor(earliest).safeParse(form)
  return parsed.success
    ? {}
    : Object.fromEntries(parsed.error.issues.map((i) => [i.path[0], i.message]))
}

describe('the project form says every mistake in one round', () => {
  it('reports the weights and a too-early deadline beside the missing fields', () => {
    const issues = issuesOf({
      title: '',
      method: 'scoring',
      weightPrice: '50',
      weightQuality: '20',
      weightCredit: '20',
      deadline: '2026-12-01 10:00',
      intent: 'publish',
    })
    expect(issues).toMatchObject({
      title: '项目名称至少 4 个字',
      weightCredit: '三项权重之和须为 100',
      deadline: '截止时间须在发布后至少 2 个工作日，不早于 2026/12/03 10:00',
    })
  })

  it('lets a draft keep an early deadline, and takes the earliest one to publish', () => {
    expect(issuesOf({ deadline: '2026-12-01 10:00', intent: 'save' })).not.toHaveProperty(
      'deadline',
    )
    expect(issuesOf({ deadline: '2026-12-03 10:00', intent: 'publish' })).not.toHaveProperty(
      'deadline',
    )
  })
})
