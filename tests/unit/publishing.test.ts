import { describe, expect, it } from 'vitest'
import { canPublishProjects } from '../../models/rules/publishing.ts'

const at = new Date('2026-03-02T02:00:00Z')

describe('canPublishProjects', () => {
  it('lets an enterprise publish at once, with no verification', () => {
    expect(canPublishProjects({ kind: 'enterprise', verifiedAt: null, suspendedAt: null })).toEqual(
      {
        ok: true,
      },
    )
  })

  it('holds a department back until a supervisor has verified it', () => {
    const unverified = canPublishProjects({
      kind: 'department',
      verifiedAt: null,
      suspendedAt: null,
    })
    expect(unverified).toEqual({ ok: false, reason: expect.stringContaining('核验') })
    expect(canPublishProjects({ kind: 'department', verifiedAt: at, suspendedAt: null })).toEqual({
      ok: true,
    })
  })

  it('never lets an agency publish, verified or not', () => {
    for (const verifiedAt of [null, at])
      expect(canPublishProjects({ kind: 'agency', verifiedAt, suspendedAt: null })).toEqual({
        ok: false,
        reason: '中介机构不能发布采购项目',
      })
  })

  it('stops any suspended organisation, and says so rather than asking for verification', () => {
    for (const kind of ['department', 'enterprise'] as const) {
      const answer = canPublishProjects({ kind, verifiedAt: null, suspendedAt: at })
      expect(answer).toEqual({ ok: false, reason: expect.stringContaining('暂停') })
    }
    expect(canPublishProjects({ kind: 'department', verifiedAt: at, suspendedAt: at }).ok).toBe(
      false,
    )
  })

  it('accepts dates as the JSON strings a loader passes on', () => {
    const answer = canPublishProjects({
      kind: 'department',
      verifiedAt: at.toISOString(),
      suspendedAt: null,
    })
    expect(answer).toEqual({ ok: true })
  })
})
