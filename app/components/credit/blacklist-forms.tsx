import { getFormProps, getInputProps, type SubmissionResult, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form } from '@remix-run/react'
import {
  BLACKLIST_MAX_MONTHS,
  BLACKLIST_MIN_MONTHS,
  blacklistAgencySchema,
  liftBlacklistSchema,
} from '#models/validation/blacklist.ts'
import { CsrfInput } from '../csrf-input.tsx'
import {
  FieldErrors,
  FieldHint,
  firstErrorField,
  FormErrors,
  TextAreaField,
} from '../form-fields.tsx'

type LastResult = SubmissionResult<string[]> | undefined

/** The action's answer belongs to the form that sent it: same intent (and entry, for lifts). */
function ownResult(lastResult: LastResult, intent: string, entryId?: string) {
  const sent = lastResult?.initialValue
  if (sent?.intent !== intent) return undefined
  return entryId && sent.entryId !== entryId ? undefined : lastResult
}

/** Errors on hidden fields (the agency's or entry's id) are shown at the form's top. */
const hiddenErrors = (errors: Record<string, string[]>, hidden: string) => [
  ...(errors[''] ?? []),
  ...(errors[hidden] ?? []),
]

/** A supervisor's decision to blacklist one agency: a public reason and a term in months. */
export function BlacklistAgencyForm({
  agencyId,
  alreadyListed,
  lastResult,
}: {
  agencyId: string
  /** Listed now: a further listing is a repeat that counts towards removal, so it is confirmed. */
  alreadyListed: boolean
  lastResult: LastResult
}) {
  const [form, fields] = useForm({
    id: 'blacklist-agency',
    lastResult: ownResult(lastResult, 'blacklist'),
    defaultValue: { months: '6' },
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: blacklistAgencySchema }),
  })
  const first = firstErrorField(['reason', 'months', 'again'], form.allErrors)
  const again = getInputProps(fields.again, { type: 'checkbox' })
  const months = getInputProps(fields.months, { type: 'number', ariaDescribedBy: 'months-hint' })
  return (
    <Form method="post" {...getFormProps(form)} className="card stack">
      <h2>{alreadyListed ? '再次列入失信名单' : '列入失信名单'}</h2>
      <CsrfInput />
      <input type="hidden" name="intent" value="blacklist" />
      <input type="hidden" name="agencyId" value={agencyId} />
      <FormErrors id={`${form.id}-errors`} errors={hiddenErrors(form.allErrors, 'agencyId')} />
      <TextAreaField
        meta={fields.reason}
        label="列入理由（向公众公开）"
        hint="写明查实的事实和依据，至少 5 个字。"
        rows={4}
        required
        focus={first === 'reason'}
      />
      <div className={fields.months.errors ? 'field field--invalid' : 'field'}>
        <label htmlFor={fields.months.id}>
          期限（月）
          <span className="required" aria-hidden="true">
            {' '}
            *
          </span>
        </label>
        <FieldHint
          id="months-hint"
          hint={`${BLACKLIST_MIN_MONTHS}–${BLACKLIST_MAX_MONTHS} 个月，自即时起算。`}
        />
        <input
          {...months}
          key={months.key}
          min={BLACKLIST_MIN_MONTHS}
          max={BLACKLIST_MAX_MONTHS}
          step={1}
          required
          autoFocus={first === 'months'}
        />
        <FieldErrors id={fields.months.errorId} errors={fields.months.errors} />
      </div>
      <p className="field__hint">
        即时生效：该机构不能报价、报名或被抽取，在投报价被搁置，并从搜索中隐去；多次列入将被清退。
      </p>
      {alreadyListed || fields.again.errors ? (
        <div className={fields.again.errors ? 'field field--invalid' : 'field'}>
          <label className="choice">
            <input {...again} key={again.key} autoFocus={first === 'again'} />
            <span>
              确认再次列入：这是另一项查实的失信行为
              <small>
                该机构已在名单中，再次列入会计入清退次数，可能使其被清退出市场；只调整期限的，请先提前移出原记录。
              </small>
            </span>
          </label>
          <FieldErrors id={fields.again.errorId} errors={fields.again.errors} />
        </div>
      ) : null}
      <button type="submit" className="button button--primary">
        列入失信名单
      </button>
    </Form>
  )
}

/** Ends one entry before its term, with a public reason. */
export function LiftBlacklistForm({
  entryId,
  lastResult,
}: {
  entryId: string
  lastResult: LastResult
}) {
  const [form, fields] = useForm({
    id: `lift-${entryId}`,
    lastResult: ownResult(lastResult, 'lift', entryId),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: liftBlacklistSchema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <CsrfInput />
      <input type="hidden" name="intent" value="lift" />
      <input type="hidden" name="entryId" value={entryId} />
      <FormErrors id={`${form.id}-errors`} errors={hiddenErrors(form.allErrors, 'entryId')} />
      <TextAreaField
        meta={fields.reason}
        label="提前移出的理由"
        hint="向公众公开，至少 5 个字。"
        rows={2}
        required
      />
      <button type="submit" className="button">
        提前移出
      </button>
    </Form>
  )
}
