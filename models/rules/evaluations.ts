import { formatShanghaiDateTime } from './shanghai-time.ts'

/** 服务评价: what is scored, who may score, when, and how the scores add up on a profile. */

export const scoreDimensions = ['quality', 'timeliness', 'attitude', 'fees', 'conduct'] as const
export type ScoreDimension = (typeof scoreDimensions)[number]

export const scoreDimensionNames: Record<ScoreDimension, string> = {
  quality: '服务质量',
  timeliness: '服务时效',
  attitude: '服务态度',
  fees: '收费合理',
  conduct: '执业规范',
}

export const MIN_SCORE = 1
export const MAX_SCORE = 5
export const scoreValues = [1, 2, 3, 4, 5] as const

/** What each number of stars means, beside the radio buttons. */
export const scoreWords: Record<number, string> = {
  1: '很不满意',
  2: '不满意',
  3: '一般',
  4: '满意',
  5: '很满意',
}

export const isScore = (value: unknown): value is number =>
  Number.isInteger(value) && (value as number) >= MIN_SCORE && (value as number) <= MAX_SCORE

/** Mirrors evaluations.rater_kind: the buyer gives all five scores, the approval department quality. */
export type RaterKind = 'buyer' | 'approval_department'

export const raterKindNames: Record<RaterKind, string> = {
  buyer: '采购人',
  approval_department: '审批部门',
}

export const dimensionsOf = (kind: RaterKind): readonly ScoreDimension[] =>
  kind === 'buyer' ? scoreDimensions : ['quality']

export const COMMENT_MAX_LENGTH = 1000

export type RuleAnswer = { ok: true } | { ok: false; reason: string }

export interface EvaluationWindowState {
  status: string
  evaluationDueAt: Date | null
}

/**
 * Ratings are taken only for an accepted contract (so every review stands on a real,
 * completed service), and only until its evaluation deadline, inclusive.
 */
export function checkEvaluationWindow(contract: EvaluationWindowState, now: Date): RuleAnswer {
  if (contract.status !== 'accepted' || !contract.evaluationDueAt)
    return { ok: false, reason: '合同验收通过后才能评价' }
  if (now.getTime() > contract.evaluationDueAt.getTime())
    return {
      ok: false,
      reason: `评价期限已于 ${formatShanghaiDateTime(contract.evaluationDueAt)} 截止，不能再评价`,
    }
  return { ok: true }
}

export type Scores = { [K in ScoreDimension]: number | null }

export interface RatedContractRow extends Scores {
  contractId: string
  /** The contract's amount in fen: its weight in the overall score. */
  amountFen: number
  raterKind: RaterKind
}

const mean = (values: readonly number[]) =>
  values.length === 0 ? null : values.reduce((sum, v) => sum + v, 0) / values.length

/** The plain mean of the scores one rating gave (five for a buyer, one for a department). */
export function ratingMean(scores: Scores): number | null {
  return mean(scoreDimensions.map((d) => scores[d]).filter((v): v is number => v != null))
}

/**
 * One score per contract: the mean over the five dimensions of that contract's scores, where
 * a dimension rated twice (quality, by the buyer and by the approval department) counts as
 * the mean of the two. A contract rated only by the department scores its quality.
 */
export function contractScore(rows: readonly Scores[]): number | null {
  const perDimension = scoreDimensions.map((d) =>
    mean(rows.map((r) => r[d]).filter((v): v is number => v != null)),
  )
  return mean(perDimension.filter((v): v is number => v != null))
}

export interface EvaluationSummary {
  /** Plain mean of every score given in each dimension (hidden comments keep their scores). */
  averages: Record<ScoreDimension, number | null>
  /** Number of ratings (a buyer's and a department's rating of one contract count as two). */
  count: number
  /** Number of contracts rated. */
  contractCount: number
  /**
   * 综合评分 = Σ(aᵢ × sᵢ) / Σ aᵢ over the rated contracts, where sᵢ is the contract's score
   * (contractScore) and aᵢ its amount in fen: a larger contract weighs proportionally more,
   * so many small jobs cannot outweigh one large one. The credit issue builds on this figure.
   */
  weightedOverall: number | null
}

export function summariseEvaluations(rows: readonly RatedContractRow[]): EvaluationSummary {
  const averages = Object.fromEntries(
    scoreDimensions.map((d) => [d, mean(rows.map((r) => r[d]).filter((v) => v != null))]),
  ) as Record<ScoreDimension, number | null>
  const byContract = new Map<string, { amountFen: number; rows: RatedContractRow[] }>()
  for (const row of rows) {
    const entry = byContract.get(row.contractId) ?? { amountFen: row.amountFen, rows: [] }
    entry.rows.push(row)
    byContract.set(row.contractId, entry)
  }
  let weighted = 0
  let weights = 0
  for (const { amountFen, rows: contractRows } of byContract.values()) {
    const score = contractScore(contractRows)
    if (score == null || amountFen <= 0) continue
    weighted += amountFen * score
    weights += amountFen
  }
  return {
    averages,
    count: rows.length,
    contractCount: byContract.size,
    weightedOverall: weights > 0 ? weighted / weights : null,
  }
}

/** The short note under the overall score on a profile. */
export const WEIGHTING_NOTE =
  '综合评分按合同金额加权：每份合同先取各项评分的平均分，再以合同金额为权重求平均，金额越大的合同所占比重越大。'

/** A score for display: one decimal place, e.g. 4.3. */
export const formatScore = (value: number) => (Math.round(value * 10) / 10).toFixed(1)

/** ★★★★☆ for a score rounded to the nearest whole star. */
export function starsFor(value: number) {
  const full = Math.max(0, Math.min(MAX_SCORE, Math.round(value)))
  return '★'.repeat(full) + '☆'.repeat(MAX_SCORE - full)
}
