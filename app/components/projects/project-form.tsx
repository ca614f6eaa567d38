import { getFormProps, getInputProps, type SubmissionResult, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form, useNavigation } from '@remix-run/react'
import type { z } from 'zod'
import { type projectFormSchema, projectFormSchemaFor } from '#models/validation/projects.ts'

type ProjectFormInput = z.input<typeof projectFormSchema>
import { CsrfInput } from '../csrf-input.tsx'
import {
  FieldErrors,
  FieldHint,
  FieldLabel,
  firstErrorField,
  FormErrors,
  RadioGroup,
  TextAreaField,
  TextField,
} from '../form-fields.tsx'
import { GroupedSelectField, type OptionGroup } from '../offering-fields.tsx'

const fieldOrder = [
  'serviceItemCode',
  'title',
  'scope',
  'regionCode',
  'location',
  'budgetCap',
  'funding',
  'method',
  'directAgencyId',
  'directAgency',
  'deadline',
  'publicityWorkdays',
  'weightPrice',
  'weightQuality',
  'weightCredit',
  'abnormalLowPercent',
] as const

export interface ProjectFormProps {
  lastResult?: SubmissionResult<string[]>
  defaultValue: Partial<Record<keyof ProjectFormInput, string>>
  itemGroups: OptionGroup[]
  countyGroups: OptionGroup[]
  buyerKind: 'department' | 'enterprise'
  invited: { id: string; name: string } | null
  earliestDeadline: string
  /** The same instant as an ISO string, for checking the deadline in the browser. */
  earliestDeadlineAt: string
  /** A new project's one-time key (the edit form has none: saving a draft twice is harmless). */
  submissionKey?: string
}

