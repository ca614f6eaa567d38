import { getFormProps, getInputProps, type SubmissionResult, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form } from '@remix-run/react'
import {
  acceptInvitationSchema,
  declineInvitationSchema,
  explainLowPriceSchema,
  withdrawBidSchema,
} from '#models/validation/bid-responses.ts'
import { CsrfInput } from './csrf-input.tsx'
import { FieldErrors, FormErrors, TextAreaField, TextField } from './form-fields.tsx'

// The agency's answers on a bid page other than the bid itself; each its own POST form.

type Result = SubmissionResult<string[]> | undefined

const options = { shouldValidate: 'onBlur', shouldRevalidate: 'onInput' } as const

export function WithdrawForm({ noun, lastResult }: { noun: string; lastResult: Result }) {
  const [form, fields] = useForm({
    ...options,
    id: 'withdraw',
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: withdrawBidSchema }),
  })
  const confirm = getInputProps(fields.confirm, { type: 'checkbox', value: 'yes' })
  return (
    <Form method="post" {...getFormProps(form)} className="card stack">
      <h3>撤回{noun}</h3>
      <CsrfInput />
      <input type="hidden" name="intent" value="withdraw" />
      <FormErrors id={`${form.id}-errors`} errors={form.errors} />
      <div className={fields.confirm.errors ? 'field field--invalid' : 'field'}>
        <label className="choice">
          <input {...confirm} key={confirm.key} />
          <span>我确认撤回本机构在本项目的{noun}（截止前可重新提交）</span>
        </label>
        <FieldErrors id={fields.confirm.errorId} errors={fields.confirm.errors} />
      </div>
      <button type="submit" className="button">
        撤回{noun}
      </button>
    </Form>
  )
}

export function ExplainForm({ dueAt, lastResult }: { dueAt: string; lastResult: Result }) {
  const [form, fields] = useForm({
    ...options,
    id: 'explain',
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: explainLowPriceSchema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="card stack">
      <h3>提交异常低价说明</h3>
      <p>
        贵机构的报价明显低于其他有效报价，须在 <strong>{dueAt}</strong>{' '}
        前说明能按质完成的理由；逾期未说明视为不采纳。
      </p>
      <CsrfInput />
      <input type="hidden" name="intent" value="explain" />
      <FormErrors id={`${form.id}-errors`} errors={form.errors} />
      <TextAreaField
        meta={fields.explanation}
        label="说明"
        hint="成本构成、已有数据或设备等，10–3000 字"
        required
        focus={Boolean(fields.explanation.errors)}
      />
      <button type="submit" className="button button--primary">
        提交说明
      </button>
    </Form>
  )
}

export function InvitationForms({
  capHint,
  acceptResult,
  declineResult,
}: {
  capHint: string
  acceptResult: Result
  declineResult: Result
}) {
  const [accept, acceptFields] = useForm({
    ...options,
    id: 'accept',
    lastResult: acceptResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: acceptInvitationSchema }),
  })
  const [decline, declineFields] = useForm({
    ...options,
    id: 'decline',
    lastResult: declineResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: declineInvitationSchema }),
  })
  return (
    <div className="answer-forms">
      <Form method="post" {...getFormProps(accept)} className="card stack">
        <h3>接受邀请</h3>
        <CsrfInput />
        <input type="hidden" name="intent" value="accept" />
        <FormErrors id={`${accept.id}-errors`} errors={accept.errors} />
        <TextField
          meta={acceptFields.price}
          label="报价（元）"
          hint={capHint}
          required
          focus={Boolean(acceptFields.price.errors)}
        />
        <button type="submit" className="button button--primary">
          接受并报价
        </button>
      </Form>
      <Form method="post" {...getFormProps(decline)} className="card stack">
        <h3>谢绝邀请</h3>
        <CsrfInput />
        <input type="hidden" name="intent" value="decline" />
        <FormErrors id={`${decline.id}-errors`} errors={decline.errors} />
        <TextAreaField
          meta={declineFields.reason}
          label="谢绝理由（向公众公开）"
          rows={3}
          required
          focus={Boolean(declineFields.reason.errors)}
        />
        <button type="submit" className="button">
          谢绝
        </button>
      </Form>
    </div>
  )
}
