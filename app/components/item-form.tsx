import { type FieldMetadata, getInputProps } from '@conform-to/react'
import { feeTypeOptions, MAX_TIME_LIMIT_WORKDAYS } from '#models/validation/catalogue.ts'
import { FieldErrors, RadioGroup, TextAreaField, TextField } from './form-fields.tsx'

type Meta = FieldMetadata<string | undefined>

/** Every field but the code, as the create and edit forms both show them. */
export const itemFieldOrder = [
  'name',
  'category',
  'department',
  'servesApproval',
  'legalBasis',
  'feeType',
  'feeStandard',
  'timeLimitWorkdays',
  'conditions',
  'workflow',
  'qualification',
  'aliases',
] as const

export type ItemFieldName = (typeof itemFieldOrder)[number]

/** A text input that suggests the categories already in use, and accepts a new one. */
function CategoryField({
  meta,
  categories,
  focus,
}: {
  meta: Meta
  categories: string[]
  focus: boolean
}) {
  const hintId = `${meta.id}-hint`
  const props = getInputProps(meta, { type: 'text', ariaDescribedBy: hintId })
  return (
    <div className={meta.errors ? 'field field--invalid' : 'field'}>
      <label htmlFor={meta.id}>
        类别
        <span className="required" aria-hidden="true">
          {' '}
          *
        </span>
      </label>
      <p id={hintId} className="field__hint">
        可从已有类别中选择，也可填写新的类别
      </p>
      <input {...props} key={props.key} list="item-categories" required autoFocus={focus} />
      <datalist id="item-categories">
        {categories.map((category) => (
          <option key={category} value={category} />
        ))}
      </datalist>
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  )
}

/** Conform types a field by the schema's input (a number, a list); every input here is text. */
type AnyFields = Record<ItemFieldName, FieldMetadata<unknown>>

export function ItemFields({
  fields: anyFields,
  first,
  categories,
}: {
  fields: AnyFields
  first: string | undefined
  categories: string[]
}) {
  const fields = anyFields as Record<ItemFieldName, Meta>
  return (
    <>
      <TextField meta={fields.name} label="事项名称" required focus={first === 'name'} />
      <CategoryField meta={fields.category} categories={categories} focus={first === 'category'} />
      <TextField
        meta={fields.department}
        label="主管部门"
        required
        hint="如：生态环境局"
        focus={first === 'department'}
      />
      <TextField
        meta={fields.servesApproval}
        label="服务的审批事项"
        required
        focus={first === 'servesApproval'}
      />
      <TextAreaField
        meta={fields.legalBasis}
        label="设定依据"
        rows={2}
        required
        focus={first === 'legalBasis'}
      />
      <RadioGroup
        meta={fields.feeType}
        legend="收费类型"
        options={feeTypeOptions}
        focus={first === 'feeType'}
      />
      <TextAreaField
        meta={fields.feeStandard}
        label="收费标准"
        rows={3}
        required
        focus={first === 'feeStandard'}
      />
      <TextField
        meta={fields.timeLimitWorkdays}
        label="办理时限（工作日）"
        inputMode="numeric"
        required
        hint={`1–${MAX_TIME_LIMIT_WORKDAYS} 个工作日；机构承诺的时限不得超过此值`}
        focus={first === 'timeLimitWorkdays'}
      />
      <TextAreaField
        meta={fields.conditions}
        label="办理条件"
        required
        focus={first === 'conditions'}
      />
      <TextAreaField
        meta={fields.workflow}
        label="服务流程"
        required
        focus={first === 'workflow'}
      />
      <TextField
        meta={fields.qualification}
        label="资质要求（选填）"
        hint="机构须持有的国家资质；无特定要求请留空"
        focus={first === 'qualification'}
      />
      <TextField
        meta={fields.aliases}
        label="别名（选填）"
        hint="常用简称，用逗号或顿号（、）分隔，便于检索"
        focus={first === 'aliases'}
      />
    </>
  )
}
