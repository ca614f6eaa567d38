import { getFormProps, type SubmissionResult, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form } from '@remix-run/react'
import {
  inspectionResultNames,
  inspectionResults,
  inspectionResultSchema,
  inspectorConflictSchema,
} from '#models/validation/inspections.ts'
import { CsrfInput } from '../csrf-input.tsx'
import {
  firstErrorField,
  FormErrors,
  RadioGroup,
  SelectField,
  TextAreaField,
  TextField,
} from '../form-fields.tsx'

type Reply = SubmissionResult<string[]> | undefined

const resultHints = {
  compliant: '不产生信用记录',
  minor: '生成“双随机抽查发现一般问题”信用记录，机构可在 3 个工作日内陈述意见',
  serious: '生成“双随机抽查发现严重问题”信用记录，机构可在 3 个工作日内陈述意见',
} as const

/** The assigned inspector's finding for one task; the answer comes back to this form only. */
export function InspectionResultForm({
  taskId,
  lastResult,
}: {
  taskId: string
  lastResult: Reply
}) {
  const mine =
    lastResult?.initialValue?.intent === 'result' && lastResult.initialValue.taskId === taskId
      ? lastResult
      : undefined
  const [form, fields] = useForm({
    id: `inspection-result-${taskId}`,
    lastResult: mine,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: inspectionResultSchema }),
  })
  const first = firstErrorField(['result', 'finding'], form.allErrors)
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <CsrfInput />
      <input type="hidden" name="intent" value="result" />
      <input type="hidden" name="taskId" value={taskId} />
      <FormErrors
        id={`${form.id}-errors`}
        errors={[...(form.errors ?? []), ...(fields.taskId.errors ?? [])]}
      />
      <RadioGroup
        meta={fields.result}
        legend="检查结果"
        options={inspectionResults.map((r) => ({
          value: r,
          label: inspectionResultNames[r],
          hint: resultHints[r],
        }))}
        focus={first === 'result'}
      />
      <TextAreaField
        meta={fields.finding}
        label="检查情况（公开；发现问题时必填，写明问题和依据）"
        rows={4}
        focus={first === 'finding'}
      />
      <button type="submit" className="button button--primary">
        登记检查结果
      </button>
    </Form>
  )
}

/** 回避: a supervisor declared linked to an agency is never drawn to inspect it. */
export function ConflictForm({
  supervisors,
  lastResult,
}: {
  supervisors: { id: string; name: string }[]
  lastResult: Reply
}) {
  const mine = lastResult?.initialValue?.intent === 'conflict' ? lastResult : undefined
  const [form, fields] = useForm({
    id: 'inspector-conflict',
    lastResult: mine,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: inspectorConflictSchema }),
  })
  const first = firstErrorField(['userId', 'agencyId', 'reason'], form.allErrors)
  return (
    <Form method="post" {...getFormProps(form)} className="card stack">
      <CsrfInput />
      <input type="hidden" name="intent" value="conflict" />
      <FormErrors id={`${form.id}-errors`} errors={form.errors} />
      <SelectField
        meta={fields.userId}
        label="检查人员"
        options={supervisors.map((s) => ({ value: s.id, label: s.name }))}
        focus={first === 'userId'}
      />
      <TextField
        meta={fields.agencyId}
        label="中介机构"
        required
        hint="机构编号，或直接粘贴机构页面的地址（/agencies/…）"
        focus={first === 'agencyId'}
      />
      <TextAreaField
        meta={fields.reason}
        label="回避理由（仅监管人员可见）"
        rows={2}
        required
        focus={first === 'reason'}
      />
      <button type="submit" className="button">
        登记回避
      </button>
    </Form>
  )
}
