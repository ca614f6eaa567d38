import { z } from 'zod'
import { MAX_UPLOAD_BYTES, TOO_LARGE_MESSAGE } from '../rules/file-types.ts'
import { MAX_MILESTONES } from '../rules/milestones.ts'
import { text, typedNumberField } from './registry.ts'
import { evenWithFieldErrors } from './cross-field.ts'

// The contract page's forms, shared with the browser (Conform): no I/O here.

const file = z.file().max(MAX_UPLOAD_BYTES, TOO_LARGE_MESSAGE).optional()

/** Milestone lines typed as 「名称 比例%」, one per line; empty means one payment. */
export const milestonesSchema = z.object({
  intent: z.literal('milestones'),
  milestones: z
    .string()
    .max(1000, '内容过长')
    .optional()
    .transform((v, ctx) => {
      const lines = (v ?? '')
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean)
      if (lines.length > MAX_MILESTONES) {
        ctx.addIssue({ code: 'custom', message: `付款节点最多 ${MAX_MILESTONES} 个` })
        return z.NEVER
      }
      const shares = []
      for (const [i, line] of lines.entries()) {
        const match = /^(.+?)[\s:：,，]+(\d+(?:\.\d{1,2})?)\s*[%％]?$/.exec(line)
        if (!match) {
          ctx.addIssue({
            code: 'custom',
            message: `第 ${i + 1} 行格式不对，应为「节点名称 比例%」，如「成果交付 70%」`,
          })
          return z.NEVER
        }
        shares.push({ name: match[1]!.trim(), percent: Number(match[2]) })
      }
      return shares
    }),
})

export const signSchema = z.object({ intent: z.literal('sign') })

export const refuseSchema = z.object({
  intent: z.literal('refuse'),
  reason: text('拒签理由', 2, 500),
})

export const pauseSchema = z.object({
  intent: z.literal('pause'),
  reason: text('等待业主的原因', 2, 500),
})

export const resumeSchema = z.object({ intent: z.literal('resume') })

export const extensionSchema = z.object({
  intent: z.literal('extension'),
  workdays: typedNumberField(
    z.coerce
      .number({ error: '请填写延期天数' })
      .int('延期天数须为整数')
      .min(1, '至少延期 1 个工作日')
      .max(250, '最多延期 250 个工作日'),
  ),
  reason: text('延期理由', 2, 1000),
})

export const extensionDecisionSchema = z.object({
  intent: z.literal('extension-decision'),
  decision: z.enum(['approve', 'decline'], { error: '请选择同意或不同意' }),
  decisionReason: text('决定理由', 2, 1000),
})

export const deliverSchema = z.object({
  intent: z.literal('deliver'),
  note: text('交付说明', 2, 2000),
  file1: file,
  file2: file,
  file3: file,
})

export const deliveryDecisionSchema = z
  .object({
    intent: z.literal('delivery-decision'),
    decision: z.enum(['accept', 'return'], { error: '请选择验收通过或退回修改' }),
    reason: z.string().trim().max(2000, '意见不超过 2000 字').optional(),
  })
  .refine((v) => v.decision !== 'return' || (v.reason ?? '').length >= 2, {
    path: ['reason'],
    message: '退回时请写明理由（至少 2 个字）',
    ...evenWithFieldErrors,
  })

export const cancelSchema = z.object({
  intent: z.literal('cancel'),
  reason: text('解除合同的理由', 2, 1000),
})

export const contractSchemas = {
  milestones: milestonesSchema,
  sign: signSchema,
  refuse: refuseSchema,
  pause: pauseSchema,
  resume: resumeSchema,
  extension: extensionSchema,
  'extension-decision': extensionDecisionSchema,
  deliver: deliverSchema,
  'delivery-decision': deliveryDecisionSchema,
  cancel: cancelSchema,
} as const

export type ContractIntent = keyof typeof contractSchemas
export const contractIntents = Object.keys(contractSchemas) as ContractIntent[]
