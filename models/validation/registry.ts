import { z } from 'zod'
import { MAX_UPLOAD_BYTES, TOO_LARGE_MESSAGE } from '../rules/file-types.ts'
import { isIsoDate, OTHER_QUALIFICATION } from '../rules/qualifications.ts'
import { parseYuanToFen } from '../rules/money.ts'
import { typedNumber, typedPhone } from '../rules/typed-input.ts'
import { isHenanCounty } from '../regions.ts'
import { emailSchema } from './accounts.ts'
import { evenWithFieldErrors } from './cross-field.ts'

// Forms of an organisation's own records, shared with the browser (Conform): no I/O here.

/** The region select's value for an organisation outside Henan (stored as NULL). */
export const OUTSIDE_HENAN = 'outside'

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Ids from forms and URLs are checked before they reach a uuid column. */
export const isUuid = (value: unknown): value is string =>
  typeof value === 'string' && uuidPattern.test(value)

/** Required text: a message when empty, bounded length. */
export const text = (label: string, min: number, max: number) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(min, `${label}至少 ${min} 个字`)
    .max(max, `${label}最多 ${max} 个字`)

const optionalText = (label: string, max: number) =>
  z.string().trim().max(max, `${label}最多 ${max} 个字`).optional()

/** A number field folded as typed (full width, 。) before `schema`, e.g. z.coerce.number(), reads it. */
export const typedNumberField = <T extends z.ZodType>(schema: T) =>
  z.preprocess((typed) => (typeof typed === 'string' ? typedNumber(typed) : typed), schema)

export const isoDate = (label: string) =>
  z.string({ error: `请填写${label}` }).refine(isIsoDate, `${label}格式应为 YYYY-MM-DD`)

/** Checked again by content on the server; here only the size, to spare a long upload. */
const optionalFile = z.file().max(MAX_UPLOAD_BYTES, TOO_LARGE_MESSAGE).optional()

/** Optional amount typed in 元 → fen. */
export const optionalYuan = (label: string) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value == null || value.trim() === '') return null
      const parsed = parseYuanToFen(value)
      if (parsed.ok) return parsed.fen
      ctx.addIssue({ code: 'custom', message: `${label}：${parsed.reason}` })
      return z.NEVER
    })

export const profileSchema = z.object({
  name: text('机构名称', 2, 100),
  legalRepresentative: text('法定代表人', 2, 30),
  address: text('地址', 4, 200),
  regionCode: z
    .string({ error: '请选择所在地区' })
    .refine((code) => code === OUTSIDE_HENAN || isHenanCounty(code), '请从列表中选择所在地区')
    .transform((code) => (code === OUTSIDE_HENAN ? null : code)),
  contactName: text('联系人', 2, 30),
  contactPhone: z
    .string({ error: '请填写联系电话' })
    .overwrite(typedPhone)
    .regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?|400-?\d{3}-?\d{4})$/, {
      message: '请填写手机号或带区号的座机号，如 0371-12345678',
    }),
  contactEmail: emailSchema.optional(),
  introduction: optionalText('机构简介', 2000),
  logo: optionalFile,
  removeLogo: z.literal('on').optional(),
  /** Departments only: which catalogue approval authority it is (checked against the catalogue). */
  approvalAuthority: z.string().trim().max(60, '请从列表中选择审批职能').optional(),
})

export type ProfileForm = z.infer<typeof profileSchema>

export const qualificationSchema = z
  .object({
    type: text('资质类型', 1, 60),
    otherType: optionalText('资质名称', 60),
    level: optionalText('资质等级', 30),
    number: text('证书编号', 2, 60),
    issuer: text('发证机关', 2, 100),
    validFrom: isoDate('生效日期'),
    validTo: isoDate('有效期至').optional(),
    scan: optionalFile,
  })
  .superRefine((q, ctx) => {
    if (q.type === OTHER_QUALIFICATION && (q.otherType ?? '').length < 2)
      ctx.addIssue({
        code: 'custom',
        path: ['otherType'],
        message: '请填写资质名称（至少 2 个字）',
      })
    if (typeof q.validTo === 'string' && typeof q.validFrom === 'string' && q.validTo < q.validFrom)
      ctx.addIssue({ code: 'custom', path: ['validTo'], message: '有效期至不能早于生效日期' })
  }, evenWithFieldErrors)

export type QualificationForm = z.infer<typeof qualificationSchema>

export const practitionerSchema = z.object({
  name: text('姓名', 2, 30),
  certificateType: text('证书类型', 2, 60),
  certificateNumber: text('证书编号', 4, 40),
})

export type PractitionerInput = z.infer<typeof practitionerSchema>

export const offeringCaseSchema = z.object({
  title: text('项目名称', 2, 100),
  clientName: text('委托单位', 2, 100),
  completedOn: isoDate('完成日期'),
  amount: optionalYuan('合同金额'),
})

export type OfferingCaseInput = z.infer<typeof offeringCaseSchema>
