import { getFormProps, type SubmissionResult, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form } from '@remix-run/react'
import type { z } from 'zod'
import type { PaymentPage } from '#models/payments.ts'
import { fenToYuanText, formatFenExact } from '#models/rules/money.ts'
import { budgetPaymentSchema, offlinePaymentSchema } from '#models/validation/payments.ts'
import { CsrfInput } from '../csrf-input.tsx'
import { firstErrorField, FormErrors, SelectField, TextField } from '../form-fields.tsx'
import { DateField, FileField } from '../offering-fields.tsx'

type LastResult = SubmissionResult<string[]> | undefined

interface PaymentFields {
  target: string
  voucherNumber: string
  paidOn: string
  amount: string
  budgetLine?: string
  voucher?: File
}

/** The action's answer belongs to the form that sent it. */
function ownResult(lastResult: LastResult, intent: string, target?: string) {
  const sent = lastResult?.initialValue
  if (sent?.intent !== intent) return undefined
  return target && sent.target !== target ? undefined : lastResult
}

const payableUnits = (page: PaymentPage) => page.units.filter((u) => u.payable.ok)

const unitOptions = (page: PaymentPage) =>
  payableUnits(page).map((u) => ({
    value: u.target,
    label: `${u.name}（未付 ${formatFenExact(u.outstandingFen)}）`,
  }))

/** Today, the first unit still owed, and all of what it owes, typed in yuan. */
function defaults(page: PaymentPage) {
  const first = payableUnits(page)[0]
  return {
    target: first?.target ?? '',
    amount: first ? fenToYuanText(first.outstandingFen).replaceAll(',', '') : '',
    paidOn: page.limits.today,
  }
}

/**
 * "在线支付" for one unit: POSTs, and the action answers 303 to Stripe's checkout page (the
 * one already open for this unit, if an earlier click left one).
 */
export function CheckoutButton({
  unit,
  lastResult,
}: {
  unit: PaymentPage['units'][number]
  lastResult: LastResult
}) {
  const target = unit.target
  const mine = ownResult(lastResult, 'checkout', target)
  const errors = mine?.error ? Object.values(mine.error).flat().filter(Boolean) : []
  return (
    <Form method="post" className="payment-checkout">
      <CsrfInput />
      <input type="hidden" name="intent" value="checkout" />
      <input type="hidden" name="target" value={target} />
      <FormErrors id={`checkout-${target}-errors`} errors={errors as string[]} />
      <button type="submit" className="button button--primary">
        {unit.pendingFen > 0 ? '继续在线支付' : '在线支付'} {formatFenExact(unit.outstandingFen)}
      </button>
    </Form>
  )
}

export function BudgetPaymentForm({
  page,
  lastResult,
}: {
  page: PaymentPage
  lastResult: LastResult
}) {
  const [form, fields] = useForm<PaymentFields, z.output<ReturnType<typeof budgetPaymentSchema>>>({
    id: 'budget-payment',
    lastResult: ownResult(lastResult, 'budget'),
    defaultValue: defaults(page),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) =>
      parseWithZod(formData, { schema: budgetPaymentSchema(page.limits) }),
  })
  const first = firstErrorField(
    ['target', 'budgetLine', 'voucherNumber', 'paidOn', 'amount'],
    form.allErrors,
  )
  return (
    <Form method="post" {...getFormProps(form)} className="card stack">
      <h3>登记财政预算支付</h3>
      <p className="field__hint">
        合同价款由财政国库支付，平台不经手资金；请在国库支付完成后登记支付信息，双方都能看到。
      </p>
      <CsrfInput />
      <input type="hidden" name="intent" value="budget" />
      <FormErrors id={`${form.id}-errors`} errors={form.errors} />
      <SelectField
        meta={fields.target}
        label="付款项"
        options={unitOptions(page)}
        focus={first === 'target'}
      />
      <TextField
        meta={fields.budgetLine}
        label="预算指标 / 项目编码"
        required
        focus={first === 'budgetLine'}
      />
      <TextField
        meta={fields.voucherNumber}
        label="支付凭证号"
        required
        focus={first === 'voucherNumber'}
      />
      <DateField meta={fields.paidOn} label="支付日期" required focus={first === 'paidOn'} />
      <TextField
        meta={fields.amount}
        label="支付金额（元）"
        hint="不超过该付款项的未付金额"
        required
        focus={first === 'amount'}
      />
      <button type="submit" className="button button--primary">
        登记支付
      </button>
    </Form>
  )
}

export function OfflinePaymentForm({
  page,
  lastResult,
}: {
  page: PaymentPage
  lastResult: LastResult
}) {
  const [form, fields] = useForm<PaymentFields, z.output<ReturnType<typeof offlinePaymentSchema>>>({
    id: 'offline-payment',
    lastResult: ownResult(lastResult, 'offline'),
    defaultValue: defaults(page),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) =>
      parseWithZod(formData, { schema: offlinePaymentSchema(page.limits) }),
  })
  const first = firstErrorField(
    ['target', 'voucherNumber', 'paidOn', 'amount', 'voucher'],
    form.allErrors,
  )
  return (
    <Form
      method="post"
      encType="multipart/form-data"
      {...getFormProps(form)}
      className="card stack"
    >
      <h3>登记线下转账</h3>
      <p className="field__hint">向承接机构银行转账后，登记转账凭证；承接机构可在本页看到。</p>
      <CsrfInput />
      <input type="hidden" name="intent" value="offline" />
      <FormErrors id={`${form.id}-errors`} errors={form.errors} />
      <SelectField
        meta={fields.target}
        label="付款项"
        options={unitOptions(page)}
        focus={first === 'target'}
      />
      <TextField
        meta={fields.voucherNumber}
        label="转账凭证号 / 交易流水号"
        required
        focus={first === 'voucherNumber'}
      />
      <DateField meta={fields.paidOn} label="转账日期" required focus={first === 'paidOn'} />
      <TextField
        meta={fields.amount}
        label="转账金额（元）"
        hint="不超过该付款项的未付金额"
        required
        focus={first === 'amount'}
      />
      <FileField
        meta={fields.voucher}
        label="转账凭证（选填）"
        hint="PDF、JPG 或 PNG，不超过 10 MB"
        accept="application/pdf,image/png,image/jpeg"
        focus={first === 'voucher'}
      />
      <button type="submit" className="button button--primary">
        登记转账
      </button>
    </Form>
  )
}
