import { getFormProps, type SubmissionResult, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form } from '@remix-run/react'
import { formatFenExact } from '#models/rules/money.ts'
import {
  objectionRemedies,
  objectionRemedyNames,
  objectionRulingNames,
  objectionRulings,
  ruleObjectionSchema,
} from '#models/validation/objections.ts'
import { CsrfInput } from '../csrf-input.tsx'
import {
  FieldErrors,
  firstErrorField,
  FormErrors,
  RadioGroup,
  TextAreaField,
} from '../form-fields.tsx'

interface RulableBid {
  id: string
  agencyName: string
  priceFen: number | null
  rank: number | null
}

const remedyHints = {
  re_evaluate:
    '勾选的报价按无效处理，其余有效报价按原选取方式重新评审，产生新的中选结果并重新公示；有效报价不足 3 家的流标。',
  re_run: '本次采购活动无效，项目流标，采购人可一键重新发布。',
} as const

/** A supervisor's ruling on one escalated objection; the answer comes back to this form only. */
export function RulingForm({
  objectionId,
  bids,
  lastResult,
}: {
  objectionId: string
  bids: RulableBid[]
  lastResult: SubmissionResult<string[]> | undefined
}) {
  const mine = lastResult?.initialValue?.objectionId === objectionId ? lastResult : undefined
  const [form, fields] = useForm({
    id: `ruling-${objectionId}`,
    lastResult: mine,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ruleObjectionSchema }),
  })
  const first = firstErrorField(['ruling', 'remedy', 'invalidBidIds', 'reason'], form.allErrors)
  const chosen = [fields.invalidBidIds.initialValue ?? []].flat()
  return (
    <Form method="post" {...getFormProps(form)} className="card stack">
      <h3>裁决</h3>
      <CsrfInput />
      <input type="hidden" name="objectionId" value={objectionId} />
      <FormErrors
        id={`${form.id}-errors`}
        errors={[...(form.errors ?? []), ...(fields.objectionId.errors ?? [])]}
      />
      <RadioGroup
        meta={fields.ruling}
        legend="裁决结果"
        options={objectionRulings.map((r) => ({ value: r, label: objectionRulingNames[r] }))}
        focus={first === 'ruling'}
      />
      <RadioGroup
        meta={fields.remedy}
        legend="质疑成立时的处理方式"
        options={objectionRemedies.map((r) => ({
          value: r,
          label: objectionRemedyNames[r],
          hint: remedyHints[r],
        }))}
        focus={first === 'remedy'}
      />
      <fieldset
        className={fields.invalidBidIds.errors ? 'field field--invalid' : 'field'}
        aria-describedby={fields.invalidBidIds.errors ? fields.invalidBidIds.errorId : undefined}
      >
        <legend>认定无效的报价（重新评审时至少选一份）</legend>
        {bids.length === 0 ? (
          <p className="field__hint">本项目没有有效报价。</p>
        ) : (
          <div className="ruling-bids">
            {bids.map((b, i) => (
              <label key={b.id}>
                <input
                  type="checkbox"
                  name={fields.invalidBidIds.name}
                  value={b.id}
                  defaultChecked={chosen.includes(b.id)}
                  autoFocus={first === 'invalidBidIds' && i === 0}
                />
                <span>
                  {b.rank ? `第 ${b.rank} 名 · ` : ''}
                  {b.agencyName} · {b.priceFen != null ? formatFenExact(b.priceFen) : '—'}
                </span>
              </label>
            ))}
          </div>
        )}
        <FieldErrors id={fields.invalidBidIds.errorId} errors={fields.invalidBidIds.errors} />
      </fieldset>
      <TextAreaField
        meta={fields.reason}
        label="裁决理由（向全部参与机构通报并公开）"
        rows={4}
        required
        focus={first === 'reason'}
      />
      <button type="submit" className="button button--primary">
        提交裁决
      </button>
    </Form>
  )
}
