import { getFormProps, type SubmissionResult, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form } from '@remix-run/react'
import {
  bulkOverridesFormSchema,
  WORKDAY_NAME_MAX,
  workdayOverrideFormSchema,
} from '#models/validation/calendar.ts'
import { CsrfInput } from '../csrf-input.tsx'
import {
  firstErrorField,
  FormErrors,
  RadioGroup,
  TextAreaField,
  TextField,
} from '../form-fields.tsx'

export type FormResult = SubmissionResult<string[]> | undefined

/** One date set to 放假 or 调休上班. */
export function OneEntryForm({ lastResult }: { lastResult: FormResult }) {
  const mine = lastResult?.initialValue?.intent === 'set' ? lastResult : undefined
  const [form, fields] = useForm({
    id: 'override-one',
    lastResult: mine,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: workdayOverrideFormSchema }),
  })
  const first = firstErrorField(['date', 'kind', 'name'], form.allErrors)
  return (
    <Form method="post" {...getFormProps(form)} className="card stack">
      <h2>录入一天</h2>
      <CsrfInput />
      <input type="hidden" name="intent" value="set" />
      <FormErrors id={`${form.id}-errors`} errors={form.errors} />
      <TextField
        meta={fields.date}
        label="日期"
        hint="如 2027-01-01；已有条目的日期将被替换"
        required
        focus={first === 'date'}
      />
      <RadioGroup
        meta={fields.kind}
        legend="设置为"
        focus={first === 'kind'}
        options={[
          { value: 'holiday', label: '放假', hint: '休息日，不计入工作日' },
          { value: 'workday', label: '调休上班', hint: '周末补班，计入工作日' },
        ]}
      />
      <TextField
        meta={fields.name}
        label="名称"
        hint={`如“元旦”“春节调休上班”，最多 ${WORKDAY_NAME_MAX} 个字`}
        required
        focus={first === 'name'}
      />
      <button type="submit" className="button button--primary">
        保存
      </button>
    </Form>
  )
}

const bulkExample = `2027-01-01 休 元旦
2027-02-06~2027-02-13 休 春节
2027-02-20 班 春节调休上班`

/** A year's schedule pasted as lines; one bad line and none is entered. */
export function BulkForm({ lastResult }: { lastResult: FormResult }) {
  const mine = lastResult?.initialValue?.intent === 'bulk' ? lastResult : undefined
  const [form, fields] = useForm({
    id: 'override-bulk',
    lastResult: mine,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: bulkOverridesFormSchema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="card stack">
      <h2>批量录入全年安排</h2>
      <CsrfInput />
      <input type="hidden" name="intent" value="bulk" />
      <FormErrors id={`${form.id}-errors`} errors={form.errors} />
      <TextAreaField
        meta={fields.lines}
        label="放假安排（每行一条）"
        hint={
          <>
            每行：日期（或“开始~结束”）、“休”或“班”、名称，用空格分隔。任何一行有误则全部不录入，并指出是第几行。例如：
            <span className="calendar-example">{bulkExample}</span>
          </>
        }
        rows={10}
        required
        focus={Boolean(fields.lines.errors)}
      />
      <button type="submit" className="button button--primary">
        全部录入
      </button>
    </Form>
  )
}
