import { z } from 'zod'
import { MAX_UPLOAD_BYTES, TOO_LARGE_MESSAGE } from '../rules/file-types.ts'
import { isUuid, text } from './registry.ts'
import { evenWithFieldErrors } from './cross-field.ts'

// Complaint (投诉) forms, shared with the browser (Conform): no I/O here.

export const complaintTargetTypes = ['agency', 'buyer', 'project'] as const
export type ComplaintTargetType = (typeof complaintTargetTypes)[number]
export const complaintOutcomeCodes = ['substantiated', 'unsubstantiated'] as const
export type ComplaintOutcome = (typeof complaintOutcomeCodes)[number]

export const complaintTargetNames: Record<ComplaintTargetType, string> = {
  agency: '中介机构',
  buyer: '项目业主（部门或企业）',
  project: '采购项目',
}

export const complaintOutcomeNames: Record<ComplaintOutcome, string> = {
  substantiated: '投诉属实',
  unsubstantiated: '投诉不属实',
}

/** Working days a supervisor has to answer a complaint. */
export const COMPLAINT_ANSWER_WORKDAYS = 10

const optionalId = z
  .string()
  .optional()
  .refine((v) => v == null || isUuid(v), '投诉对象不存在')

/**
 * A complaint. The target is either fixed by the page it came from (`targetId`, from a
 * profile's or project's 投诉 link) or typed: a name, a USCC, or a project's link.
 */
export const fileComplaintSchema = z
  .object({
    targetType: z.enum(complaintTargetTypes, { error: '请选择投诉对象的类型' }),
    targetId: optionalId,
    target: z.string().trim().max(300, '投诉对象最多 300 个字').optional(),
    subject: text('投诉事项', 4, 100),
    grounds: text('投诉事实和理由', 10, 5000),
    file: z.file().max(MAX_UPLOAD_BYTES, TOO_LARGE_MESSAGE).optional(),
    submissionKey: z.string().min(8).max(64).optional(),
  })
  .superRefine((form, ctx) => {
    if (form.targetId || form.target) return
    ctx.addIssue({
      code: 'custom',
      path: ['target'],
      message:
        form.targetType === 'project'
          ? '请粘贴项目公告的链接'
          : '请填写投诉对象的名称或统一社会信用代码',
    })
  }, evenWithFieldErrors)

export type FileComplaintForm = z.infer<typeof fileComplaintSchema>

/**
 * A supervisor's answer. A substantiated complaint against an agency may at once become a
 * finding (投诉属实, with the agency's right of reply); its summary is public.
 */
export const answerComplaintSchema = z
  .object({
    complaintId: z.string({ error: '投诉不存在' }).refine(isUuid, '投诉不存在'),
    outcome: z.enum(complaintOutcomeCodes, { error: '请选择处理结果' }),
    answer: text('处理意见', 5, 5000),
    recordFinding: z.boolean().default(false),
    findingSummary: z.string().trim().max(2000, '认定事实最多 2000 个字').optional(),
  })
  .superRefine((form, ctx) => {
    if (!form.recordFinding) return
    if (form.outcome !== 'substantiated')
      ctx.addIssue({
        code: 'custom',
        path: ['recordFinding'],
        message: '只有投诉属实时才能记录信用扣分',
      })
    if ((form.findingSummary ?? '').length < 5)
      ctx.addIssue({
        code: 'custom',
        path: ['findingSummary'],
        message: '请写明认定的事实（至少 5 个字），将在信用记录中公开',
      })
  }, evenWithFieldErrors)

export type AnswerComplaintForm = z.infer<typeof answerComplaintSchema>

/** ?outcome= on the public list: anything else means all answered complaints. */
export function outcomeFilter(value: string | null): ComplaintOutcome | null {
  return complaintOutcomeCodes.find((o) => o === value) ?? null
}
