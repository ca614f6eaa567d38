import { getFormProps, type SubmissionResult, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form } from '@remix-run/react'
import { creditRules, REPLY_WORKDAYS } from '#models/rules/credit-rules.ts'
import { findingRuleCodes, recordFindingSchema } from '#models/validation/credit-findings.ts'
import { CsrfInput } from '../csrf-input.tsx'
import {
  firstErrorField,
  FormErrors,
  SelectField,
  TextAreaField,
  TextField,
} from '../form-fields.tsx'
import { signedPoints } from './credit-labels.ts'

const ruleOptions = findingRuleCodes.map((code) => {
  const rule = creditRules[code]
  const blacklist =
    rule.blacklist?.count === 1 ? `，列入失信名单 ${rule.blacklist.months} 个月` : ''
  return { value: code, label: `${rule.name}（${signedPoints(rule.points)} 分${blacklist}）` }
})

/** A supervisor's own finding against an agency (e.g. false materials found on a check). */
export function RecordFindingForm({
  agency,
  lastResult,
}: {
  agency: string
  lastResult: SubmissionResult<string[]> | undefined
}) {
  const [form, fields] = useForm({
    id: 'record-finding',
    lastResult: lastResult?.initialValue?.intent === 'record' ? lastResult : undefined,
    defaultValue: { agency },
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: recordFindingSchema }),
  })
  const first = firstErrorField(['agency', 'rule', 'summary', 'project'], form.allErrors)
  return (
    <Form method="post" {...getFormProps(form)} className="card stack">
      <h2>记录监管认定</h2>
      <p className="field__hint">
        认定先以“待陈述”公开，机构有 {REPLY_WORKDAYS}{' '}
        个工作日陈述意见：期满未陈述的自动生效并计分；陈述后由监管部门维持或撤回。
      </p>
      <CsrfInput />
      <input type="hidden" name="intent" value="record" />
      <FormErrors id={`${form.id}-errors`} errors={form.errors} />
      <TextField
        meta={fields.agency}
        label="中介机构"
        hint="机构全称、统一社会信用代码，或粘贴其页面链接"
        required
        focus={first === 'agency'}
      />
      <SelectField
        meta={fields.rule}
        label="认定事项"
        options={ruleOptions}
        focus={first === 'rule'}
      />
      <TextAreaField
        meta={fields.summary}
        label="认定的事实（公开）"
        rows={4}
        required
        focus={first === 'summary'}
      />
      <TextField
        meta={fields.project}
        label="涉及的项目（选填）"
        hint="粘贴项目公告的链接"
        focus={first === 'project'}
      />
      <button type="submit" className="button button--primary">
        记录认定
      </button>
    </Form>
  )
}
