import type { ReactNode } from 'react'
import type { PaymentPage } from '#models/payments.ts'
import { formatFenExact } from '#models/rules/money.ts'
import {
  paymentMethodNames,
  paymentStatusNames,
  type PaymentStatus,
} from '#models/rules/payments.ts'
import { formatDate, formatDateTime, formatDayKey } from '../../utils/format.ts'

const statusBadge: Record<PaymentStatus, string> = {
  pending: 'badge badge--warn',
  paid: 'badge badge--ok',
  refunded: 'badge',
  expired: 'badge',
  refund_due: 'badge badge--warn',
}

/** Amount, paid, owed, and where the buyer stands against the payment deadline. */
export function PaymentSummary({ page }: { page: PaymentPage }) {
  const { totals, due } = page
  return (
    <>
      <div className="clock-figures">
        <div>
          合同金额<strong>{formatFenExact(totals.amountFen)}</strong>
        </div>
        <div>
          已付<strong>{formatFenExact(totals.paidFen)}</strong>
        </div>
        <div className={due.kind === 'late' ? 'clock-overdue' : undefined}>
          未付<strong>{formatFenExact(totals.outstandingFen)}</strong>
        </div>
      </div>
      <p>
        <DueState due={due} paymentDays={page.paymentDays} />
      </p>
    </>
  )
}

function DueState({
  due,
  paymentDays,
}: {
  due: PaymentPage['due']
  paymentDays: number
}): ReactNode {
  switch (due.kind) {
    case 'before_acceptance':
      return `付款期限：验收通过后 ${paymentDays} 日内付清；付款节点约定的款项可在验收前支付。`
    case 'ended':
      return '合同已终止，不再付款。'
    case 'due':
      return (
        <>
          付款期限 <strong>{formatDate(due.dueAt)}</strong>（还有 {due.daysLeft} 天）
        </>
      )
    case 'late':
      return (
        <>
          <span className="badge badge--bad">付款逾期</span> 付款期限 {formatDate(due.dueAt)}
          ，已逾期 {due.daysLate} 天；逾期付款已记入采购人的履约记录。
        </>
      )
    case 'paid':
      return (
        <>
          <span className="badge badge--ok">已付清</span> {formatDateTime(due.paidAt)}
          {due.wasLate ? <span className="badge badge--bad">逾期付款</span> : null}
        </>
      )
  }
}

/** Each milestone (or the whole contract) with what is paid and owed; `action` adds a cell per row. */
export function PaymentUnitsTable({
  units,
  action,
}: {
  units: PaymentPage['units']
  action?: (unit: PaymentPage['units'][number]) => ReactNode
}) {
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">付款项</caption>
        <thead>
          <tr>
            <th scope="col">付款项</th>
            <th scope="col">金额</th>
            <th scope="col">已付</th>
            <th scope="col">未付</th>
            <th scope="col">状态</th>
            {action ? <th scope="col">操作</th> : null}
          </tr>
        </thead>
        <tbody>
          {units.map((u) => (
            <tr key={u.target}>
              <td>{u.name}</td>
              <td>{formatFenExact(u.amountFen)}</td>
              <td>{formatFenExact(u.paidFen)}</td>
              <td>{formatFenExact(u.outstandingFen)}</td>
              <td className="wrap-cell">
                {u.outstandingFen === 0 ? (
                  <span className="badge badge--ok">已付清</span>
                ) : u.pendingFen > 0 ? (
                  <span className="badge badge--warn">在线支付处理中</span>
                ) : u.payable.ok ? (
                  '待支付'
                ) : (
                  u.payable.reason
                )}
              </td>
              {action ? <td>{action(u)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** Every payment, with how it was made and where it stands; both parties see the same list. */
export function PaymentRecords({ payments }: { payments: PaymentPage['payments'] }) {
  if (payments.length === 0) return <p>暂无付款记录。</p>
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">付款记录</caption>
        <thead>
          <tr>
            <th scope="col">付款项</th>
            <th scope="col">方式</th>
            <th scope="col">金额</th>
            <th scope="col">状态</th>
            <th scope="col">凭证</th>
            <th scope="col">登记</th>
          </tr>
        </thead>
        <tbody>
          {payments.map((p) => (
            <tr key={p.id}>
              <td>{p.unitName}</td>
              <td>{paymentMethodNames[p.method]}</td>
              <td>{formatFenExact(p.amountFen)}</td>
              <td>
                <span className={statusBadge[p.status]}>{paymentStatusNames[p.status]}</span>
                {p.method === 'stripe' && p.paidAt ? <> 到账 {formatDateTime(p.paidAt)}</> : null}
                {p.refundedAt ? <> 退款 {formatDateTime(p.refundedAt)}</> : null}
              </td>
              <td className="wrap-cell">
                {p.budgetLine ? <>预算指标 {p.budgetLine}；</> : null}
                {p.voucherNumber ? <>凭证号 {p.voucherNumber}</> : null}
                {p.paidOn ? <>，付款日期 {formatDayKey(p.paidOn)}</> : null}
                {p.voucherUploadId ? (
                  <>
                    {' '}
                    <a href={`/uploads/${p.voucherUploadId}`}>凭证文件</a>
                  </>
                ) : null}
                {p.method === 'stripe' ? 'Stripe 在线支付' : null}
              </td>
              <td>
                {formatDateTime(p.createdAt)}
                {p.recordedByName ? <> · {p.recordedByName}</> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
