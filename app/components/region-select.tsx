import type { FieldMetadata } from '@conform-to/react'
import { useState } from 'react'
import { findRegion, henanCities } from '#models/regions.ts'
import { OUTSIDE_HENAN } from '#models/validation/registry.ts'
import { FieldErrors } from './form-fields.tsx'
import { useHydrated } from './offering-fields.tsx'

/**
 * Without JavaScript: one select of every county, grouped by city, plus 河南省外.
 * With it: a city select, then that city's counties.
 */
export function RegionSelect({
  meta,
  focus,
}: {
  meta: FieldMetadata<string | undefined>
  focus: boolean
}) {
  const hydrated = useHydrated()
  const initial = meta.initialValue ?? ''
  const [city, setCity] = useState(
    initial === OUTSIDE_HENAN ? OUTSIDE_HENAN : (findRegion(initial)?.city?.code ?? ''),
  )
  const invalid = meta.errors ? true : undefined
  const describedBy = meta.errors ? meta.errorId : undefined
  const className = meta.errors ? 'field field--invalid' : 'field'
  if (!hydrated)
    return (
      <div className={className}>
        <label htmlFor={meta.id}>
          所在地区
          <span className="required" aria-hidden="true">
            {' '}
            *
          </span>
        </label>
        <select
          id={meta.id}
          name={meta.name}
          defaultValue={initial}
          required
          aria-invalid={invalid}
          aria-describedby={describedBy}
          autoFocus={focus}
        >
          <option value="">请选择</option>
          {henanCities.map((c) => (
            <optgroup key={c.code} label={c.name}>
              {c.counties.map((county) => (
                <option key={county.code} value={county.code}>
                  {county.code === c.code ? county.name : `${c.name} ${county.name}`}
                </option>
              ))}
            </optgroup>
          ))}
          <option value={OUTSIDE_HENAN}>河南省外</option>
        </select>
        <FieldErrors id={meta.errorId} errors={meta.errors} />
      </div>
    )
  const counties = henanCities.find((c) => c.code === city)?.counties ?? []
  return (
    <fieldset className={className} aria-describedby={describedBy}>
      <legend>
        所在地区
        <span className="required" aria-hidden="true">
          {' '}
          *
        </span>
      </legend>
      <label htmlFor={`${meta.id}-city`}>城市</label>
      <select
        id={`${meta.id}-city`}
        value={city}
        onChange={(e) => setCity(e.target.value)}
        aria-invalid={invalid}
        autoFocus={focus}
      >
        <option value="">请选择</option>
        {henanCities.map((c) => (
          <option key={c.code} value={c.code}>
            {c.name}
          </option>
        ))}
        <option value={OUTSIDE_HENAN}>河南省外</option>
      </select>
      {city === OUTSIDE_HENAN ? (
        <input type="hidden" name={meta.name} value={OUTSIDE_HENAN} />
      ) : city ? (
        <>
          <label htmlFor={meta.id}>区 / 县</label>
          <select
            key={city}
            id={meta.id}
            name={meta.name}
            defaultValue={
              counties.some((c) => c.code === initial)
                ? initial
                : counties.length === 1
                  ? counties[0]!.code
                  : ''
            }
            required
            aria-invalid={invalid}
          >
            <option value="">请选择</option>
            {counties.map((county) => (
              <option key={county.code} value={county.code}>
                {county.name}
              </option>
            ))}
          </select>
        </>
      ) : null}
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </fieldset>
  )
}
