import { z } from 'zod'
import { checkOfferingFee, type FeeInput, feeKinds } from '../rules/fees.ts'
import { parseYuanToFen } from '../rules/money.ts'
import { typedNumber } from '../rules/typed-input.ts'

// The offering form, shared with the browser (Conform): no I/O here.

const optionalString = z.string().optional()

const offeringFields = {
  feeKind: z.enum(feeKinds, { error: '请选择收费方式' }),
  feeFixed: optionalString,
  feeMin: optionalString,
  feeMax: optionalString,
  feeRule: z.string().trim().max(500, '计费规则最多 500 个字').optional(),
  feeExample: z.string().trim().max(200, '计算示例最多 200 个字').optional(),
  timeLimitDays: z
    .string({ error: '请填写承诺时限（工作日）' })
    .overwrite(typedNumber)
    .regex(/^\d{1,4}$/, '承诺时限请填写整数天数（工作日）')
    .transform(Number),
  scope: z.string().trim().max(2000, '服务范围最多 2000 个字').optional(),
}

type RawFee = {
  feeKind: FeeInput['feeKind']
  feeFixed?: string
  feeMin?: string
  feeMax?: string
  feeRule?: string
  feeExample?: string
  timeLimitDays: number
  scope?: string
}

export interface OfferingTerms extends FeeInput {
  timeLimitDays: number
  scope: string
}

/** Turns the typed 元 into fen for the fields this fee kind uses, then applies the fee rule. */
function toTerms(raw: RawFee, ctx: z.RefinementCtx): OfferingTerms {
  const used: (keyof RawFee & ('feeFixed' | 'feeMin' | 'feeMax'))[] =
    raw.feeKind === 'fixed' ? ['feeFixed'] : ['feeMin', 'feeMax']
  const fen: Partial<Record<'feeFixed' | 'feeMin' | 'feeMax', number>> = {}
  let failed = false
  for (const field of used) {
    const typed = raw[field]
    if (typed == null || typed.trim() === '') continue // the fee rule names what is missing
    const parsed = parseYuanToFen(typed)
    if (parsed.ok) fen[field] = parsed.fen
    else {
      ctx.addIssue({ code: 'custom', path: [field], message: parsed.reason })
      failed = true
    }
  }
  const terms: OfferingTerms = {
    feeKind: raw.feeKind,
    feeFixedFen: fen.feeFixed ?? null,
    feeMinFen: fen.feeMin ?? null,
    feeMaxFen: fen.feeMax ?? null,
    feeRule: raw.feeRule ?? '',
    feeExample: raw.feeExample ?? '',
    timeLimitDays: raw.timeLimitDays,
    scope: raw.scope ?? '',
  }
  if (failed) return z.NEVER
  const check = checkOfferingFee(terms)
  if (!check.ok) {
    ctx.addIssue({ code: 'custom', path: [check.field], message: check.reason })
    return z.NEVER
  }
  return terms
}

/** Editing an offering: the item stays, everything else may change. */
export const offeringTermsSchema = z.object(offeringFields).transform(toTerms)

export const newOfferingSchema = z
  .object({
    serviceItemCode: z.string({ error: '请选择服务事项' }).trim().max(20),
    ...offeringFields,
  })
  .transform((raw, ctx) => ({ serviceItemCode: raw.serviceItemCode, ...toTerms(raw, ctx) }))

export type NewOfferingInput = z.infer<typeof newOfferingSchema>
