import type { ReactNode } from 'react'
import {
  ANSWER_WORKDAYS,
  type ObjectionStage,
  objectionStage,
  objectionStageNames,
} from '#models/rules/objections.ts'
import { objectionRemedyNames, objectionRulingNames } from '#models/validation/objections.ts'
import { formatDateTime } from '../../utils/format.ts'

type When = Date | string

export interface ObjectionRecordData {
  id: string
  agencyName: string
  grounds: string
  uploadId: string | null
  uploadName: string | null
  filedAt: When
  answerDueAt: When
  answer: string | null
  answeredAt: When | null
  escalatedAt: When | null
  escalationReason: string | null
  ruling: 'upheld' | 'dismissed' | null
  remedy: 're_evaluate' | 're_run' | null
  rulingReason: string | null
  ruledAt: When | null
  closedAt: When | null
  late: boolean
  answerOverdue: boolean
  /** Until when the objector may escalate after the answer (shown while it may). */
  escalationEndsAt?: When | null
}

const stageBadge: Record<ObjectionStage, string> = {
  awaiting_answer: 'badge badge--warn',
  answered: 'badge badge--warn',
  escalated: 'badge badge--warn',
  ruled: 'badge',
  closed: 'badge',
}

/**
 * One objection as the public reads it: the objector (named, as published results name
 * 质疑人), grounds and file, the buyer's answer, the escalation and the ruling or closure.
 */
export function ObjectionRecord({
  objection: o,
  headingLevel = 3,
  children,
}: {
  objection: ObjectionRecordData
  headingLevel?: 3 | 4
  children?: ReactNode
}) {
  const stage = objectionStage({
    answerDueAt: new Date(o.answerDueAt),
    answeredAt: o.answeredAt ? new Date(o.answeredAt) : null,
    escalatedAt: o.escalatedAt ? new Date(o.escalatedAt) : null,
    ruling: o.ruling,
    closedAt: o.closedAt ? new Date(o.closedAt) : null,
  })
  const Heading = headingLevel === 3 ? 'h3' : 'h4'
  return (
    <article className="card objection" id={`objection-${o.id}`}>
      <Heading className="objection__head">
        质疑人：{o.agencyName}{' '}
        <span className={stageBadge[stage]}>{objectionStageNames[stage]}</span>
      </Heading>
      <p className="objection__meta">提出时间：{formatDateTime(o.filedAt)}</p>
      <div className="objection__part">
        <p className="objection__label">质疑事项和理由</p>
        <p className="objection__text">{o.grounds}</p>
        {o.uploadId ? (
          <p>
            证明材料：<a href={`/uploads/${o.uploadId}`}>{o.uploadName ?? '查看文件'}</a>
          </p>
        ) : null}
      </div>
      <div className="objection__part objection__reply">
        <p className="objection__label">
          采购人答复
          {o.answeredAt ? `（${formatDateTime(o.answeredAt)}）` : ''}{' '}
          {o.late ? <span className="badge badge--bad">逾期答复</span> : null}
        </p>
        {o.answer ? (
          <p className="objection__text">{o.answer}</p>
        ) : o.closedAt ? (
          <p className="objection__meta">未答复。</p>
        ) : (
          <p className={o.answerOverdue ? 'objection__due objection__due--over' : 'objection__due'}>
            应在 {formatDateTime(o.answerDueAt)} 前答复（{ANSWER_WORKDAYS} 个工作日）
            {o.answerOverdue ? '，已逾期' : ''}
          </p>
        )}
      </div>
      {stage === 'answered' && o.escalationEndsAt ? (
        <p className="objection__meta">
          质疑人对答复不满意的，可在 {formatDateTime(o.escalationEndsAt)}{' '}
          前提请监管部门处理；逾期未提请的，质疑办结。
        </p>
      ) : null}
      {o.escalatedAt ? (
        <div className="objection__part objection__reply">
          <p className="objection__label">提请监管部门处理（{formatDateTime(o.escalatedAt)}）</p>
          <p className="objection__text">{o.escalationReason}</p>
        </div>
      ) : null}
      {o.ruling ? (
        <div className="objection__part objection__ruling">
          <p className="objection__label">
            监管部门裁决{o.ruledAt ? `（${formatDateTime(o.ruledAt)}）` : ''}：
            {objectionRulingNames[o.ruling]}
            {o.remedy ? `，${objectionRemedyNames[o.remedy]}` : ''}
          </p>
          <p className="objection__text">理由：{o.rulingReason}</p>
        </div>
      ) : o.closedAt ? (
        <div className="objection__part objection__ruling">
          <p className="objection__label">办结（{formatDateTime(o.closedAt)}）</p>
          <p className="objection__text">{o.rulingReason}</p>
        </div>
      ) : null}
      {children}
    </article>
  )
}
