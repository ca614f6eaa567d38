import { z } from 'zod'
import { MAX_UPLOAD_BYTES, TOO_LARGE_MESSAGE } from '../rules/file-types.ts'
import { fenToYuanText, parseYuanToFen } from '../rules/money.ts'
import { isIsoDate } from '../rules/qualifications.ts'
import { formatDayKey } from '../rules/shanghai-time.ts'
import { isoDate, text } from './registry.ts'
import { evenWithFieldErrors } from './cross-field.ts'

// Payment forms, shared with the browser (Conform): no I/O here. The model checks the same
// limits again under the contract's lock; these only spare the buyer a round trip.

/** What the page knows when it is drawn: the platform's date and what is still owed per item. */
export interface PaymentFormLimits {
  /** Today in Beijing, 'YYYY-MM-DD', by the platform clock. */
  today: string
  /** The day the contract came into force: nothing was paid under it before. */
  earliest: string | null
  outstandingFen: Record<string, number>
}

const target = z.string({ error: '请选择付款项' }).trim().min(1, '请选择付款项')

const amount = z.string({ error: '请填写付款金额' }).transform((value, ctx) => {
  const parsed = parseYuanToFen(value)
  if (parsed.ok && parsed.fen > 0) return parsed.fen
  ctx.addIssue({ code: 'custom', message: parsed.ok ? '付款金额须大于 0' : parsed.reason })
  return z.NEVER
})

const paidOn = isoDate('付款日期')

interface Paid {
  target: string
  paidOn: string
  amount: number
}

function withinLimits(limits: PaymentFormLimits | undefined) {
  return (form: Paid, ctx: z.RefinementCtx) => {
    if (!limits) return
    // A malformed date is already reported by the field's own check.
    const dated = isIsoDate(form.paidOn)
    if (dated && form.paidOn > limits.today)
      ctx.addIssue({ code: 'custom', path: ['paidOn'], message: '付款日期不能晚于今天' })
    else if (dated && limits.earliest && form.paidOn < limits.earliest)
      ctx.addIssue({
        code: 'custom',
        path: ['paidOn'],
        message: `付款日期不能早于合同生效日期 ${formatDayKey(limits.earliest)}`,
      })
    // A missing item or unreadable amount is already said beside its field.
    if (typeof form.target !== 'string' || form.target === '') return
    const owed = limits.outstandingFen[form.target]
    if (owed === undefined)
      ctx.addIssue({ code: 'custom', path: ['target'], message: '请选择付款项' })
    else if (typeof form.amount === 'number' && form.amount > owed)
      ctx.addIssue({
        code: 'custom',
        path: ['amount'],
        message: `付款金额不能超过未付金额 ¥${fenToYuanText(owed)}`,
      })
  }
}

/** A department's record of a treasury payment: budget line, voucher, date, amount (元). */
export const budgetPaymentSchema = (limits?: PaymentFormLimits) =>
  z
    .object({
      intent: z.literal('budget'),
      target,
      budgetLine: text('预算指标或项目编码', 2, 100),
      voucherNumber: text('支付凭证号', 2, 60),
      paidOn,
      amount,
    })
    .superRefine(withinLimits(limits), evenWithFieldErrors)

/** An enterprise's bank transfer, when online payment is not configured; the voucher is optional. */
export const offlinePaymentSchema = (limits?: PaymentFormLimits) =>
  z
    .object({
      intent: z.literal('offline'),
      target,
      voucherNumber: text('转账凭证号或交易流水号', 2, 60),
      paidOn,
      amount,
      voucher: z.file().max(MAX_UPLOAD_BYTES, TOO_LARGE_MESSAGE).optional(),
    })
    .superRefine(withinLimits(limits), evenWithFieldErrors)

export const checkoutSchema = z.object({ intent: z.literal('checkout'), target })

/** What the model takes for a payment recorded by hand. */
export interface ManualPaymentInput {
  target: string
  voucherNumber: string
  paidOn: string
  amountFen: number
  /** Budget payments only. */
  budgetLine?: string
  /** Offline transfers only: the stored voucher scan. */
  voucherUploadId?: string | null
}
