import { Form } from '@remix-run/react'
import type { checkReceipt, receiptDocument } from '#models/bid-receipts.ts'
import { formatFen } from '#models/rules/money.ts'
import { formatDateTime } from '../utils/format.ts'

type Receipt = ReturnType<typeof receiptDocument>

/**
 * The receipt (回执) shown once, right after a bid is stored: the only place the price
 * appears before opening. The download is a data: URL, so it works without JavaScript.
 */
export function BidReceiptCard({ receipt, noun }: { receipt: Receipt; noun: string }) {
  const href = `data:application/json;charset=utf-8,${encodeURIComponent(
    JSON.stringify(receipt, null, 2),
  )}`
  const fileName = `回执-${receipt.projectId.slice(0, 8)}-第${receipt.revision}版.json`
  return (
    <section className="receipt" aria-labelledby="receipt-title" id="receipt">
      <h2 id="receipt-title">
        {noun}回执（第 {receipt.revision} 版）
      </h2>
      <p className="receipt__warning" role="status">
        {noun}已密封保存。请下载并妥善保存本回执：开标前平台不会再显示报价金额，开标后凭回执核对。
      </p>
      <dl className="details">
        <dt>项目编号</dt>
        <dd className="mono">{receipt.projectId}</dd>
        <dt>机构编号</dt>
        <dd className="mono">{receipt.agencyId}</dd>
        <dt>版本</dt>
        <dd>第 {receipt.revision} 版</dd>
        <dt>报价</dt>
        <dd>
          <strong>{formatFen(receipt.priceFen)}</strong>（{receipt.priceYuan} 元 ={' '}
          <span className="mono">{receipt.priceFen}</span> 分）
        </dd>
        <dt>盐值（salt）</dt>
        <dd className="mono">{receipt.salt}</dd>
        <dt>承诺值（commitment）</dt>
        <dd className="mono">{receipt.commitment}</dd>
        <dt>提交时间</dt>
        <dd>{formatDateTime(receipt.submittedAt)}</dd>
        <dt>计算方法</dt>
        <dd>
          <span className="mono">{receipt.formula}</span>
          <br />
          即对 <span className="mono">{receipt.commitmentInput}</span> 计算 SHA-256
        </dd>
      </dl>
      <p>
        <a className="button button--primary" href={href} download={fileName}>
          下载回执
        </a>
      </p>
    </section>
  )
}

type Check = ReturnType<typeof checkReceipt>

/** 核对回执 after opening: the commitment recomputed from the opened price and salt. */
export function ReceiptCheck({ check, pasted }: { check: Check; pasted: string }) {
  return (
    <section aria-labelledby="check-title" className="card stack">
      <h3 id="check-title">核对回执</h3>
      <dl className="details">
        <dt>计算输入</dt>
        <dd className="mono">{check.input}</dd>
        <dt>重新计算的承诺值</dt>
        <dd className="mono">{check.recomputed}</dd>
        <dt>与公开的承诺值</dt>
        <dd>
          {check.matchesPublished ? (
            <span className="badge badge--ok">一致</span>
          ) : (
            <span className="badge badge--bad">不一致</span>
          )}
        </dd>
        {check.receipt ? (
          <>
            <dt>与您的回执</dt>
            <dd>
              {check.receipt.commitment == null ? (
                <span className="badge badge--warn">未找到承诺值</span>
              ) : check.receipt.matches ? (
                <span className="badge badge--ok">一致：开标价格就是您提交的价格</span>
              ) : (
                <span className="badge badge--bad">不一致，请联系监管部门</span>
              )}
              {check.receipt.priceMatches === false ? (
                <span className="badge badge--bad">回执中的报价与开标价格不同</span>
              ) : null}
            </dd>
          </>
        ) : null}
      </dl>
      <Form method="get" className="stack">
        <div className="field">
          <label htmlFor="receipt-text">粘贴回执内容（整个 JSON 或其中的承诺值）</label>
          <textarea id="receipt-text" name="receipt" rows={4} defaultValue={pasted} />
        </div>
        <button type="submit" className="button">
          核对
        </button>
      </Form>
    </section>
  )
}
