import { z } from 'zod'
import { checkTimeLimit, type FeeInput, feeKinds, offeringFeeBounds } from '../rules/fees.ts'
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

/**
 * Turns the typed 元 into fen for the fields this fee kind uses, then applies the fee rule;
 * the time limit is checked beside it (against the item's, when the page knows it), so both
 * are said in one round.
 */
function toTerms(raw: RawFee, ctx: z.RefinementCtx, itemLimitDays?: number): OfferingTerms {
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
  const time = checkTimeLimit(raw.timeLimitDays, itemLimitDays)
  if (time) ctx.addIssue({ code: 'custom', path: [time.field], message: time.reason })
  if (failed) return z.NEVER
  const bounds = offeringFeeBounds(terms)
  if (!bounds.ok) ctx.addIssue({ code: 'custom', path: [bounds.field], message: bounds.reason })
  return bounds.ok && !time ? terms : z.NEVER
}

/** Editing an offering: the item stays, everything else may change. */
export const offeringTermsSchemaFor = (itemLimitDays?: number) =>
  z.object(offeringFields).transform((raw, ctx) => toTerms(raw, ctx, itemLimitDays))

export const offeringTermsSchema = offeringTermsSchemaFor()

/** `itemLimits`: each offerable item's time limit in working days, as the page lists them. */
export const newOfferingSchemaFor = (itemLimits: Record<string, number> = {}) =>
  z
    .object({
      serviceItemCode: z.string({ error: '请选择服务事项' }).trim().max(20),
      ...offeringFields,
    })
    .transform((raw, ctx) => ({
      serviceItemCode: raw.serviceItemCode,
      ...toTerms(raw, ctx, itemLimits[raw.serviceItemCode]),
    }))
