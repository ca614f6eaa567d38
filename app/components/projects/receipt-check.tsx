import type { ReceiptCheck, ReceiptQuery } from '#models/project-disclosure.ts'
import { fenToYuanText } from '#models/rules/money.ts'

type Check =
  | Exclude<ReceiptCheck, { kind: 'checked' }>
  | {
      kind: 'checked'
      matches: boolean
      sameAsOpened: boolean
      priceFen: number
      input: string
      computed: string
      bid: {
        id: string
        agencyName: string
        commitment: string
        revision: number
        priceFen: number | null
      }
    }

function Field({
  name,
  label,
  hint,
  value,
  error,
}: {
  name: keyof ReceiptQuery
  label: string
  hint: string
  value: string
  error?: string
}) {
  const id = `receipt-${name}`
  return (
    <div className={error ? 'field field--invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <p id={`${id}-hint`} className="field__hint">
        {hint}
      </p>
      <input
        id={id}
        name={name}
        defaultValue={value}
        required
        autoComplete="off"
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
      />
      {error ? (
        <p id={`${id}-error`} className="field__error">
          {error}
        </p>
      ) : null}
    </div>
  )
}

function Outcome({ check }: { check: Check }) {
  if (check.kind === 'invalid') return null
  if (check.kind === 'not_found')
    return (
      <div className="form-errors" role="status">
        <p>
          开标记录中没有这个承诺值或报价编号。请确认粘贴的是本项目最后一次提交（或修改）报价后得到的回执。
        </p>
      </div>
    )
  const { bid } = check
  return (
    <div className={check.matches ? 'notice' : 'form-errors'} role="status">
      <p>
        <strong>{check.matches ? '一致' : '不一致'}</strong>：{bid.agencyName}的报价（第{' '}
        {bid.revision} 版）。
      </p>
      <p>
        按您填写的内容计算 SHA-256(<span className="mono hex">{check.input}</span>) ={' '}
        <span className="mono hex">{check.computed}</span>
      </p>
      <p>
        开标公开的承诺值：<span className="mono hex">{bid.commitment}</span>
      </p>
      {check.matches ? (
        <p>
          承诺值相符，开标公开的报价{' '}
          {bid.priceFen == null ? '—' : `${fenToYuanText(bid.priceFen)} 元`}{' '}
          {check.sameAsOpened ? '与回执一致' : '与回执不同，请向监管人员反映'}。
        </p>
      ) : (
        <p>
          请检查报价金额（{fenToYuanText(check.priceFen)}{' '}
          元）和随机数是否与回执完全相同；报价修改过的，请用最后一版回执。
        </p>
      )}
    </div>
  )
}

/** A GET form, so a bidder can check its receipt without JavaScript or signing in. */
export function ReceiptCheckForm({
  action,
  query,
  check,
}: {
  action: string
  query: ReceiptQuery
  check: Check | null
}) {
  const errors = check?.kind === 'invalid' ? check.fieldErrors : {}
  return (
    <section aria-labelledby="receipt-check" className="receipt-check">
      <h2 id="receipt-check">核对回执</h2>
      <p>
        提交报价时您得到一张回执，上面有承诺值 =
        SHA-256(项目编号|机构编号|报价（分）|随机数)。填入回执上的内容，核对开标公开的报价是否就是您提交的报价。
      </p>
      <form method="get" action={`${action}#receipt-check`} className="stack">
        <Field
          name="ref"
          label="承诺值或报价编号"
          hint="回执上的承诺值（64 位十六进制）或报价编号"
          value={query.ref}
          error={errors.ref}
        />
        <Field
          name="salt"
          label="随机数（salt）"
          hint="回执上的随机数"
          value={query.salt}
          error={errors.salt}
        />
        <Field
          name="price"
          label="报价（元）"
          hint="回执上的报价金额，如 39500 或 3.95万"
          value={query.price}
          error={errors.price}
        />
        <p>
          <button type="submit" className="button button--primary">
            核对
          </button>
        </p>
      </form>
      {check ? <Outcome check={check} /> : null}
    </section>
  )
}
