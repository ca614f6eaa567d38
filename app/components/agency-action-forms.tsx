import { getFormProps, type SubmissionResult, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form } from '@remix-run/react'
import {
  reasonedActionSchema,
  type ReasonedIntent,
  verifyOrganisationSchema,
} from '#models/validation/supervision.ts'
import { CsrfInput } from './csrf-input.tsx'
import { firstErrorField, FormErrors, TextAreaField } from './form-fields.tsx'

export type ActionIntent = 'verify' | ReasonedIntent

interface ActionFormProps {
  intent: ActionIntent
  title: string
  hint: string
  button: string
  lastResult: SubmissionResult<string[]> | undefined
}

/** One supervisor decision as its own POST form; the answer goes back to the form that sent it. */
export function SupervisionActionForm({
  intent,
  title,
  hint,
  button,
  lastResult,
}: ActionFormProps) {
  const schema = intent === 'verify' ? verifyOrganisationSchema : reasonedActionSchema
  const field = intent === 'verify' ? 'note' : 'reason'
  const mine = lastResult?.initialValue?.intent === intent ? lastResult : undefined
  const [form, fields] = useForm({
    id: `action-${intent}`,
    lastResult: mine,
    shouldValidate: 'onBlur',
    // Errors clear while typing: clearing them on blur would shift the button mid-click.
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  })
  const first = firstErrorField([field], form.allErrors)
  return (
    <Form method="post" {...getFormProps(form)} className="card stack">
      <h3>{title}</h3>
      <CsrfInput />
      <input type="hidden" name="intent" value={intent} />
      <FormErrors id={`${form.id}-errors`} errors={form.errors} />
      <TextAreaField
        meta={intent === 'verify' ? fields.note : fields.reason}
        label={intent === 'verify' ? '核验说明（选填）' : '理由（向公众公开）'}
        hint={hint}
        rows={3}
        required={intent !== 'verify'}
        focus={first === field}
      />
      <button type="submit" className="button button--primary">
        {button}
      </button>
    </Form>
  )
}
