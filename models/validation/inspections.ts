import { z } from 'zod'
import { cityNameOfCityCode } from '../regions.ts'
import { isUuid, text, typedNumberField } from './registry.ts'
import { evenWithFieldErrors } from './cross-field.ts'

// 双随机抽查 forms, shared with the browser (Conform): no I/O here.

export const MAX_SAMPLE_SIZE = 500
export const MAX_INSPECTORS = 100

/** Checkboxes, a multi-select or a typed list ("SI-001, SI-002"): one clean, de-duplicated list. */
const list = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => {
    const raw = value == null ? [] : Array.isArray(value) ? value : [value]
    const items = raw.flatMap((v) => v.split(/[,，、;；\s]+/)).map((v) => v.trim())
    return [...new Set(items.filter(Boolean))]
  })

export const inspectionPlanSchema = z.object({
  intent: z.literal('create').optional(),
  title: text('计划名称', 4, 100),
  itemCodes: list.pipe(z.array(z.string().max(20, '服务事项编码不存在')).max(200)),
  categories: list.pipe(z.array(z.string().max(50, '行业类别不存在')).max(50)),
  cityCodes: list.pipe(
    z.array(z.string().refine((c) => cityNameOfCityCode(c) !== undefined, '请从列表中选择地市')),
  ),
  sampleSize: typedNumberField(
    z.coerce
      .number({ error: '请填写抽查数量' })
      .int('抽查数量须为整数')
      .min(1, '至少抽查 1 家')
      .max(MAX_SAMPLE_SIZE, `一次最多抽查 ${MAX_SAMPLE_SIZE} 家`),
  ),
  /** An unchecked box sends nothing; Conform reads a checked one ('on') as true. */
  riskWeighted: z.boolean().default(false),
  inspectorIds: list.pipe(
    z
      .array(z.string().refine(isUuid, '所选检查人员不存在'))
      .min(1, '请至少选择一名检查人员')
      .max(MAX_INSPECTORS, `最多 ${MAX_INSPECTORS} 名检查人员`),
  ),
})

export type InspectionPlanInput = z.input<typeof inspectionPlanSchema>
export type InspectionPlanForm = z.output<typeof inspectionPlanSchema>

const planId = z.string({ error: '抽查计划不存在' }).refine(isUuid, '抽查计划不存在')

export const drawPlanSchema = z.object({ intent: z.literal('draw'), planId })

export const inspectionResults = ['compliant', 'minor', 'serious'] as const
export type InspectionResult = (typeof inspectionResults)[number]

export const inspectionResultNames: Record<InspectionResult, string> = {
  compliant: '未发现问题',
  minor: '发现一般问题',
  serious: '发现严重问题',
}

/** A finding is required when something was found: it is the credit record's public summary. */
export const inspectionResultSchema = z
  .object({
    intent: z.literal('result').optional(),
    taskId: z.string({ error: '抽查任务不存在' }).refine(isUuid, '抽查任务不存在'),
    result: z.enum(inspectionResults, { error: '请选择检查结果' }),
    finding: z.string().trim().max(2000, '检查情况最多 2000 个字').optional(),
  })
  .superRefine((form, ctx) => {
    if ((form.result === 'minor' || form.result === 'serious') && (form.finding ?? '').length < 5)
      ctx.addIssue({
        code: 'custom',
        path: ['finding'],
        message: '发现问题时请写明检查情况（至少 5 个字）',
      })
  }, evenWithFieldErrors)

export type InspectionResultInput = z.input<typeof inspectionResultSchema>

export const inspectorConflictSchema = z.object({
  intent: z.literal('conflict').optional(),
  userId: z.string({ error: '请选择检查人员' }).refine(isUuid, '请选择检查人员'),
  /** The id, or the agency's page address (/agencies/<id>) pasted as it is. */
  agencyId: z
    .string({ error: '请填写机构编号' })
    .trim()
    .transform(
      (v) => /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i.exec(v)?.[0] ?? v,
    )
    .refine(isUuid, '请填写机构编号或粘贴机构页面地址'),
  reason: text('回避理由', 2, 500),
})

export type InspectorConflictInput = z.input<typeof inspectorConflictSchema>

export type InspectionPlanStatus = 'committed' | 'drawn' | 'completed'

export const inspectionPlanStatusNames: Record<InspectionPlanStatus, string> = {
  committed: '待抽取',
  drawn: '检查中',
  completed: '已完成',
}
