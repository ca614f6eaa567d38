import { z } from 'zod'
import { parseYuanToFen } from '../rules/money.ts'
import { text } from './registry.ts'

// The agency's other answers on a project's bid page, shared with the browser (Conform).

export const withdrawBidSchema = z.object({
  confirm: z.literal('yes', { error: '请勾选确认撤回' }),
})

export const explainLowPriceSchema = z.object({
  explanation: text('说明', 10, 3000),
})

export const acceptInvitationSchema = z.object({
  price: z.string({ error: '请填写报价' }).transform((value, ctx) => {
    const parsed = parseYuanToFen(value)
    if (parsed.ok && parsed.fen > 0) return parsed.fen
    ctx.addIssue({ code: 'custom', message: parsed.ok ? '报价须大于 0' : parsed.reason })
    return z.NEVER
  }),
})

export const declineInvitationSchema = z.object({
  reason: text('谢绝理由', 5, 500),
})
