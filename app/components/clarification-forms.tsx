import {
  type FieldMetadata,
  getFormProps,
  getInputProps,
  type SubmissionResult,
  useForm,
} from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form } from '@remix-run/react'
import {
  answerQuestionSchema,
  askQuestionSchema,
  publishClarificationSchema,
} from '#models/validation/clarifications.ts'
import { CsrfInput } from './csrf-input.tsx'
import { FieldErrors, FormErrors, TextAreaField } from './form-fields.tsx'

// The 答疑 page's forms, each its own POST; the action's answer goes back to the form that sent it.
// Checked on submit, not on blur: an error appearing on blur would move the checkbox below the
// text from under the pointer.

type Result = SubmissionResult<string[]> | undefined

export function AskForm({ lastResult }: { lastResult: Result }) {
  const [form, fields] = useForm({
    id: 'ask',
    lastResult,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: askQuestionSchema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="card stack">
      <h3>提问</h3>
      <CsrfInput />
      <input type="hidden" name="intent" value="ask" />
      <FormErrors id={`${form.id}-errors`} errors={form.errors} />
      <TextAreaField
        meta={fields.question}
        label="问题"
        hint="5–1000 字。贵机构的名称不会向采购人或公众显示；答复将公开，并通知贵机构。"
        rows={4}
        required
        focus={Boolean(fields.question.errors)}
      />
      <button type="submit" className="button button--primary">
        提交问题
      </button>
    </Form>
  )
}

function ScopeCheckbox({ meta, noun }: { meta: FieldMetadata<boolean | undefined>; noun: string }) {
  const props = getInputProps(meta, { type: 'checkbox' })
  return (
    <div className={meta.errors ? 'field field--invalid' : 'field'}>
      <label className="choice">
        <input {...props} key={props.key} />
        <span>
          此{noun}变更了采购需求（截止时间将顺延）
          <small>
            截止时间将顺延至距今至少 2 个工作日，已报价/报名和提过问的机构都会收到通知。
          </small>
        </span>
      </label>
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  )
}

export function AnswerForm({
  clarificationId,
  lastResult,
}: {
  clarificationId: string
  lastResult: Result
}) {
  const [form, fields] = useForm({
    id: `answer-${clarificationId}`,
    lastResult,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: answerQuestionSchema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="stack clarification__reply">
      <CsrfInput />
      <input type="hidden" name="intent" value="answer" />
      <input type="hidden" name="clarificationId" value={clarificationId} />
      <FormErrors id={`${form.id}-errors`} errors={form.errors} />
      <TextAreaField
        meta={fields.answer}
        label="答复（公开发布）"
        hint="2–3000 字"
        rows={4}
        required
        focus={Boolean(fields.answer.errors)}
      />
      <ScopeCheckbox meta={fields.changesScope} noun="答复" />
      <button type="submit" className="button button--primary">
        发布答复
      </button>
    </Form>
  )
}

export function SupplementForm({ lastResult }: { lastResult: Result }) {
  const [form, fields] = useForm({
    id: 'publish',
    lastResult,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: publishClarificationSchema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="card stack">
      <h3>发布补充说明</h3>
      <p className="field__hint">不针对某个提问，主动澄清或修改公告内容；向公众公开。</p>
      <CsrfInput />
      <input type="hidden" name="intent" value="publish" />
      <FormErrors id={`${form.id}-errors`} errors={form.errors} />
      <TextAreaField
        meta={fields.answer}
        label="补充说明"
        hint="2–3000 字"
        rows={4}
        required
        focus={Boolean(fields.answer.errors)}
      />
      <ScopeCheckbox meta={fields.changesScope} noun="说明" />
      <button type="submit" className="button button--primary">
        发布补充说明
      </button>
    </Form>
  )
}
