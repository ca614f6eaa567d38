import { describe, expect, it } from 'vitest'
import {
  assertTransition,
  canTransition,
  fundingSourceNames,
  IllegalTransitionError,
  isCompetitiveMethod,
  isFinalStatus,
  isProjectStatus,
  fundingAllowed,
  methodAllowed,
  projectStatuses,
  projectStatusNames,
  projectTransitions,
  selectionMethodNames,
  selectionMethods,
  type ProjectStatus,
} from '../../models/rules/project-states.ts'

const allowed: [ProjectStatus, ProjectStatus][] = [
  ['draft', 'published'],
  ['draft', 'cancelled'],
  ['published', 'closed'],
  ['published', 'cancelled'],
  ['published', 'awarded'],
  ['published', 'failed'],
  ['closed', 'opened'],
  ['opened', 'awarded'],
  ['opened', 'failed'],
  ['awarded', 'contracted'],
  ['awarded', 'opened'],
  ['awarded', 'failed'],
  ['contracted', 'delivered'],
  ['contracted', 'cancelled'],
  ['delivered', 'accepted'],
  ['delivered', 'contracted'],
  ['delivered', 'cancelled'],
  ['accepted', 'paid'],
  ['paid', 'evaluated'],
]

describe('project state machine', () => {
  it('allows exactly the listed moves', () => {
    const key = ([from, to]: [ProjectStatus, ProjectStatus]) => `${from}→${to}`
    const expected = new Set(allowed.map(key))
    for (const from of projectStatuses)
      for (const to of projectStatuses)
        expect(canTransition(from, to), `${from}→${to}`).toBe(expected.has(key([from, to])))
  })

  it('has a Chinese name for every status', () => {
    expect(Object.keys(projectStatusNames).sort()).toEqual([...projectStatuses].sort())
    expect(projectStatusNames.awarded).toBe('已中选')
    expect(projectStatusNames.failed).toBe('流标')
  })

  it('throws a typed error with a Chinese message for any other move', () => {
    expect(() => assertTransition('closed', 'draft')).toThrow(
      new IllegalTransitionError('closed', 'draft'),
    )
    try {
      assertTransition('closed', 'draft')
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(IllegalTransitionError)
      expect(error).toMatchObject({ from: 'closed', to: 'draft' })
      expect((error as Error).message).toBe('项目状态不能从「已截止」变为「草稿」')
    }
    expect(() => assertTransition('published', 'opened')).toThrow('从「公告中」变为「已开标」')
    expect(() => assertTransition('opened', 'opened')).toThrow(IllegalTransitionError)
    expect(() => assertTransition('published', 'closed')).not.toThrow()
  })

  it('cannot cancel once the deadline has passed, nor award before opening', () => {
    expect(canTransition('closed', 'cancelled')).toBe(false)
    expect(canTransition('opened', 'cancelled')).toBe(false)
    expect(canTransition('closed', 'awarded')).toBe(false)
  })

  it('ends in evaluated, failed or cancelled, and every other status can reach an end', () => {
    expect(projectStatuses.filter(isFinalStatus)).toEqual(['evaluated', 'failed', 'cancelled'])
    for (const start of projectStatuses) {
      const seen = new Set<ProjectStatus>([start])
      const queue = [start]
      while (queue.length)
        for (const next of projectTransitions[queue.shift()!]) {
          if (!seen.has(next)) {
            seen.add(next)
            queue.push(next)
          }
        }
      expect([...seen].some(isFinalStatus), start).toBe(true)
    }
  })

  it('recognises status strings', () => {
    expect(isProjectStatus('opened')).toBe(true)
    expect(isProjectStatus('open')).toBe(false)
  })
})

describe('selection methods and funding', () => {
  it('names methods and funding sources in Chinese', () => {
    expect(selectionMethods.map((m) => selectionMethodNames[m])).toEqual([
      '竞价选取',
      '随机抽取',
      '综合评分',
      '直接选取',
    ])
    expect(fundingSourceNames).toEqual({ budget: '财政资金', own: '自有资金' })
    expect(selectionMethods.filter(isCompetitiveMethod)).toEqual([
      'lowest_price',
      'lottery',
      'scoring',
    ])
  })

  it('lets departments spend budget money on competitive methods only', () => {
    for (const method of ['lowest_price', 'lottery', 'scoring'] as const)
      expect(methodAllowed(method, 'budget', 'department')).toEqual({ ok: true })
    expect(methodAllowed('direct', 'budget', 'department')).toMatchObject({ ok: false })
    expect(methodAllowed('direct', 'own', 'department')).toEqual({
      ok: false,
      reason: '政府部门不得直接指定中介机构，请选择竞争性选取方式',
    })
  })

  it('gives each kind of buyer its one funding source', () => {
    expect(fundingAllowed('budget', 'department')).toEqual({ ok: true })
    expect(fundingAllowed('own', 'enterprise')).toEqual({ ok: true })
    expect(fundingAllowed('own', 'department')).toEqual({
      ok: false,
      reason: '政府部门的项目资金来源为财政资金',
    })
    expect(fundingAllowed('budget', 'enterprise')).toMatchObject({ ok: false })
  })

  it('lets enterprises choose directly with their own money, never with budget money', () => {
    expect(methodAllowed('direct', 'own', 'enterprise')).toEqual({ ok: true })
    expect(methodAllowed('lottery', 'own', 'enterprise')).toEqual({ ok: true })
    expect(methodAllowed('direct', 'budget', 'enterprise')).toEqual({
      ok: false,
      reason: '只有政府部门的项目才能使用财政资金',
    })
    expect(methodAllowed('scoring', 'budget', 'enterprise')).toMatchObject({ ok: false })
  })
})
