import { getFormProps, type SubmissionResult, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form } from '@remix-run/react'
import { flagDecisions, ruleFlagSchema } from '#models/validation/collusion.ts'
import { CsrfInput } from '../csrf-input.tsx'
import { firstErrorField, FormErrors, RadioGroup, TextAreaField } from '../form-fields.tsx'

const decisionLabels = {
  agencies: {
    confirm: {
      label: '认定串通',
      hint: '对所列每家机构作出「串通投标」信用记录（待陈述意见，期满后计分并列入失信名单）',
    },
    dismiss: { label: '排除', hint: '不作处理，记录理由' },
  },
  buyer: {
    confirm: { label: '认定属实', hint: '记录认定并通知采购人' },
    dismiss: { label: '排除', hint: '不作处理，记录理由' },
  },
} as const

/** Confirm or dismiss one flag, with a reason; errors come back to this flag's form only. */
export function FlagRulingForm({
  flagId,
  side,
  lastResult,
}: {
  flagId: number
  side: 'agencies' | 'buyer'
  lastResult: SubmissionResult<string[]> | undefined
}) {
  const mine = lastResult?.initialValue?.flagId === String(flagId) ? lastResult : undefined
  const [form, fields] = useForm({
    id: `flag-${flagId}`,
    lastResult: mine,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ruleFlagSchema }),
  })
  const first = firstErrorField(['decision', 'reason'], form.allErrors)
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <h4>处理</h4>
      <CsrfInput />
      <input type="hidden" name="flagId" value={flagId} />
      <FormErrors
        id={`${form.id}-errors`}
        errors={[...(form.errors ?? []), ...(fields.flagId.errors ?? [])]}
      />
      <RadioGroup
        meta={fields.decision}
        legend="结论"
        options={flagDecisions.map((d) => ({ value: d, ...decisionLabels[side][d] }))}
        focus={first === 'decision'}
      />
      <TextAreaField
        meta={fields.reason}
        label="理由（核查经过和依据）"
        rows={3}
        required
        focus={first === 'reason'}
      />
      <button type="submit" className="button button--primary">
        提交
      </button>
    </Form>
  )
}
