import type { ReactNode } from 'react'
import type { CreditRecordView } from '#models/credit-queries.ts'
import { appealRulingNames } from '#models/validation/credit-findings.ts'
import { formatDate, formatDateTime } from '../../utils/format.ts'
import { recordWhyBadge, recordWhyNames, signedPoints, sourceName } from './credit-labels.ts'

/**
 * One credit record as anyone may read it: the rule, its points and what they count now and
 * why, the source, the dates, the agency's reply, the supervisor's decision, the appeals.
 */
export function CreditRecordCard({
  record: r,
  children,
}: {
  record: CreditRecordView
  children?: ReactNode
}) {
  const ended = r.status === 'reversed' || r.status === 'withdrawn'
  // An upheld appeal already shows the reason a record was reversed.
  const endShown = r.status === 'reversed' && r.appeals.some((a) => a.decision === 'upheld')
  return (
    <li
      id={`record-${r.id}`}
      className={`card credit-record${ended ? ' credit-record--ended' : ''}`}
    >
      <h3 className="credit-record__head">
        <span>{r.ruleName}</span>
        <span className={r.points < 0 ? 'credit-points credit-points--minus' : 'credit-points'}>
          {signedPoints(r.points)} 分
        </span>
        <span className={recordWhyBadge[r.why]}>{recordWhyNames[r.why]}</span>
      </h3>
      <p className="credit-record__meta">
        计入 {signedPoints(r.counted)} 分 · 来源：{sourceName(r.sourceType)}
        {r.projectId ? (
          <>
            {' '}
            · 项目：<a href={`/projects/${r.projectId}`}>{r.projectTitle ?? '查看项目'}</a>
          </>
        ) : null}
      </p>
      <p className="credit-record__text">{r.summary}</p>
      <dl className="credit-record__dates">
        <dt>发生</dt>
        <dd>{formatDateTime(r.occurredAt)}</dd>
        {r.effectiveAt ? (
          <>
            <dt>生效</dt>
            <dd>{formatDateTime(r.effectiveAt)}</dd>
            <dt>有效至</dt>
            <dd>{formatDate(r.expiresAt)}</dd>
          </>
        ) : null}
        {r.replyDueAt ? (
          <>
            <dt>陈述期限</dt>
            <dd>{formatDateTime(r.replyDueAt)}</dd>
          </>
        ) : null}
      </dl>
      {r.reply != null ? (
        <div className="credit-record__part credit-record__reply">
          <p className="credit-record__label">
            机构陈述意见{r.repliedAt ? `（${formatDateTime(r.repliedAt)}）` : ''}
          </p>
          <p className="credit-record__text">{r.reply}</p>
        </div>
      ) : null}
      {r.decisionReason ? (
        <div className="credit-record__part credit-record__ruling">
          <p className="credit-record__label">监管部门维持认定</p>
          <p className="credit-record__text">{r.decisionReason}</p>
        </div>
      ) : null}
      {r.appeals.map((a) => (
        <div key={a.id} className="credit-record__part credit-record__reply">
          <p className="credit-record__label">申诉（{formatDateTime(a.filedAt)}）</p>
          <p className="credit-record__text">{a.grounds}</p>
          {a.uploadId ? (
            <p>
              附件：<a href={`/uploads/${a.uploadId}`}>{a.uploadName ?? '证明材料'}</a>
            </p>
          ) : null}
          {a.decision ? (
            <div className="credit-record__ruling">
              <p className="credit-record__label">
                裁决：{appealRulingNames[a.decision]}
                {a.decidedAt ? `（${formatDateTime(a.decidedAt)}）` : ''}
              </p>
              <p className="credit-record__text">{a.decisionReason}</p>
            </div>
          ) : (
            <p className="credit-record__meta">待监管部门裁决</p>
          )}
        </div>
      ))}
      {ended && r.endReason && !endShown ? (
        <div className="credit-record__part credit-record__ruling">
          <p className="credit-record__label">
            {r.status === 'reversed' ? '撤销理由' : '撤回理由'}
            {r.endedAt ? `（${formatDateTime(r.endedAt)}）` : ''}
          </p>
          <p className="credit-record__text">{r.endReason}</p>
        </div>
      ) : null}
      {children}
    </li>
  )
}
