import { z } from 'zod'
import { text } from './registry.ts'

// A supervisor's ruling on a collusion flag, shared with the browser (Conform): no I/O here.

export const flagDecisions = ['confirm', 'dismiss'] as const
export type FlagDecision = (typeof flagDecisions)[number]

export const ruleFlagSchema = z.object({
  flagId: z.coerce.number({ error: '线索不存在' }).int('线索不存在').positive('线索不存在'),
  decision: z.enum(flagDecisions, { error: '请选择认定或排除' }),
  reason: text('理由', 5, 2000),
})

export type RuleFlagForm = z.infer<typeof ruleFlagSchema>
