import { describe, expect, it } from 'vitest'
import {
  checkEscalation,
  checkPublicityOpen,
  hasLapsed,
  isLateAnswer,
  objectionStage,
  type ObjectionState,
} from '../../models/rules/objections.ts'
import { ruleObjectionSchema } from '../../models/validation/objections.ts'

const at = (iso: string) => new Date(iso)

const filed: ObjectionState = {
  answerDueAt: at('2026-12-04T02:00:00Z'),
  answeredAt: null,
  escalatedAt: null,
  ruling: null,
  closedAt: null,
}

describe('objection rules', () => {
  it('hears objections only while an award is in publicity and not final', () => {
    const awarded = {
      status: 'awarded',
      awardFinalAt: null,
      publicityEndsAt: at('2026-12-04T02:00:00Z'),
    }
    expect(checkPublicityOpen(awarded, at('2026-12-04T01:59:59Z')).ok).toBe(true)
    expect(checkPublicityOpen(awarded, at('2026-12-04T02:00:00Z')).ok).toBe(false)
    expect(
      checkPublicityOpen({ ...awarded, status: 'opened' }, at('2026-12-01T00:00:00Z')).ok,
    ).toBe(false)
    expect(
      checkPublicityOpen(
        { ...awarded, awardFinalAt: at('2026-12-02T00:00:00Z') },
        at('2026-12-03T00:00:00Z'),
      ).ok,
    ).toBe(false)
  })

  it('allows escalation after an answer within the window, or once the answer is overdue', () => {
    expect(checkEscalation(filed, at('2026-12-03T00:00:00Z'), null).ok).toBe(false)
    expect(checkEscalation(filed, at('2026-12-04T02:00:00Z'), null).ok).toBe(true)
    const answered = { ...filed, answeredAt: at('2026-12-02T00:00:00Z') }
    const endsAt = at('2026-12-07T00:00:00Z')
    expect(checkEscalation(answered, at('2026-12-02T01:00:00Z'), endsAt).ok).toBe(true)
    expect(checkEscalation(answered, endsAt, endsAt).ok).toBe(false)
    expect(hasLapsed(answered, endsAt, endsAt)).toBe(true)
    expect(hasLapsed(answered, at('2026-12-06T23:59:59Z'), endsAt)).toBe(false)
    const escalated = { ...answered, escalatedAt: at('2026-12-03T00:00:00Z') }
    expect(checkEscalation(escalated, at('2026-12-03T01:00:00Z'), endsAt).ok).toBe(false)
    expect(hasLapsed(escalated, at('2026-12-09T00:00:00Z'), endsAt)).toBe(false)
  })

  it('names the stage and marks an answer after its due time as late', () => {
    expect(objectionStage(filed)).toBe('awaiting_answer')
    expect(objectionStage({ ...filed, answeredAt: at('2026-12-05T00:00:00Z') })).toBe('answered')
    expect(isLateAnswer({ ...filed, answeredAt: at('2026-12-05T00:00:00Z') })).toBe(true)
    expect(isLateAnswer({ ...filed, answeredAt: at('2026-12-03T00:00:00Z') })).toBe(false)
    expect(objectionStage({ ...filed, escalatedAt: at('2026-12-05T00:00:00Z') })).toBe('escalated')
    expect(objectionStage({ ...filed, closedAt: at('2026-12-05T00:00:00Z') })).toBe('closed')
    const ruled = { ...filed, ruling: 'dismissed' as const, closedAt: at('2026-12-05T00:00:00Z') }
    expect(objectionStage(ruled)).toBe('ruled')
  })

  it('asks an upheld ruling for a remedy, and a re-evaluation for the bids it voids', () => {
    const id = '6f1f5b8e-7a3c-4d2b-9e1f-0a1b2c3d4e5f'
    const base = { objectionId: id, reason: '理由充分的裁决。' }
    expect(ruleObjectionSchema.safeParse({ ...base, ruling: 'upheld' }).success).toBe(false)
    expect(
      ruleObjectionSchema.safeParse({ ...base, ruling: 'upheld', remedy: 're_evaluate' }).success,
    ).toBe(false)
    const voided = ruleObjectionSchema.safeParse({
      ...base,
      ruling: 'upheld',
      remedy: 're_evaluate',
      invalidBidIds: id,
    })
    expect(voided.success && voided.data.invalidBidIds).toEqual([id])
    expect(ruleObjectionSchema.safeParse({ ...base, ruling: 'dismissed' }).success).toBe(true)
  })
})
