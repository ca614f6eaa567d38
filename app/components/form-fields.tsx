import {
  type FieldMetadata,
  getInputProps,
  getSelectProps,
  getTextareaProps,
} from '@conform-to/react'
import type { ReactNode } from 'react'

type Meta = FieldMetadata<string | undefined>

export function FieldLabel({
  meta,
  label,
  required,
}: {
  meta: Meta
  label: string
  required?: boolean
}) {
  return (
    <label htmlFor={meta.id}>
      {label}
      {required ? (
        <span className="required" aria-hidden="true">
          {' '}
          *
        </span>
      ) : null}
    </label>
  )
}

export function FieldHint({ id, hint }: { id?: string; hint?: ReactNode }) {
  return hint ? (
    <p id={id} className="field__hint">
      {hint}
    </p>
  ) : null
}

interface FieldProps {
  meta: FieldMetadata<string | undefined>
  label: string
  type?: 'text' | 'tel' | 'email' | 'password'
  autoComplete?: string
  hint?: ReactNode
  /** Set on the first field with an error, so the cursor lands there even without JavaScript. */
  focus?: boolean
  required?: boolean
  inputMode?: 'text' | 'tel' | 'email' | 'numeric'
}

export function TextField({ meta, label, type = 'text', hint, focus, ...rest }: FieldProps) {
  const hintId = hint ? `${meta.id}-hint` : undefined
  const props = getInputProps(meta, { type, ariaDescribedBy: hintId })
  return (
    <div className={meta.errors ? 'field field--invalid' : 'field'}>
      <FieldLabel meta={meta} label={label} required={rest.required} />
      <FieldHint id={hintId} hint={hint} />
      <input
        {...props}
        key={props.key}
        autoComplete={rest.autoComplete}
        inputMode={rest.inputMode}
        required={rest.required}
        autoFocus={focus}
      />
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  )
}

interface TextAreaProps {
  meta: FieldMetadata<string | undefined>
  label: string
  hint?: ReactNode
  rows?: number
  focus?: boolean
  required?: boolean
}

export function TextAreaField({ meta, label, hint, rows = 5, focus, required }: TextAreaProps) {
  const hintId = hint ? `${meta.id}-hint` : undefined
  const props = getTextareaProps(meta, { ariaDescribedBy: hintId })
  return (
    <div className={meta.errors ? 'field field--invalid' : 'field'}>
      <FieldLabel meta={meta} label={label} required={required} />
      <FieldHint id={hintId} hint={hint} />
      <textarea {...props} key={props.key} rows={rows} required={required} autoFocus={focus} />
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  )
}

interface SelectProps {
  meta: FieldMetadata<string | undefined>
  label: string
  options: { value: string; label: string }[]
  focus?: boolean
}

export function SelectField({ meta, label, options, focus }: SelectProps) {
  const props = getSelectProps(meta)
  return (
    <div className={meta.errors ? 'field field--invalid' : 'field'}>
      <label htmlFor={meta.id}>{label}</label>
      <select {...props} key={props.key} autoFocus={focus}>
        <option value="">请选择</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  )
}

interface RadioGroupProps {
  meta: FieldMetadata<string | undefined>
  legend: string
  options: { value: string; label: string; hint?: string }[]
  focus?: boolean
}

export function RadioGroup({ meta, legend, options, focus }: RadioGroupProps) {
  const current = meta.value ?? meta.initialValue
  return (
    <fieldset
      className={meta.errors ? 'field field--invalid' : 'field'}
      aria-describedby={meta.errors ? meta.errorId : undefined}
    >
      <legend>{legend}</legend>
      <div className="choices">
        {options.map((o, i) => (
          <label key={o.value} className="choice">
            <input
              type="radio"
              name={meta.name}
              value={o.value}
              defaultChecked={current === o.value}
              autoFocus={focus && i === 0}
              aria-invalid={meta.errors ? true : undefined}
            />
            <span>
              {o.label}
              {o.hint ? <small>{o.hint}</small> : null}
            </span>
          </label>
        ))}
      </div>
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </fieldset>
  )
}

export function FieldErrors({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null
  return (
    <p id={id} className="field__error" role="alert">
      {errors.join('；')}
    </p>
  )
}

/** Form-level errors (not tied to one field), e.g. too many sign-in attempts. */
export function FormErrors({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null
  return (
    <div id={id} className="form-errors" role="alert">
      {errors.map((e) => (
        <p key={e}>{e}</p>
      ))}
    </div>
  )
}

/** The name of the first field that has an error, in the form's order. */
export function firstErrorField(order: readonly string[], allErrors: Record<string, string[]>) {
  return order.find((name) => allErrors[name]?.length)
}
