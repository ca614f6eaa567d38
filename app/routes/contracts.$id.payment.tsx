import { parseWithZod } from '@conform-to/zod/v4'
import type {
  ActionFunctionArgs,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import {
  getPaymentPage,
  recordBudgetPayment,
  recordOfflineTransfer,
  requireOfflinePayer,
} from '#models/payments.ts'
import { startCheckout } from '#models/payments-stripe.ts'
import { formatFenExact } from '#models/rules/money.ts'
import { isStripeConfigured } from '#models/stripe-client.ts'
import {
  budgetPaymentSchema,
  checkoutSchema,
  offlinePaymentSchema,
} from '#models/validation/payments.ts'
import { ContractNav } from '../components/contracts/contract-nav.tsx'
import {
  BudgetPaymentForm,
  CheckoutButton,
  OfflinePaymentForm,
} from '../components/contracts/payment-forms.tsx'
import {
  PaymentRecords,
  PaymentSummary,
  PaymentUnitsTable,
} from '../components/contracts/payment-state.tsx'
import { answerModelError, throwModelError } from '../route-errors.server.ts'
import { getCtx, requireSignedInCtx } from '../session.server.ts'
import paymentStyles from '../styles/payments.css?url'
import { readUploadForm, storeChosenFile } from '../upload.server.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: paymentStyles }]

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `付款 · 合同 ${data.page.contract.number} · 中介超市` : '付款 · 中介超市' },
]

const doneMessages: Record<string, string> = {
  budget: '财政预算支付已登记，承接机构已收到通知。',
  offline: '线下转账已登记，承接机构已收到通知。',
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await getCtx(request)
  const page = await getPaymentPage(ctx, params.id ?? '').catch(throwModelError)
  const search = new URL(request.url).searchParams
  const done = search.get('done')
  return {
    page,
    stripeConfigured: isStripeConfigured(),
    returnedPaid: search.get('paid') === '1',
    returnedCancelled: search.get('cancelled') === '1',
    done: done && done in doneMessages ? done : null,
  }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const contractId = params.id ?? ''
  const { formData, fileErrors } = await readUploadForm(request, context)
  const done = (what: string) => redirect(`/contracts/${contractId}/payment?done=${what}`)
  switch (formData.get('intent')) {
    case 'checkout': {
      const submission = parseWithZod(formData, { schema: checkoutSchema })
      if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
      try {
        const origin = new URL(request.url).origin
        return redirect(await startCheckout(ctx, contractId, submission.value.target, origin), 303)
      } catch (error) {
        return answerModelError(error, submission)
      }
    }
    case 'budget': {
      const submission = parseWithZod(formData, { schema: budgetPaymentSchema() })
      if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
      const { target, budgetLine, voucherNumber, paidOn, amount } = submission.value
      try {
        await recordBudgetPayment(ctx, contractId, {
          target,
          budgetLine,
          voucherNumber,
          paidOn,
          amountFen: amount,
        })
        return done('budget')
      } catch (error) {
        return answerModelError(error, submission)
      }
    }
    case 'offline': {
      // Only the paying enterprise may send a file here: refuse others before storing anything.
      await requireOfflinePayer(ctx, contractId).catch(throwModelError)
      const submission = parseWithZod(formData, { schema: offlinePaymentSchema() })
      if (submission.status !== 'success' || Object.keys(fileErrors).length > 0)
        return data(submission.reply({ fieldErrors: fileErrors }), { status: 400 })
      if (isStripeConfigured())
        return data(submission.reply({ formErrors: ['平台已开通在线支付，请使用在线支付'] }), {
          status: 400,
        })
      const { target, voucherNumber, paidOn, amount } = submission.value
      try {
        const voucherUploadId = await storeChosenFile(ctx, formData, 'voucher')
        await recordOfflineTransfer(ctx, contractId, {
          target,
          voucherNumber,
          paidOn,
          amountFen: amount,
          voucherUploadId,
        })
        return done('offline')
      } catch (error) {
        return answerModelError(error, submission)
      }
    }
    default:
      throw new Response('未知的操作', { status: 400 })
  }
}

function ReturnFromCheckout({
  page,
}: {
  page: ReturnType<typeof useLoaderData<typeof loader>>['page']
}) {
  const waiting = page.payments.some((p) => p.method === 'stripe' && p.status === 'pending')
  return (
    <p className="notice" role="status">
      支付结果以银行通知为准。
      {page.totals.settled
        ? '合同价款已付清。'
        : waiting
          ? '尚未收到银行通知，请稍后刷新本页查看。'
          : `当前未付金额 ${formatFenExact(page.totals.outstandingFen)}。`}
    </p>
  )
}

export default function ContractPaymentPage() {
  const d = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const { page } = d
  const buyer = page.viewer === 'buyer'
  const online = page.channel === 'online'
  const checkout = buyer && online && d.stripeConfigured
  const refundsDue = page.payments.filter((p) => p.status === 'refund_due')
  return (
    <div className="payment-page">
      <ContractNav contractId={page.contract.id} current="payment" />
      {d.returnedPaid ? <ReturnFromCheckout page={page} /> : null}
      {d.returnedCancelled ? (
        <p className="notice" role="status">
          已离开支付页面，款项未支付。
        </p>
      ) : null}
      {d.done ? (
        <p className="notice" role="status">
          {doneMessages[d.done]}
        </p>
      ) : null}

      <section className="contract-section">
        <h2>付款情况</h2>
        <PaymentSummary page={page} />
        <p className="field__hint">
          {online
            ? '采购人为企业：通过 Stripe 在线支付合同价款'
            : '采购人为政府部门：合同价款由财政国库支付，平台登记支付信息，不经手资金'}
          。平台不向中介机构收取任何费用。
        </p>
        {refundsDue.length > 0 ? (
          <p className="card" role="note">
            {refundsDue.length} 笔在线支付（共{' '}
            {formatFenExact(refundsDue.reduce((total, p) => total + p.amountFen, 0))}）将通过 Stripe
            原路退回。
          </p>
        ) : null}
        {page.offlineRefundFen > 0 ? (
          <p className="card" role="note">
            合同已解除：通过财政预算或线下转账支付的 {formatFenExact(page.offlineRefundFen)}{' '}
            不经平台流转，须由承接机构在平台外退回采购人。
          </p>
        ) : null}
      </section>

      <section className="contract-section">
        <h2>付款项</h2>
        <PaymentUnitsTable
          units={page.units}
          action={
            checkout
              ? (u) => (u.payable.ok ? <CheckoutButton unit={u} lastResult={lastResult} /> : '—')
              : undefined
          }
        />
      </section>

      <section className="contract-section">
        <h2>付款记录</h2>
        <PaymentRecords payments={page.payments} />
      </section>

      {/* Keyed by the payments so far: after one is recorded, the form starts afresh. */}
      {buyer && page.canPay && !online ? (
        <section className="contract-section payment-forms">
          <BudgetPaymentForm key={page.payments.length} page={page} lastResult={lastResult} />
        </section>
      ) : null}
      {buyer && page.canPay && online && !d.stripeConfigured ? (
        <section className="contract-section payment-forms">
          <p className="notice" role="note">
            在线支付未配置：请向承接机构银行转账，并在下方登记转账凭证。
          </p>
          <OfflinePaymentForm key={page.payments.length} page={page} lastResult={lastResult} />
        </section>
      ) : null}
      {page.viewer === 'agency' ? (
        <p className="field__hint">付款由采购人办理，承接机构在本页查看付款状态。</p>
      ) : null}
    </div>
  )
}
