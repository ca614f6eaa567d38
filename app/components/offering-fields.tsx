import { type FieldMetadata, getInputProps, getSelectProps } from '@conform-to/react'
import { type ReactNode, useEffect, useState } from 'react'
import { FieldErrors, FieldHint, FieldLabel } from './form-fields.tsx'

// Fields the shared form-fields.tsx does not have yet: dates, files, grouped selects.

type Meta = FieldMetadata<string | undefined>

interface FieldProps {
  meta: Meta
  label: string
  hint?: ReactNode
  focus?: boolean
  required?: boolean
}

export function DateField({ meta, label, hint, focus, required }: FieldProps) {
  const hintId = hint ? `${meta.id}-hint` : undefined
  const props = getInputProps(meta, { type: 'date', ariaDescribedBy: hintId })
  return (
    <div className={meta.errors ? 'field field--invalid' : 'field'}>
      <FieldLabel meta={meta} label={label} required={required} />
      <FieldHint id={hintId} hint={hint} />
      <input {...props} key={props.key} required={required} autoFocus={focus} />
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  )
}

interface FileFieldProps extends Omit<FieldProps, 'meta' | 'required'> {
  meta: FieldMetadata<File | undefined>
  accept: string
}

/** A file input; the browser's `accept` only narrows the picker, the server checks content. */
export function FileField({ meta, label, hint, focus, accept }: FileFieldProps) {
  const hintId = hint ? `${meta.id}-hint` : undefined
  const props = getInputProps(meta, { type: 'file', ariaDescribedBy: hintId, value: false })
  return (
    <div className={meta.errors ? 'field field--invalid' : 'field'}>
      <label htmlFor={meta.id}>{label}</label>
      <FieldHint id={hintId} hint={hint} />
      <input {...props} key={props.key} accept={accept} autoFocus={focus} />
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  )
}

export interface OptionGroup {
  label: string
  options: { value: string; label: string }[]
}

export function GroupedSelectField({
  meta,
  label,
  groups,
  hint,
  focus,
  required,
}: FieldProps & { groups: OptionGroup[] }) {
  const hintId = hint ? `${meta.id}-hint` : undefined
  const props = getSelectProps(meta, { ariaDescribedBy: hintId })
  return (
    <div className={meta.errors ? 'field field--invalid' : 'field'}>
      <FieldLabel meta={meta} label={label} required={required} />
      <FieldHint id={hintId} hint={hint} />
      <select {...props} key={props.key} required={required} autoFocus={focus}>
        <option value="">请选择</option>
        {groups.map((group) => (
          <optgroup key={group.label} label={group.label}>
            {group.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  )
}

/** True once React runs in the browser: the page first renders for a browser without JS. */
export function useHydrated() {
  const [hydrated, setHydrated] = useState(false)
  useEffect(() => setHydrated(true), [])
  return hydrated
}
