import { getFormProps, type SubmissionResult, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form } from '@remix-run/react'
import { useState } from 'react'
import type { z } from 'zod'
import { formatFenExact } from '#models/rules/money.ts'
import { bidFormSchema } from '#models/validation/projects.ts'
import { CsrfInput } from './csrf-input.tsx'
import {
  firstErrorField,
  FormErrors,
  RadioGroup,
  TextAreaField,
  TextField,
} from './form-fields.tsx'
import { FileField, useHydrated } from './offering-fields.tsx'

type BidFields = z.input<typeof bidFormSchema> & { proposalFile?: File }

const fieldOrder = [
  'priceMode',
  'price',
  'discountPercent',
  'timeLimitDays',
  'proposal',
  'proposalFile',
] as const

interface BidFormProps {
  noun: '报价' | '报名'
  revising: boolean
  capFen: number
  offeringFeeMaxFen: number | null
  itemTimeLimitDays: number
  offeringTimeLimitDays: number | null
  submissionKey: string
  defaults: { timeLimitDays?: number; proposal?: string }
  currentFileId: string | null
  lastResult?: SubmissionResult<string[]>
}

/**
 * The sealed bid (or draw sign-up) form. Price as an amount or as a discount on the cap;
 * with JavaScript only the chosen one shows, without it both do. The hidden submission key
 * comes from the loader, so sending the same page twice stores one revision.
 */
export function BidForm(props: BidFormProps) {
  const { noun, capFen, offeringFeeMaxFen, itemTimeLimitDays, offeringTimeLimitDays } = props
  const hydrated = useHydrated()
  const [form, fields] = useForm<BidFields, z.output<typeof bidFormSchema>>({
    id: 'bid-form',
    lastResult: props.lastResult,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    defaultValue: {
      priceMode: 'amount',
      timeLimitDays: props.defaults.timeLimitDays?.toString(),
      proposal: props.defaults.proposal,
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: bidFormSchema }),
  })
  const [mode, setMode] = useState(fields.priceMode.initialValue ?? 'amount')
  const first = firstErrorField(fieldOrder, form.allErrors)
  const capHint = `不得高于最高限价 ${formatFenExact(capFen)}${
    offeringFeeMaxFen != null
      ? `，也不得高于贵机构公布的收费上限 ${formatFenExact(offeringFeeMaxFen)}`
      : ''
  }`
  return (
    <Form
      method="post"
      encType="multipart/form-data"
      {...getFormProps(form)}
      className="stack narrow"
    >
      <CsrfInput />
      <input type="hidden" name="intent" value="bid" />
      <input type="hidden" name="submissionKey" value={props.submissionKey} />
      <FormErrors id={`${form.id}-errors`} errors={form.errors} />
      <div onChange={(e) => setMode((e.target as HTMLInputElement).value)}>
        <RadioGroup
          meta={fields.priceMode}
          legend="报价方式"
          options={[
            { value: 'amount', label: '金额', hint: '直接填写报价（元）' },
            { value: 'discount', label: '下浮率', hint: '在最高限价上下浮的百分比' },
          ]}
          focus={first === 'priceMode'}
        />
      </div>
      {/* A refusal about the price (e.g. the deadline passed) shows even in discount mode. */}
      <div hidden={hydrated && mode !== 'amount' && !fields.price.errors}>
        <TextField
          meta={fields.price}
          label={hydrated ? '报价（元）' : '报价（元，选“金额”时填写）'}
          inputMode="text"
          hint={capHint}
          focus={first === 'price'}
        />
      </div>
      <div hidden={hydrated && mode !== 'discount'}>
        <TextField
          meta={fields.discountPercent}
          label={hydrated ? '下浮率（%）' : '下浮率（%，选“下浮率”时填写）'}
          hint={`报价 = 最高限价 ${formatFenExact(capFen)} ×（1 − 下浮率），分以下舍去；如 8.5 表示下浮 8.5%。${capHint}`}
          focus={first === 'discountPercent'}
        />
      </div>
      <TextField
        meta={fields.timeLimitDays}
        label="承诺时限（工作日）"
        inputMode="numeric"
        required
        hint={`不超过本事项规定的 ${itemTimeLimitDays} 个工作日${
          offeringTimeLimitDays != null && offeringTimeLimitDays < itemTimeLimitDays
            ? `，也不超过贵机构公布的 ${offeringTimeLimitDays} 个工作日`
            : ''
        }`}
        focus={first === 'timeLimitDays'}
      />
      <TextAreaField
        meta={fields.proposal}
        label="服务方案（选填）"
        hint="工作方法、人员安排、进度计划等，最多 5000 字"
        focus={first === 'proposal'}
      />
      <FileField
        meta={fields.proposalFile}
        label="方案文件（选填）"
        hint={
          props.currentFileId ? (
            <>
              PDF，不超过 10 MB。已上传
              <a href={`/uploads/${props.currentFileId}`}>当前文件</a>
              ，不选择新文件则保留。
            </>
          ) : (
            'PDF，不超过 10 MB'
          )
        }
        accept="application/pdf"
        focus={first === 'proposalFile'}
      />
      <button type="submit" className="button button--primary">
        {props.revising ? `提交修改后的${noun}` : `提交${noun}`}
      </button>
    </Form>
  )
}
