import { getFormProps, getInputProps, type SubmissionResult, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form } from '@remix-run/react'
import { inspectionPlanSchema, MAX_SAMPLE_SIZE } from '#models/validation/inspections.ts'
import { CsrfInput } from '../csrf-input.tsx'
import { FieldErrors, firstErrorField, FormErrors, TextField } from '../form-fields.tsx'

interface Choices {
  items: { code: string; name: string; category: string }[]
  categories: string[]
  cities: readonly { code: string; name: string }[]
  supervisors: { id: string; name: string }[]
}

const asList = (value: unknown): string[] =>
  value == null ? [] : Array.isArray(value) ? value.map(String) : [String(value)]

/** Boxes for one list field; the error sits under the group. */
function CheckboxGroup({
  legend,
  name,
  errorId,
  errors,
  options,
  chosen,
  hint,
  focus,
}: {
  legend: string
  name: string
  errorId: string
  errors?: string[]
  options: { value: string; label: string }[]
  chosen: string[]
  hint?: string
  focus?: boolean
}) {
  return (
    <fieldset
      className={errors ? 'field field--invalid' : 'field'}
      aria-describedby={errors ? errorId : undefined}
    >
      <legend>{legend}</legend>
      {hint ? <p className="field__hint">{hint}</p> : null}
      <div className="choices choices--grid">
        {options.map((o, i) => (
          <label key={o.value} className="choice">
            <input
              type="checkbox"
              name={name}
              value={o.value}
              defaultChecked={chosen.includes(o.value)}
              autoFocus={focus && i === 0}
            />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
      <FieldErrors id={errorId} errors={errors} />
    </fieldset>
  )
}

/** A new 双随机 plan: who may be drawn, how many, by whom. */
export function InspectionPlanForm({
  choices,
  lastResult,
}: {
  choices: Choices
  lastResult: SubmissionResult<string[]> | undefined
}) {
  const [form, fields] = useForm({
    id: 'inspection-plan',
    lastResult,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    defaultValue: { inspectorIds: choices.supervisors.map((s) => s.id), sampleSize: '10' },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: inspectionPlanSchema }),
  })
  const first = firstErrorField(
    ['title', 'itemCodes', 'categories', 'cityCodes', 'sampleSize', 'inspectorIds'],
    form.allErrors,
  )
  const byCategory = choices.categories.map((category) => ({
    category,
    items: choices.items.filter((i) => i.category === category),
  }))
  const chosenItems = asList(fields.itemCodes.initialValue)
  return (
    <Form method="post" {...getFormProps(form)} className="card stack">
      <CsrfInput />
      <input type="hidden" name="intent" value="create" />
      <FormErrors id={`${form.id}-errors`} errors={form.errors} />
      <TextField
        meta={fields.title}
        label="计划名称"
        required
        focus={first === 'title'}
        hint="例如：2026 年第一季度环评类中介服务双随机抽查"
      />
      <div className={fields.itemCodes.errors ? 'field field--invalid' : 'field'}>
        <label htmlFor={fields.itemCodes.id}>服务事项（可多选；不选则不限）</label>
        <p className="field__hint">按住 Ctrl（Mac 上为 ⌘）点击可选多项。</p>
        <select
          id={fields.itemCodes.id}
          name={fields.itemCodes.name}
          multiple
          size={8}
          defaultValue={chosenItems}
          autoFocus={first === 'itemCodes'}
          aria-invalid={fields.itemCodes.errors ? true : undefined}
          aria-describedby={fields.itemCodes.errors ? fields.itemCodes.errorId : undefined}
        >
          {byCategory.map((group) => (
            <optgroup key={group.category} label={group.category}>
              {group.items.map((item) => (
                <option key={item.code} value={item.code}>
                  {item.code} {item.name}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
        <FieldErrors id={fields.itemCodes.errorId} errors={fields.itemCodes.errors} />
      </div>
      <CheckboxGroup
        legend="行业类别（提供所选类别中任一事项的机构；不选则不限）"
        name={fields.categories.name}
        errorId={fields.categories.errorId}
        errors={fields.categories.errors}
        options={choices.categories.map((c) => ({ value: c, label: c }))}
        chosen={asList(fields.categories.initialValue)}
        focus={first === 'categories'}
      />
      <CheckboxGroup
        legend="地市（不选则不限）"
        name={fields.cityCodes.name}
        errorId={fields.cityCodes.errorId}
        errors={fields.cityCodes.errors}
        options={choices.cities.map((c) => ({ value: c.code, label: c.name }))}
        chosen={asList(fields.cityCodes.initialValue)}
        focus={first === 'cityCodes'}
      />
      <div className={fields.sampleSize.errors ? 'field field--invalid' : 'field'}>
        <label htmlFor={fields.sampleSize.id}>抽查数量（家）</label>
        <input
          {...getInputProps(fields.sampleSize as never, { type: 'number' })}
          min={1}
          max={MAX_SAMPLE_SIZE}
          required
          autoFocus={first === 'sampleSize'}
        />
        <FieldErrors id={fields.sampleSize.errorId} errors={fields.sampleSize.errors} />
      </div>
      <label className="choice">
        <input
          type="checkbox"
          name={fields.riskWeighted.name}
          defaultChecked={fields.riskWeighted.initialValue === 'on'}
        />
        <span>
          按信用风险加权
          <small>信用等级越低被抽中的机会越大：A 级 1 份、B 级 2 份、C 级 3 份、D 级 4 份。</small>
        </span>
      </label>
      <CheckboxGroup
        legend="检查人员名录（随机选派；与机构有关联的自动回避）"
        name={fields.inspectorIds.name}
        errorId={fields.inspectorIds.errorId}
        errors={fields.inspectorIds.errors}
        options={choices.supervisors.map((s) => ({ value: s.id, label: s.name }))}
        chosen={asList(fields.inspectorIds.initialValue)}
        focus={first === 'inspectorIds'}
      />
      <p className="field__hint">
        创建后立即公布抽取承诺值；抽取在您点击“抽取”时进行，届时按当时符合范围的机构名单抽取并公开全部输入。
      </p>
      <button type="submit" className="button button--primary">
        创建计划并公布承诺值
      </button>
    </Form>
  )
}
