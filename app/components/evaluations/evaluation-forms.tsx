import { type FieldMetadata, getFormProps, type SubmissionResult, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form } from '@remix-run/react'
import {
  COMMENT_MAX_LENGTH,
  dimensionsOf,
  type RaterKind,
  scoreDimensionNames,
  scoreValues,
  scoreWords,
} from '#models/rules/evaluations.ts'
import {
  approvalRatingSchema,
  buyerRatingSchema,
  hideCommentSchema,
  replySchema,
} from '#models/validation/evaluations.ts'
import { CsrfInput } from '../csrf-input.tsx'
import { FieldErrors, firstErrorField, FormErrors, TextAreaField } from '../form-fields.tsx'

type LastResult = SubmissionResult<string[]> | undefined

/** The action's answer belongs to the form that sent it: same intent, same evaluation. */
function ownResult(lastResult: LastResult, intent: string, evaluationId?: string) {
  const sent = lastResult?.initialValue
  if (sent?.intent !== intent) return undefined
  return evaluationId && sent.evaluationId !== evaluationId ? undefined : lastResult
}

/** Five radio buttons in a fieldset: the legend names the dimension, each label its meaning. */
function ScoreRadios({
  meta,
  legend,
  focus,
}: {
  meta: FieldMetadata<string | undefined>
  legend: string
  focus: boolean
}) {
  const current = meta.value ?? meta.initialValue
  return (
    <fieldset
      className={meta.errors ? 'field field--invalid score-field' : 'field score-field'}
      aria-describedby={meta.errors ? meta.errorId : undefined}
    >
      <legend>
        {legend}
        <span className="required" aria-hidden="true">
          {' '}
          *
        </span>
      </legend>
      <div className="score-choices">
        {scoreValues.map((n, i) => (
          <label key={n} className="choice">
            <input
              type="radio"
              name={meta.name}
              value={String(n)}
              defaultChecked={current === String(n)}
              required
              autoFocus={focus && i === 0}
              aria-invalid={meta.errors ? true : undefined}
            />
            <span>
              {n} 分<small>{scoreWords[n]}</small>
            </span>
          </label>
        ))}
      </div>
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </fieldset>
  )
}

/** The buyer's five scores, or the approval department's quality score, with a comment. */
export function RatingForm({ kind, lastResult }: { kind: RaterKind; lastResult: LastResult }) {
  const intent = kind === 'buyer' ? 'rate' : 'rate-quality'
  // The department's form is the buyer's less four scores, which it never renders.
  const schema = (
    kind === 'buyer' ? buyerRatingSchema : approvalRatingSchema
  ) as typeof buyerRatingSchema
  const dimensions = dimensionsOf(kind)
  const [form, fields] = useForm({
    id: `evaluation-${intent}`,
    lastResult: ownResult(lastResult, intent),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  })
  const first = firstErrorField([...dimensions, 'comment'], form.allErrors)
  return (
    <Form method="post" {...getFormProps(form)} className="card stack evaluation-form">
      <h3>{kind === 'buyer' ? '评价本次服务' : '评价服务成果质量（审批部门）'}</h3>
      <p className="field__hint">
        {kind === 'buyer'
          ? '请按实际履约情况逐项打分（1 分最低，5 分最高）。每份合同只能评价一次，提交后不能修改。'
          : '贵单位是本事项的审批部门，可对服务成果的质量单独打分。每份合同只能评价一次。'}
      </p>
      <CsrfInput />
      <input type="hidden" name="intent" value={intent} />
      <FormErrors id={`${form.id}-errors`} errors={form.errors} />
      {dimensions.map((d) => (
        <ScoreRadios key={d} meta={fields[d]} legend={scoreDimensionNames[d]} focus={first === d} />
      ))}
      <TextAreaField
        meta={fields.comment}
        label="评价内容（选填）"
        hint={`最多 ${COMMENT_MAX_LENGTH} 字，将在机构主页公开；请勿填写个人姓名、电话等信息。`}
        rows={4}
        focus={first === 'comment'}
      />
      <button type="submit" className="button button--primary">
        提交评价
      </button>
    </Form>
  )
}

/** Errors on fields the form does not show (the evaluation's id), shown at its top. */
const hiddenErrors = (errors: Record<string, string[]>, shown: string[]) =>
  Object.entries(errors)
    .filter(([name]) => name !== '' && !shown.includes(name))
    .flatMap(([, messages]) => messages)

export function ReplyForm({
  evaluationId,
  lastResult,
}: {
  evaluationId: string
  lastResult: LastResult
}) {
  const [form, fields] = useForm({
    id: `reply-${evaluationId}`,
    lastResult: ownResult(lastResult, 'reply', evaluationId),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: replySchema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="stack evaluation-form">
      <CsrfInput />
      <input type="hidden" name="intent" value="reply" />
      <input type="hidden" name="evaluationId" value={evaluationId} />
      <FormErrors
        id={`${form.id}-errors`}
        errors={[...(form.errors ?? []), ...hiddenErrors(form.allErrors, ['reply'])]}
      />
      <TextAreaField
        meta={fields.reply}
        label="回复评价"
        hint="回复将与评价一起公开，每条评价只能回复一次，提交后不能修改。"
        rows={3}
        required
        focus={Boolean(fields.reply.errors)}
      />
      <button type="submit" className="button">
        提交回复
      </button>
    </Form>
  )
}

export function HideCommentForm({
  evaluationId,
  lastResult,
}: {
  evaluationId: string
  lastResult: LastResult
}) {
  const [form, fields] = useForm({
    id: `hide-${evaluationId}`,
    lastResult: ownResult(lastResult, 'hide', evaluationId),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: hideCommentSchema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="stack evaluation-form">
      <CsrfInput />
      <input type="hidden" name="intent" value="hide" />
      <input type="hidden" name="evaluationId" value={evaluationId} />
      <FormErrors
        id={`${form.id}-errors`}
        errors={[...(form.errors ?? []), ...hiddenErrors(form.allErrors, ['reason'])]}
      />
      <TextAreaField
        meta={fields.reason}
        label="隐藏评价文字（监管）"
        hint="用于辱骂、泄露个人信息等不当内容。评分保留；理由将代替原文公开显示。"
        rows={2}
        required
        focus={Boolean(fields.reason.errors)}
      />
      <button type="submit" className="button button--quiet">
        隐藏评价文字
      </button>
    </Form>
  )
}
