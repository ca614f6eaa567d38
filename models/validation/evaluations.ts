import { z } from 'zod'
import {
  COMMENT_MAX_LENGTH,
  scoreDimensionNames,
  type ScoreDimension,
} from '../rules/evaluations.ts'
import { isUuid, text } from './registry.ts'

// Evaluation (服务评价) forms, shared with the browser (Conform): no I/O here.

/** A radio group's value: a whole number of stars from 1 to 5. */
const score = (dimension: ScoreDimension) => {
  const label = scoreDimensionNames[dimension]
  return z
    .string({ error: `请为“${label}”打分` })
    .trim()
    .regex(/^[1-5]$/, `“${label}”请选择 1–5 分`)
    .transform(Number)
}

const comment = z
  .string()
  .trim()
  .max(COMMENT_MAX_LENGTH, `评价内容最多 ${COMMENT_MAX_LENGTH} 个字`)
  .optional()
  .transform((v) => v ?? '')

/** The buyer's rating: all five dimensions. */
export const buyerRatingSchema = z.object({
  intent: z.literal('rate'),
  quality: score('quality'),
  timeliness: score('timeliness'),
  attitude: score('attitude'),
  fees: score('fees'),
  conduct: score('conduct'),
  comment,
})

/** The approval department's rating: the quality of the deliverable it approves. */
export const approvalRatingSchema = z.object({
  intent: z.literal('rate-quality'),
  quality: score('quality'),
  comment,
})

const evaluationId = z.string({ error: '评价不存在' }).refine(isUuid, '评价不存在')

export const replySchema = z.object({
  intent: z.literal('reply'),
  evaluationId,
  reply: text('回复内容', 2, 1000),
})

export const hideCommentSchema = z.object({
  intent: z.literal('hide'),
  evaluationId,
  reason: text('隐藏理由', 2, 500),
})

export interface RatingInput {
  quality: number
  timeliness?: number
  attitude?: number
  fees?: number
  conduct?: number
  comment?: string
}
