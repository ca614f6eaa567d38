import { z } from 'zod'
import { parseYuanToFen } from '../rules/money.ts'
import { formatShanghaiDateTime } from '../rules/shanghai-time.ts'
import { typedNumber } from '../rules/typed-input.ts'
import { isHenanCounty } from '../regions.ts'
import { evenWithFieldErrors } from './cross-field.ts'
import { isUuid, text } from './registry.ts'

// Project and bid forms, shared with the browser (Conform): no I/O here.

/** '2026-12-01T10:00' typed in a datetime-local field, read as Beijing time. */
export function parseShanghaiDateTime(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim())
  if (!match) return null
  const [y, mo, d, h, mi, s] = match.slice(1).map((part) => Number(part ?? 0)) as number[]
  const utc = Date.UTC(y!, mo! - 1, d!, h! - 8, mi!, s!)
  const check = new Date(utc + 8 * 3600_000)
  if (check.getUTCDate() !== d || check.getUTCMonth() !== mo! - 1 || h! > 23 || mi! > 59)
    return null
  return new Date(utc)
}

/** The value a datetime-local field shows for `instant` in Beijing time. */
export function toShanghaiDateTimeInput(instant: Date): string {
  return new Date(instant.getTime() + 8 * 3600_000).toISOString().slice(0, 16)
}

const yuan = (label: string) =>
  z.string({ error: `请填写${label}` }).transform((value, ctx) => {
    const parsed = parseYuanToFen(value)
    if (parsed.ok && parsed.fen > 0) return parsed.fen
    ctx.addIssue({ code: 'custom', message: parsed.ok ? `${label}须大于 0` : parsed.reason })
    return z.NEVER
  })

const integerIn = (label: string, min: number, max: number) =>
  z
    .string({ error: `请填写${label}` })
    .overwrite(typedNumber)
    .regex(/^\d{1,3}$/, `${label}请填写整数`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `${label}应在 ${min}–${max} 之间`)

const optionalInteger = (label: string, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      const typed = v == null ? '' : typedNumber(v)
      if (typed === '') return null
      if (!/^\d{1,3}$/.test(typed) || Number(typed) < min || Number(typed) > max) {
        ctx.addIssue({ code: 'custom', message: `${label}应为 ${min}–${max} 的整数` })
        return z.NEVER
      }
      return Number(typed)
    })

/** Said beside the deadline by the form and by the model that publishes. */
export const deadlineTooEarlyMessage = (earliest: Date) =>
  `截止时间须在发布后至少 2 个工作日，不早于 ${formatShanghaiDateTime(earliest)}`

export const projectFormSchema = z
  .object({
    serviceItemCode: z.string({ error: '请选择服务事项' }).min(1, '请选择服务事项'),
    title: text('项目名称', 4, 100),
    scope: text('服务内容和范围', 10, 5000),
    regionCode: z
      .string({ error: '请选择项目所在地' })
      .refine(isHenanCounty, '请选择项目所在的县（市、区）'),
    location: z.string().trim().max(200, '详细地点最多 200 个字').optional(),
    budgetCap: yuan('最高限价'),
    funding: z.enum(['budget', 'own'], { error: '请选择资金来源' }),
    method: z.enum(['lowest_price', 'lottery', 'scoring', 'direct'], { error: '请选择选取方式' }),
    deadline: z.string({ error: '请填写报名/报价截止时间' }).transform((value, ctx) => {
      const at = parseShanghaiDateTime(value)
      if (at) return at
      ctx.addIssue({ code: 'custom', message: '截止时间格式应为 2026-12-01 10:00' })
      return z.NEVER
    }),
    publicityWorkdays: integerIn('公示期', 3, 15),
    weightPrice: optionalInteger('价格分权重', 0, 100),
    weightQuality: optionalInteger('技术分权重', 0, 100),
    weightCredit: optionalInteger('信用分权重', 0, 100),
    abnormalLowPercent: integerIn('异常低价比例', 50, 95),
    directAgencyId: z.string().optional(),
    /** 直接选取 without an agency fixed by the link: its name, USCC or page address, typed. */
    directAgency: z.string().trim().max(300, '最多 300 个字').optional(),
    submissionKey: z.string().min(8).max(64).optional(),
    /** Which button sent the form: 发布公告 (publish) or 保存草稿 (save). */
    intent: z.string().optional(),
  })
  .superRefine((form, ctx) => {
    // A field above may have failed: any value here may be missing or raw.
    if (form.method === 'scoring') {
      const weights = [form.weightPrice, form.weightQuality, form.weightCredit]
      weights.forEach((w, i) => {
        if (w === null)
          ctx.addIssue({
            code: 'custom',
            path: [['weightPrice', 'weightQuality', 'weightCredit'][i]!],
            message: '综合评分须填写三项权重',
          })
      })
      if (
        weights.every((w) => typeof w === 'number') &&
        weights.reduce((a, b) => a! + b!, 0) !== 100
      )
        ctx.addIssue({ code: 'custom', path: ['weightCredit'], message: '三项权重之和须为 100' })
    }
    if (form.method === 'direct' && !isUuid(form.directAgencyId) && !form.directAgency)
      ctx.addIssue({
        code: 'custom',
        path: ['directAgency'],
        message: '请填写要直接选取的中介机构：全称、统一社会信用代码，或其页面链接',
      })
  }, evenWithFieldErrors)

