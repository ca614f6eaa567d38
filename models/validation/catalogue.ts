import { z } from 'zod'
import type { feeTypes as storedFeeTypes } from '../db/schema.ts'
import { supervisionReasonSchema } from './supervision.ts'

// Shared by the server and the browser (Conform), so nothing here may do I/O: the
// schema module is imported for its types only, and the list below must match it.
export const feeTypes = [
  '市场调节价',
  '政府指导价',
  '政府定价',
] as const satisfies typeof storedFeeTypes

export const ITEM_CODE_PATTERN = /^SI-\d{3,4}$/
export const MAX_TIME_LIMIT_WORKDAYS = 365

const text = (label: string, min: number, max: number) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(min, min <= 1 ? `请填写${label}` : `${label}至少 ${min} 个字`)
    .max(max, `${label}最多 ${max} 个字`)

/** '环评、环评报告书, 报告书' → ['环评', '环评报告书', '报告书'], without repeats. */
export function splitAliases(value: string | string[] | undefined): string[] {
  const parts = Array.isArray(value) ? value : (value ?? '').split(/[,，、;；\n]+/)
  return [...new Set(parts.map((part) => part.trim()).filter(Boolean))]
}

const aliasesSchema = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform(splitAliases)
  .pipe(z.array(z.string().max(30, '每个别名最多 30 个字')).max(20, '别名最多 20 个'))

/** Every field a supervisor keeps, except the code, which never changes. */
export const serviceItemFieldsSchema = z.object({
  name: text('事项名称', 2, 100),
  category: text('类别', 1, 30),
  department: text('主管部门', 2, 60),
  servesApproval: text('服务的审批事项', 2, 200),
  legalBasis: text('设定依据', 2, 500),
  feeType: z.enum(feeTypes, { error: '请选择收费类型' }),
  feeStandard: text('收费标准', 2, 1000),
  timeLimitWorkdays: z
    .number({ error: `请填写 1–${MAX_TIME_LIMIT_WORKDAYS} 之间的整数` })
    .int('办理时限须为整数个工作日')
    .min(1, '办理时限至少 1 个工作日')
    .max(MAX_TIME_LIMIT_WORKDAYS, `办理时限最多 ${MAX_TIME_LIMIT_WORKDAYS} 个工作日`),
  conditions: text('办理条件', 2, 2000),
  workflow: text('服务流程', 2, 2000),
  qualification: z
    .string()
    .trim()
    .max(200, '资质要求最多 200 个字')
    .nullish()
    .transform((value) => value || null),
  aliases: aliasesSchema,
})

export const newServiceItemSchema = serviceItemFieldsSchema.extend({
  code: z
    .string({ error: '请填写事项编号' })
    .trim()
    .toUpperCase()
    .regex(ITEM_CODE_PATTERN, '编号格式为 SI- 加 3 位数字，如 SI-049'),
})

// The reason is shown on the item's public page, like other supervision reasons.
export const retireServiceItemSchema = z.object({ reason: supervisionReasonSchema })

export type ServiceItemFields = z.infer<typeof serviceItemFieldsSchema>
export type ServiceItemFieldsInput = z.input<typeof serviceItemFieldsSchema>
export type NewServiceItem = z.infer<typeof newServiceItemSchema>
export type NewServiceItemInput = z.input<typeof newServiceItemSchema>

export const feeTypeOptions = feeTypes.map((value) => ({ value, label: value }))
