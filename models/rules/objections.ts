/** Objections (质疑) against an award: when they may be filed, escalated, and where each stands. */

/** Working days the buyer has to answer, and the objector has after the answer to escalate. */
export const ANSWER_WORKDAYS = 3
export const ESCALATION_WORKDAYS = 3

export type RuleAnswer = { ok: true } | { ok: false; reason: string }

export interface PublicityState {
  status: string
  awardFinalAt: Date | null
  publicityEndsAt: Date | null
}

/** Objections are heard only while an award is in its publicity period and not yet final. */
export function checkPublicityOpen(project: PublicityState, now: Date): RuleAnswer {
  if (project.status !== 'awarded' || project.awardFinalAt || !project.publicityEndsAt)
    return { ok: false, reason: '本项目不在中选结果公示期内，不能提出质疑' }
  if (now >= project.publicityEndsAt) return { ok: false, reason: '公示期已结束，不能再提出质疑' }
  return { ok: true }
}

export interface ObjectionState {
  answerDueAt: Date
  answeredAt: Date | null
  escalatedAt: Date | null
  ruling: 'upheld' | 'dismissed' | null
  closedAt: Date | null
}

export type ObjectionStage = 'awaiting_answer' | 'answered' | 'escalated' | 'ruled' | 'closed'

export const objectionStageNames: Record<ObjectionStage, string> = {
  awaiting_answer: '待采购人答复',
  answered: '已答复',
  escalated: '监管部门处理中',
  ruled: '已裁决',
  closed: '已办结',
}

export function objectionStage(o: ObjectionState): ObjectionStage {
  if (o.ruling) return 'ruled'
  if (o.closedAt) return 'closed'
  if (o.escalatedAt) return 'escalated'
  return o.answeredAt ? 'answered' : 'awaiting_answer'
}

/** An answer given after its due time stays valid but is shown as late (逾期答复). */
export const isLateAnswer = (o: Pick<ObjectionState, 'answerDueAt' | 'answeredAt'>) =>
  o.answeredAt != null && o.answeredAt > o.answerDueAt

/**
 * The objector may ask a supervisor to rule once the buyer has answered (within
 * ESCALATION_WORKDAYS of the answer, `escalationEndsAt`) or once the answer is overdue.
 */
export function checkEscalation(
  o: ObjectionState,
  now: Date,
  escalationEndsAt: Date | null,
): RuleAnswer {
  if (o.closedAt) return { ok: false, reason: '该质疑已办结' }
  if (o.escalatedAt) return { ok: false, reason: '该质疑已提请监管部门处理' }
  if (o.answeredAt) {
    if (escalationEndsAt && now >= escalationEndsAt)
      return {
        ok: false,
        reason: `答复后 ${ESCALATION_WORKDAYS} 个工作日内未提请，不能再提请监管处理`,
      }
    return { ok: true }
  }
  if (now < o.answerDueAt)
    return { ok: false, reason: '采购人答复期限未到，请在答复后或答复逾期后再提请监管处理' }
  return { ok: true }
}

/** Answered, not escalated, and the escalation window has passed: the objection closes. */
export function hasLapsed(o: ObjectionState, now: Date, escalationEndsAt: Date | null): boolean {
  return (
    !o.closedAt &&
    !o.escalatedAt &&
    o.answeredAt != null &&
    !!escalationEndsAt &&
    now >= escalationEndsAt
  )
}
