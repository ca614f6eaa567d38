import { getFormProps, getInputProps, type SubmissionResult, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form } from '@remix-run/react'
import { creditRules, REPLY_WORKDAYS } from '#models/rules/credit-rules.ts'
import {
  answerComplaintSchema,
  complaintOutcomeCodes,
  complaintOutcomeNames,
  complaintTargetNames,
  complaintTargetTypes,
  type ComplaintTargetType,
  fileComplaintSchema,
} from '#models/validation/complaints.ts'
import { CsrfInput } from '../csrf-input.tsx'
import {
  FieldErrors,
  firstErrorField,
  FormErrors,
  RadioGroup,
  TextAreaField,
  TextField,
} from '../form-fields.tsx'
import { FileField } from '../offering-fields.tsx'
import { signedPoints } from './credit-labels.ts'

type LastResult = SubmissionResult<string[]> | undefined

export interface ChosenTarget {
  targetType: ComplaintTargetType
  targetId: string
  name: string
}

/** A complaint; the target fixed by the link it came from, or typed. */
export function FileComplaintForm({
  chosen,
  lastResult,
  submissionKey,
}: {
  chosen: ChosenTarget | null
  lastResult: LastResult
  submissionKey: string
}) {
  const [form, fields] = useForm({
    id: 'file-complaint',
    lastResult,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: fileComplaintSchema }),
  })
  const order = ['targetType', 'target', 'targetId', 'subject', 'grounds', 'file']
  const first = firstErrorField(order, form.allErrors)
  return (
    <Form
      method="post"
      encType="multipart/form-data"
      {...getFormProps(form)}
      className="card stack"
    >
      <CsrfInput />
      <input type="hidden" name="submissionKey" value={submissionKey} />
      <FormErrors
        id={`${form.id}-errors`}
        errors={[...(form.errors ?? []), ...(fields.targetId.errors ?? [])]}
      />
      {chosen ? (
        <div className="field">
          <input type="hidden" name="targetType" value={chosen.targetType} />
          <input type="hidden" name="targetId" value={chosen.targetId} />
          <p>
            投诉对象（{complaintTargetNames[chosen.targetType]}）：<strong>{chosen.name}</strong>{' '}
            <a href="/complaints/new">改为其他对象</a>
          </p>
          <FieldErrors id={fields.target.errorId} errors={fields.target.errors} />
        </div>
      ) : (
        <>
          <RadioGroup
            meta={fields.targetType}
            legend="投诉对象的类型"
            options={complaintTargetTypes.map((t) => ({
              value: t,
              label: complaintTargetNames[t],
            }))}
            focus={first === 'targetType'}
          />
          <TextField
            meta={fields.target}
            label="投诉对象"
            hint="机构或单位的全称、统一社会信用代码或其页面链接；采购项目请粘贴项目公告的链接。"
            focus={first === 'target'}
            required
          />
        </>
      )}
      <TextField
        meta={fields.subject}
        label="投诉事项"
        hint="一句话概括，4–100 字；处理结果公开时显示。"
        focus={first === 'subject'}
        required
      />
      <TextAreaField
        meta={fields.grounds}
        label="投诉事实和理由"
        hint="写明时间、经过和依据。仅监管部门可见；处理结果公开时不显示投诉人。"
        rows={6}
        required
        focus={first === 'grounds'}
      />
      <FileField
        meta={fields.file}
        label="证明材料（选填）"
        hint="PDF、JPG 或 PNG，不超过 10 MB；仅监管部门查看"
        accept="application/pdf,image/png,image/jpeg"
        focus={first === 'file'}
      />
      <button type="submit" className="button button--primary">
        提交投诉
      </button>
    </Form>
  )
}

const findingRule = creditRules.complaint_substantiated

/** A supervisor's answer; against an agency, a substantiated one may record a finding at once. */
export function AnswerComplaintForm({
  complaintId,
  againstAgency,
  subject,
  lastResult,
}: {
  complaintId: string
  againstAgency: boolean
  subject: string
  lastResult: LastResult
}) {
  const mine = lastResult?.initialValue?.complaintId === complaintId ? lastResult : undefined
  const [form, fields] = useForm({
    id: `answer-${complaintId}`,
    lastResult: mine,
    defaultValue: { findingSummary: subject },
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: answerComplaintSchema }),
  })
  const first = firstErrorField(
    ['outcome', 'answer', 'recordFinding', 'findingSummary'],
    form.allErrors,
  )
  const checkbox = getInputProps(fields.recordFinding, { type: 'checkbox' })
  return (
    <Form method="post" {...getFormProps(form)} className="stack credit-form">
      <CsrfInput />
      <input type="hidden" name="complaintId" value={complaintId} />
      <FormErrors
        id={`${form.id}-errors`}
        errors={[...(form.errors ?? []), ...(fields.complaintId.errors ?? [])]}
      />
      <RadioGroup
        meta={fields.outcome}
        legend="处理结果"
        options={complaintOutcomeCodes.map((o) => ({ value: o, label: complaintOutcomeNames[o] }))}
        focus={first === 'outcome'}
      />
      <TextAreaField
        meta={fields.answer}
        label="处理意见（公开，并通知投诉人和被投诉方）"
        rows={4}
        required
        focus={first === 'answer'}
      />
      {againstAgency ? (
        <fieldset className="field">
          <legend>信用扣分（选填）</legend>
          <label className="choice">
            <input {...checkbox} key={checkbox.key} autoFocus={first === 'recordFinding'} />
            <span>
              投诉属实，同时认定“{findingRule.name}”（{signedPoints(findingRule.points)} 分）
              <small>
                机构有 {REPLY_WORKDAYS}{' '}
                个工作日陈述意见；期满未陈述的自动生效，陈述后由监管部门决定。
              </small>
            </span>
          </label>
          <FieldErrors id={fields.recordFinding.errorId} errors={fields.recordFinding.errors} />
          <TextAreaField
            meta={fields.findingSummary}
            label="认定的事实（写入信用记录，公开；勿写投诉人）"
            rows={2}
            focus={first === 'findingSummary'}
          />
        </fieldset>
      ) : null}
      <button type="submit" className="button button--primary">
        提交处理结果
      </button>
    </Form>
  )
}
