import { z } from 'zod'
import { MAX_UPLOAD_BYTES, TOO_LARGE_MESSAGE } from '../rules/file-types.ts'
import { isUuid, text } from './registry.ts'
import { evenWithFieldErrors } from './cross-field.ts'

// Objection (质疑) forms, shared with the browser (Conform): no I/O here.

const objectionId = z.string({ error: '质疑不存在' }).refine(isUuid, '质疑不存在')

/** A participant's objection: grounds, and optionally one PDF/JPG/PNG (checked by content later). */
export const fileObjectionSchema = z.object({
  intent: z.literal('file'),
  grounds: text('质疑事项和理由', 10, 5000),
  file: z.file().max(MAX_UPLOAD_BYTES, TOO_LARGE_MESSAGE).optional(),
})

export const answerObjectionSchema = z.object({
  intent: z.literal('answer'),
  objectionId,
  answer: text('答复内容', 5, 5000),
})

export const escalateObjectionSchema = z.object({
  intent: z.literal('escalate'),
  objectionId,
  reason: text('提请监管处理的理由', 5, 2000),
})

export const withdrawObjectionSchema = z.object({
  intent: z.literal('withdraw'),
  objectionId,
})

export const objectionRulings = ['upheld', 'dismissed'] as const
export type ObjectionRuling = (typeof objectionRulings)[number]
export const objectionRemedies = ['re_evaluate', 're_run'] as const
export type ObjectionRemedy = (typeof objectionRemedies)[number]

export const objectionRulingNames: Record<ObjectionRuling, string> = {
  upheld: '质疑成立',
  dismissed: '质疑不成立（驳回）',
}

export const objectionRemedyNames: Record<ObjectionRemedy, string> = {
  re_evaluate: '认定有关报价无效，重新评审',
  re_run: '采购活动无效，重新组织采购',
}

const bidIds = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => [...new Set(v == null ? [] : Array.isArray(v) ? v : [v])])
  .pipe(z.array(z.string().refine(isUuid, '所选报价不存在')))

/**
 * A supervisor's ruling. Upheld needs a remedy; re-evaluation needs the bids it finds
 * invalid, otherwise running the evaluation again would give the same result.
 */
export const ruleObjectionSchema = z
  .object({
    objectionId,
    ruling: z.enum(objectionRulings, { error: '请选择裁决结果' }),
    remedy: z.enum(objectionRemedies, { error: '请选择处理方式' }).optional(),
    invalidBidIds: bidIds,
    reason: text('裁决理由', 5, 2000),
  })
  .superRefine((form, ctx) => {
    if (form.ruling !== 'upheld') return
    if (!form.remedy)
      ctx.addIssue({ code: 'custom', path: ['remedy'], message: '质疑成立时请选择处理方式' })
    else if (form.remedy === 're_evaluate' && (form.invalidBidIds ?? []).length === 0)
      ctx.addIssue({
        code: 'custom',
        path: ['invalidBidIds'],
        message: '重新评审须至少认定一份报价无效',
      })
  }, evenWithFieldErrors)

export type RuleObjectionForm = z.infer<typeof ruleObjectionSchema>

export interface RuleObjectionInput {
  ruling: ObjectionRuling
  remedy?: ObjectionRemedy
  reason: string
  invalidBidIds?: string[]
}
