import { getFormProps, type SubmissionResult, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form } from '@remix-run/react'
import {
  answerObjectionSchema,
  escalateObjectionSchema,
  fileObjectionSchema,
  withdrawObjectionSchema,
} from '#models/validation/objections.ts'
import { CsrfInput } from '../csrf-input.tsx'
import { firstErrorField, FormErrors, TextAreaField } from '../form-fields.tsx'
import { FileField } from '../offering-fields.tsx'

type LastResult = SubmissionResult<string[]> | undefined

/** The action's answer belongs to the form that sent it: same intent, same objection. */
function ownResult(lastResult: LastResult, intent: string, objectionId?: string) {
  const sent = lastResult?.initialValue
  if (sent?.intent !== intent) return undefined
  return objectionId && sent.objectionId !== objectionId ? undefined : lastResult
}

/** Errors on fields the form does not show (the objection's id), shown at its top. */
const hiddenErrors = (errors: Record<string, string[]>, shown: string[]) =>
  Object.entries(errors)
    .filter(([name]) => name !== '' && !shown.includes(name))
    .flatMap(([, messages]) => messages)

export function FileObjectionForm({ lastResult }: { lastResult: LastResult }) {
  const [form, fields] = useForm({
    id: 'file-objection',
    lastResult: ownResult(lastResult, 'file'),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: fileObjectionSchema }),
  })
  const first = firstErrorField(['grounds', 'file'], form.allErrors)
  return (
    <Form
      method="post"
      encType="multipart/form-data"
      {...getFormProps(form)}
      className="card stack objection-form"
    >
      <h3>提出质疑</h3>
      <CsrfInput />
      <input type="hidden" name="intent" value="file" />
      <FormErrors id={`${form.id}-errors`} errors={form.errors} />
      <TextAreaField
        meta={fields.grounds}
        label="质疑事项和理由"
        hint="写明对中选结果的哪一点有异议、事实和依据、请求如何处理；质疑人名称和内容将公开。"
        rows={6}
        required
        focus={first === 'grounds'}
      />
      <FileField
        meta={fields.file}
        label="证明材料（选填）"
        hint="PDF、JPG 或 PNG，不超过 10 MB，将随质疑公开"
        accept="application/pdf,image/png,image/jpeg"
        focus={first === 'file'}
      />
      <button type="submit" className="button button--primary">
        提交质疑
      </button>
    </Form>
  )
}

export function AnswerObjectionForm({
  objectionId,
  lastResult,
}: {
  objectionId: string
  lastResult: LastResult
}) {
  const [form, fields] = useForm({
    id: `answer-${objectionId}`,
    lastResult: ownResult(lastResult, 'answer', objectionId),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: answerObjectionSchema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="stack objection-form">
      <CsrfInput />
      <input type="hidden" name="intent" value="answer" />
      <input type="hidden" name="objectionId" value={objectionId} />
      <FormErrors
        id={`${form.id}-errors`}
        errors={[...(form.errors ?? []), ...hiddenErrors(form.allErrors, ['answer'])]}
      />
      <TextAreaField
        meta={fields.answer}
        label="书面答复"
        hint="答复将公开；逾期答复仍可提交，并标为“逾期答复”。"
        rows={4}
        required
        focus={Boolean(fields.answer.errors)}
      />
      <button type="submit" className="button button--primary">
        提交答复
      </button>
    </Form>
  )
}

export function EscalateObjectionForm({
  objectionId,
  answered,
  lastResult,
}: {
  objectionId: string
  answered: boolean
  lastResult: LastResult
}) {
  const [form, fields] = useForm({
    id: `escalate-${objectionId}`,
    lastResult: ownResult(lastResult, 'escalate', objectionId),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: escalateObjectionSchema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="stack objection-form">
      <CsrfInput />
      <input type="hidden" name="intent" value="escalate" />
      <input type="hidden" name="objectionId" value={objectionId} />
      <FormErrors
        id={`${form.id}-errors`}
        errors={[...(form.errors ?? []), ...hiddenErrors(form.allErrors, ['reason'])]}
      />
      <TextAreaField
        meta={fields.reason}
        label="提请监管部门处理"
        hint={
          answered
            ? '说明对答复不满意的理由；监管部门裁决后通知全部参与机构。'
            : '采购人逾期未答复，可说明情况后提请监管部门处理。'
        }
        rows={3}
        required
        focus={Boolean(fields.reason.errors)}
      />
      <button type="submit" className="button">
        提请监管处理
      </button>
    </Form>
  )
}

export function WithdrawObjectionForm({
  objectionId,
  lastResult,
}: {
  objectionId: string
  lastResult: LastResult
}) {
  const [form] = useForm({
    id: `withdraw-${objectionId}`,
    lastResult: ownResult(lastResult, 'withdraw', objectionId),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: withdrawObjectionSchema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="objection-form">
      <CsrfInput />
      <input type="hidden" name="intent" value="withdraw" />
      <input type="hidden" name="objectionId" value={objectionId} />
      <FormErrors
        id={`${form.id}-errors`}
        errors={[...(form.errors ?? []), ...hiddenErrors(form.allErrors, [])]}
      />
      <button type="submit" className="button button--quiet">
        撤回质疑
      </button>
    </Form>
  )
}