/** The project request (采购公告) form, for a new project and for editing a draft. */
export function ProjectForm(props: ProjectFormProps) {
  const [form, fields] = useForm<ProjectFormInput, z.output<typeof projectFormSchema>>({
    lastResult: props.lastResult,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    defaultValue: props.defaultValue as Partial<ProjectFormInput>,
    onValidate: ({ formData }) =>
      parseWithZod(formData, {
        schema: projectFormSchemaFor(new Date(props.earliestDeadlineAt)),
      }),
  })
  const first = firstErrorField(fieldOrder, form.allErrors)
  const method = fields.method.value ?? props.defaultValue.method
  const methods = [
    { value: 'lowest_price', label: '竞价选取', hint: '最低有效报价中选' },
    { value: 'lottery', label: '随机抽取', hint: '符合条件的报名机构中可验证地随机抽取' },
    { value: 'scoring', label: '综合评分', hint: '价格、技术、信用按权重计分' },
    ...(props.buyerKind === 'enterprise'
      ? [{ value: 'direct', label: '直接选取', hint: '仅企业自有资金项目，从机构名录中选定' }]
      : []),
  ]
  const deadlineHint = `至少在发布后 2 个工作日，不早于 ${props.earliestDeadline}（北京时间）`
  const submitting = useNavigation().state === 'submitting'
  return (
    <Form method="post" {...getFormProps(form)} className="stack narrow">
      <CsrfInput />
      <FormErrors id={`${form.id}-errors`} errors={form.errors} />
      {props.submissionKey ? (
        <input type="hidden" name="submissionKey" value={props.submissionKey} />
      ) : null}
      <GroupedSelectField
        meta={fields.serviceItemCode}
        label="服务事项"
        groups={props.itemGroups}
        required
        focus={first === 'serviceItemCode'}
        hint="只能采购《中介服务事项清单》内的事项"
      />
      <TextField meta={fields.title} label="项目名称" required focus={first === 'title'} />
      <TextAreaField
        meta={fields.scope}
        label="服务内容和范围"
        required
        rows={6}
        focus={first === 'scope'}
        hint="写清需要完成的工作和交付成果。参与条件由平台按事项规则判定，不得另设地域、规模、注册资本等条件。"
      />
      <GroupedSelectField
        meta={fields.regionCode}
        label="项目所在地"
        groups={props.countyGroups}
        required
        focus={first === 'regionCode'}
      />
      <TextField meta={fields.location} label="详细地点（选填）" focus={first === 'location'} />
      <TextField
        meta={fields.budgetCap}
        label="最高限价（元）"
        inputMode="numeric"
        required
        focus={first === 'budgetCap'}
        hint="报价不得高于最高限价"
      />
      <RadioGroup
        meta={fields.funding}
        legend="资金来源"
        focus={first === 'funding'}
        options={
          props.buyerKind === 'department'
            ? [{ value: 'budget', label: '财政资金', hint: '须竞争性选取，不能直接选取' }]
            : [{ value: 'own', label: '自有资金' }]
        }
      />
      <RadioGroup
        meta={fields.method}
        legend="选取方式"
        options={methods}
        focus={first === 'method'}
      />
      {props.invited ? (
        <>
          <div className={fields.directAgencyId.errors ? 'field field--invalid' : 'field'}>
            <FieldLabel meta={fields.directAgencyId} label="直接选取的机构" />
            <p>
              {props.invited.name}
              <input type="hidden" name={fields.directAgencyId.name} value={props.invited.id} />
            </p>
            <FieldErrors id={fields.directAgencyId.errorId} errors={fields.directAgencyId.errors} />
          </div>
          <TextField
            meta={fields.directAgency}
            label="改为其他机构（选填）"
            focus={first === 'directAgency'}
            hint="填写另一家机构的全称或统一社会信用代码，也可粘贴其页面链接"
          />
        </>
      ) : method === 'direct' ? (
        <TextField
          meta={fields.directAgency}
          label="直接选取的机构"
          required
          focus={first === 'directAgency'}
          hint={
            <>
              填写机构全称或统一社会信用代码，也可粘贴其页面链接；可在{' '}
              <a href="/agencies" target="_blank" rel="noopener">
                机构名录
              </a>{' '}
              中查找（新窗口打开，本页已填内容不丢失）。
            </>
          }
        />
      ) : null}
      <div className={fields.deadline.errors ? 'field field--invalid' : 'field'}>
        <FieldLabel meta={fields.deadline} label="报价/报名截止时间（北京时间）" required />
        <FieldHint id={`${fields.deadline.id}-hint`} hint={deadlineHint} />
        <input
          {...getInputProps(fields.deadline, {
            type: 'datetime-local',
            ariaDescribedBy: `${fields.deadline.id}-hint`,
          })}
          key={fields.deadline.key}
          autoFocus={first === 'deadline'}
          required
        />
        <FieldErrors id={fields.deadline.errorId} errors={fields.deadline.errors} />
      </div>
      <TextField
        meta={fields.publicityWorkdays}
        label="中选公示期（工作日）"
        inputMode="numeric"
        required
        focus={first === 'publicityWorkdays'}
        hint="默认 3 个工作日，公示期内参与机构可提出质疑"
      />
      <fieldset className="field">
        <legend>综合评分权重（仅综合评分，三项合计 100，发布后不可更改）</legend>
        <TextField
          meta={fields.weightPrice}
          label="价格分 %"
          inputMode="numeric"
          focus={first === 'weightPrice'}
        />
        <TextField
          meta={fields.weightQuality}
          label="技术分 %"
          inputMode="numeric"
          focus={first === 'weightQuality'}
        />
        <TextField
          meta={fields.weightCredit}
          label="信用分 %"
          inputMode="numeric"
          focus={first === 'weightCredit'}
        />
      </fieldset>
      <TextField
        meta={fields.abnormalLowPercent}
        label="异常低价比例 %（仅竞价选取）"
        inputMode="numeric"
        required
        focus={first === 'abnormalLowPercent'}
        hint="低于其他有效报价平均值此比例的报价，须在 2 个工作日内书面说明"
      />
      <div className="actions">
        <button
          type="submit"
          name="intent"
          value="publish"
          className="button button--primary"
          disabled={submitting}
        >
          发布公告
        </button>
        <button type="submit" name="intent" value="save" className="button" disabled={submitting}>
          保存草稿
        </button>
      </div>
    </Form>
  )
}
