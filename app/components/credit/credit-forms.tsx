import { getFormProps, type SubmissionResult, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form } from '@remix-run/react'
import {
  appealRulingNames,
  appealRulings,
  appealSchema,
  decideFindingSchema,
  findingDecisionNames,
  findingDecisions,
  replyFindingSchema,
  ruleAppealSchema,
} from '#models/validation/credit-findings.ts'
import { CsrfInput } from '../csrf-input.tsx'
import { firstErrorField, FormErrors, RadioGroup, TextAreaField } from '../form-fields.tsx'
import { FileField } from '../offering-fields.tsx'

// The credit page's forms: the agency's reply and appeal, a supervisor's decision and ruling.
// Each answer of the action comes back only to the form that sent it (same intent and id).

type LastResult = SubmissionResult<string[]> | undefined

function ownResult(lastResult: LastResult, intent: string, key: string, id: string) {
  const sent = lastResult?.initialValue
  return sent?.intent === intent && sent[key] === id ? lastResult : undefined
}

/** Errors on fields the form does not show (the hidden id), shown at its top. */
const hiddenErrors = (errors: Record<string, string[]>, shown: string[]) =>
  Object.entries(errors)
    .filter(([name]) => name !== '' && !shown.includes(name))
    .flatMap(([, messages]) => messages)

const options = { shouldValidate: 'onBlur', shouldRevalidate: 'onInput' } as const

export function ReplyForm({ recordId, lastResult }: { recordId: string; lastResult: LastResult }) {
  const [form, fields] = useForm({
    id: `reply-${recordId}`,
    lastResult: ownResult(lastResult, 'reply', 'recordId', recordId),
    ...options,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: replyFindingSchema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="stack credit-form">
      <CsrfInput />
      <input type="hidden" name="intent" value="reply" />
      <input type="hidden" name="recordId" value={recordId} />
      <FormErrors
        id={`${form.id}-errors`}
        errors={[...(form.errors ?? []), ...hiddenErrors(form.allErrors, ['reply'])]}
      />
      <TextAreaField
        meta={fields.reply}
        label="陈述意见"
        hint="只能陈述一次，将公开显示在本记录下。陈述后由监管部门决定维持或撤回；期限内未陈述的，认定自动生效。"
        rows={4}
        required
        focus={Boolean(fields.reply.errors)}
      />
      <button type="submit" className="button button--primary">
        提交陈述意见
      </button>
    </Form>
  )
}

export function AppealForm({ recordId, lastResult }: { recordId: string; lastResult: LastResult }) {
  const [form, fields] = useForm({
    id: `appeal-${recordId}`,
    lastResult: ownResult(lastResult, 'appeal', 'recordId', recordId),
    ...options,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: appealSchema }),
  })
  const first = firstErrorField(['grounds', 'file'], form.allErrors)
  return (
    <details className="credit-form" open={Object.keys(form.allErrors).length > 0}>
      <summary>对本记录申诉</summary>
      <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="stack">
        <CsrfInput />
        <input type="hidden" name="intent" value="appeal" />
        <input type="hidden" name="recordId" value={recordId} />
        <FormErrors
          id={`${form.id}-errors`}
          errors={[...(form.errors ?? []), ...hiddenErrors(form.allErrors, ['grounds', 'file'])]}
        />
        <TextAreaField
          meta={fields.grounds}
          label="申诉理由"
          hint="写明事实和依据；申诉及裁决将公开。申诉成立的，记录撤销、分数恢复，因此列入的失信名单一并解除。"
          rows={5}
          required
          focus={first === 'grounds'}
        />
        <FileField
          meta={fields.file}
          label="证明材料（选填）"
          hint="PDF、JPG 或 PNG，不超过 10 MB，将随申诉公开"
          accept="application/pdf,image/png,image/jpeg"
          focus={first === 'file'}
        />
        <button type="submit" className="button">
          提交申诉
        </button>
      </Form>
    </details>
  )
}

export function DecideForm({
  recordId,
  replied,
  lastResult,
}: {
  recordId: string
  replied: boolean
  lastResult: LastResult
}) {
  const [form, fields] = useForm({
    id: `decide-${recordId}`,
    lastResult: ownResult(lastResult, 'decide', 'recordId', recordId),
    ...options,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: decideFindingSchema }),
  })
  const first = firstErrorField(['decision', 'reason'], form.allErrors)
  // Without a reply the finding becomes final by itself when the window closes.
  const choices = replied ? findingDecisions : (['withdraw'] as const)
  return (
    <Form method="post" {...getFormProps(form)} className="stack credit-form">
      <CsrfInput />
      <input type="hidden" name="intent" value="decide" />
      <input type="hidden" name="recordId" value={recordId} />
      <FormErrors
        id={`${form.id}-errors`}
        errors={[...(form.errors ?? []), ...hiddenErrors(form.allErrors, ['decision', 'reason'])]}
      />
      <RadioGroup
        meta={fields.decision}
        legend={replied ? '监管部门决定' : '撤回认定（机构尚未陈述意见；期满未陈述的自动生效）'}
        options={choices.map((d) => ({ value: d, label: findingDecisionNames[d] }))}
        focus={first === 'decision'}
      />
      <TextAreaField
        meta={fields.reason}
        label="理由（公开）"
        rows={3}
        required
        focus={first === 'reason'}
      />
      <button type="submit" className="button button--primary">
        提交决定
      </button>
    </Form>
  )
}

export function RuleAppealForm({
  appealId,
  lastResult,
}: {
  appealId: string
  lastResult: LastResult
}) {
  const [form, fields] = useForm({
    id: `rule-${appealId}`,
    lastResult: ownResult(lastResult, 'rule', 'appealId', appealId),
    ...options,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ruleAppealSchema }),
  })
  const first = firstErrorField(['ruling', 'reason'], form.allErrors)
  return (
    <Form method="post" {...getFormProps(form)} className="stack credit-form">
      <CsrfInput />
      <input type="hidden" name="intent" value="rule" />
      <input type="hidden" name="appealId" value={appealId} />
      <FormErrors
        id={`${form.id}-errors`}
        errors={[...(form.errors ?? []), ...hiddenErrors(form.allErrors, ['ruling', 'reason'])]}
      />
      <RadioGroup
        meta={fields.ruling}
        legend="申诉裁决"
        options={appealRulings.map((r) => ({ value: r, label: appealRulingNames[r] }))}
        focus={first === 'ruling'}
      />
      <TextAreaField
        meta={fields.reason}
        label="裁决理由（公开）"
        rows={3}
        required
        focus={first === 'reason'}
      />
      <button type="submit" className="button button--primary">
        提交裁决
      </button>
    </Form>
  )
}
