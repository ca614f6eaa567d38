import type { ReactNode } from 'react'
import {
  type ComplaintOutcome,
  complaintOutcomeNames,
  complaintTargetNames,
  type ComplaintTargetType,
} from '#models/validation/complaints.ts'
import { formatDateTime } from '../../utils/format.ts'

type When = Date | string

export interface ComplaintItemData {
  id: string
  targetType: ComplaintTargetType
  targetOrganisationId: string | null
  targetName: string | null
  projectId: string | null
  projectTitle: string | null
  subject: string
  filedAt: When
  answerDueAt: When
  outcome: ComplaintOutcome | null
  answer: string | null
  answeredAt: When | null
}

/** Where the target's public page is: an agency's profile, a project; a buyer has none. */
export function ComplaintTarget({ c }: { c: ComplaintItemData }) {
  const label = complaintTargetNames[c.targetType]
  if (c.projectId)
    return (
      <>
        {label}：<a href={`/projects/${c.projectId}`}>{c.projectTitle}</a>
      </>
    )
  if (c.targetType === 'agency' && c.targetOrganisationId)
    return (
      <>
        {label}：<a href={`/agencies/${c.targetOrganisationId}`}>{c.targetName}</a>
      </>
    )
  return (
    <>
      {label}：{c.targetName}
    </>
  )
}

/**
 * One complaint as the public reads it: never who complained (投诉人), never the grounds they
 * wrote; the subject, the target, the outcome and the supervisor's answer.
 */
export function ComplaintItem({
  complaint: c,
  late,
  children,
}: {
  complaint: ComplaintItemData
  late: boolean
  children?: ReactNode
}) {
  return (
    <li id={`complaint-${c.id}`} className="card complaint">
      <h3 className="complaint__head">
        <span>{c.subject}</span>
        {c.outcome ? (
          <span className={c.outcome === 'substantiated' ? 'badge badge--bad' : 'badge'}>
            {complaintOutcomeNames[c.outcome]}
          </span>
        ) : (
          <span className="badge badge--warn">处理中</span>
        )}
        {late ? <span className="badge badge--warn">逾期答复</span> : null}
      </h3>
      <p className="credit-record__meta">
        <ComplaintTarget c={c} /> · 投诉人：不公开 · 提交于 {formatDateTime(c.filedAt)}
        {c.answeredAt
          ? ` · 答复于 ${formatDateTime(c.answeredAt)}`
          : ` · 应于 ${formatDateTime(c.answerDueAt)} 前答复`}
      </p>
      {c.answer ? (
        <div className="credit-record__part credit-record__ruling">
          <p className="credit-record__label">监管部门处理意见</p>
          <p className="credit-record__text">{c.answer}</p>
        </div>
      ) : null}
      {children}
    </li>
  )
}