/**
 * The form's schema with the earliest deadline publishing allows (computed by the server at
 * page load, and again when the form arrives), so a too-early deadline is said in the same
 * round as the other mistakes. A draft may keep any deadline; the model checks again.
 */
export const projectFormSchemaFor = (earliestDeadline: Date | null) =>
  projectFormSchema.superRefine((form, ctx) => {
    if (!earliestDeadline || form.intent !== 'publish' || !(form.deadline instanceof Date)) return
    if (form.deadline < earliestDeadline)
      ctx.addIssue({
        code: 'custom',
        path: ['deadline'],
        message: deadlineTooEarlyMessage(earliestDeadline),
      })
  }, evenWithFieldErrors)

export type ProjectForm = z.output<typeof projectFormSchema>

export const cancelProjectSchema = z.object({
  reason: text('撤销原因', 5, 500),
})

export const bidFormSchema = z
  .object({
    priceMode: z.enum(['amount', 'discount'], { error: '请选择报价方式' }),
    price: z.string().optional(),
    discountPercent: z.string().optional(),
    timeLimitDays: integerIn('承诺时限', 1, 999),
    proposal: z.string().trim().max(5000, '服务方案最多 5000 个字').optional(),
    submissionKey: z.string().min(8).max(64),
  })
  .transform((form, ctx) => {
    let priceFen: number | null = null
    let discountBasisPoints: number | null = null
    if (form.priceMode === 'amount') {
      const parsed = parseYuanToFen(form.price ?? '')
      if (!parsed.ok || parsed.fen <= 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['price'],
          message: parsed.ok ? '报价须大于 0' : parsed.reason,
        })
        return z.NEVER
      }
      priceFen = parsed.fen
    } else {
      const match = /^(\d{1,2}|100)(?:\.(\d{1,2}))?$/.exec(typedNumber(form.discountPercent ?? ''))
      if (!match) {
        ctx.addIssue({
          code: 'custom',
          path: ['discountPercent'],
          message: '下浮率请填写 0–100 之间的百分数，最多两位小数，如 8.5',
        })
        return z.NEVER
      }
      discountBasisPoints = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'))
      if (discountBasisPoints >= 10000) {
        ctx.addIssue({ code: 'custom', path: ['discountPercent'], message: '下浮率须小于 100%' })
        return z.NEVER
      }
    }
    return {
      priceFen,
      discountBasisPoints,
      timeLimitDays: form.timeLimitDays,
      proposal: form.proposal ?? '',
      submissionKey: form.submissionKey,
    }
  })

export type BidForm = z.output<typeof bidFormSchema>
