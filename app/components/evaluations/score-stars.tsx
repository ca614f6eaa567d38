import {
  formatScore,
  MAX_SCORE,
  raterKindNames,
  type RaterKind,
  scoreDimensionNames,
  scoreDimensions,
  type Scores,
  starsFor,
} from '#models/rules/evaluations.ts'
import type { ReactNode } from 'react'
import { formatDate } from '../../utils/format.ts'

/**
 * ★★★★☆ 4.3 分: the stars are decoration, the number is what a screen reader reads. An
 * average always shows one decimal, a single score its whole number.
 */
export function ScoreStars({ value, average = false }: { value: number; average?: boolean }) {
  const text = average || !Number.isInteger(value) ? formatScore(value) : String(value)
  return (
    <span className="score">
      <span className="score__stars" aria-hidden="true">
        {starsFor(value)}
      </span>{' '}
      {text} 分<span className="visually-hidden">（满分 {MAX_SCORE} 分）</span>
    </span>
  )
}

/** The scores one rating gave, dimension by dimension (a department gives quality only). */
export function ScoreList({ scores }: { scores: Scores }) {
  return (
    <dl className="score-list">
      {scoreDimensions.map((d) => {
        const value = scores[d]
        return value == null ? null : (
          <div key={d}>
            <dt>{scoreDimensionNames[d]}</dt>
            <dd>
              <ScoreStars value={value} />
            </dd>
          </div>
        )
      })}
    </dl>
  )
}

export interface EvaluationView {
  raterKind: RaterKind
  raterName: string
  createdAt: Date | string
  scores: Scores
  comment: string | null
  hiddenReason: string | null
  reply: string | null
  repliedAt: Date | string | null
}

/** One rating: who (an organisation, never a person), the scores, the comment and the reply. */
export function EvaluationBody({
  evaluation: e,
  heading,
  children,
}: {
  evaluation: EvaluationView
  heading: ReactNode
  children?: ReactNode
}) {
  return (
    <div className="evaluation">
      <h3 className="evaluation__head">{heading}</h3>
      <p className="evaluation__meta">
        {raterKindNames[e.raterKind]}
        {e.raterName ? `：${e.raterName}` : ''} · {formatDate(e.createdAt)}
        {e.raterKind === 'approval_department' ? ' · 仅评价服务成果质量' : ''}
      </p>
      <ScoreList scores={e.scores} />
      {e.comment == null ? (
        <p className="evaluation__hidden" role="note">
          该评价的文字内容已被监管部门隐藏（评分保留）。理由：{e.hiddenReason}
        </p>
      ) : e.comment ? (
        <p className="evaluation__text">{e.comment}</p>
      ) : null}
      {e.reply ? (
        <div className="evaluation__reply">
          <p>
            <strong>机构回复</strong>
            {e.repliedAt ? <small> {formatDate(e.repliedAt)}</small> : null}
          </p>
          <p className="evaluation__text">{e.reply}</p>
        </div>
      ) : null}
      {children}
    </div>
  )
}
