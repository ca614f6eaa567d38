import { z } from 'zod'
import { type CreditRuleCode, creditRuleCodes, creditRules } from '../rules/credit-rules.ts'
import { MAX_UPLOAD_BYTES, TOO_LARGE_MESSAGE } from '../rules/file-types.ts'
import { isUuid, text } from './registry.ts'

// Forms of supervisors' findings, the agency's reply and appeals (shared with the browser).

/** The rules a supervisor records as a finding: each waits for the agency's reply. */
export const findingRuleCodes = creditRuleCodes.filter((code) => creditRules[code].needsReply)

export const isFindingRule = (code: string): code is CreditRuleCode =>
  (findingRuleCodes as readonly string[]).includes(code)

const recordId = z.string({ error: '信用记录不存在' }).refine(isUuid, '信用记录不存在')

export const replyFindingSchema = z.object({
  intent: z.literal('reply'),
  recordId,
  reply: text('陈述意见', 5, 5000),
})

export const appealSchema = z.object({
  intent: z.literal('appeal'),
  recordId,
  grounds: text('申诉理由', 10, 5000),
  file: z.file().max(MAX_UPLOAD_BYTES, TOO_LARGE_MESSAGE).optional(),
})

export const findingDecisions = ['confirm', 'withdraw'] as const
export const findingDecisionNames: Record<(typeof findingDecisions)[number], string> = {
  confirm: '维持认定，记录生效并计分',
  withdraw: '撤回认定，不计分（记录保留并公开撤回理由）',
}

export const decideFindingSchema = z.object({
  intent: z.literal('decide'),
  recordId,
  decision: z.enum(findingDecisions, { error: '请选择处理决定' }),
  reason: text('决定理由', 5, 2000),
})

export const appealRulings = ['upheld', 'dismissed'] as const
export const appealRulingNames: Record<(typeof appealRulings)[number], string> = {
  upheld: '申诉成立，撤销该记录',
  dismissed: '申诉不成立，维持该记录',
}

export const ruleAppealSchema = z.object({
  intent: z.literal('rule'),
  appealId: z.string({ error: '申诉不存在' }).refine(isUuid, '申诉不存在'),
  ruling: z.enum(appealRulings, { error: '请选择裁决结果' }),
  reason: text('裁决理由', 5, 2000),
})

/** A supervisor's own finding: the agency by name, USCC or link; a project optionally. */
export const recordFindingSchema = z.object({
  intent: z.literal('record'),
  agency: text('中介机构', 2, 300),
  rule: z
    .string({ error: '请选择认定的事项' })
    .refine(isFindingRule, '请选择认定的事项')
    .transform((code) => code as CreditRuleCode),
  summary: text('认定事实', 10, 2000),
  project: z.string().trim().max(300, '项目链接最多 300 个字').optional(),
})
