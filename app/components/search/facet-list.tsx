import { useLocation } from '@remix-run/react'
import type { FacetValue } from '#search/facets.ts'

/** A link to the current search with one parameter set (or cleared), back on page 1. */
export function useHrefWith() {
  const location = useLocation()
  return (name: string, value: string | null) => {
    const params = new URLSearchParams(location.search)
    params.delete('page')
    if (value == null) params.delete(name)
    else params.set(name, value)
    return `/search?${params.toString()}`
  }
}

export function FacetList({
  title,
  name,
  values,
}: {
  title: string
  name: string
  values: FacetValue[]
}) {
  const hrefWith = useHrefWith()
  const location = useLocation()
  const current = new URLSearchParams(location.search).get(name)
  if (values.length === 0) return null
  return (
    <section className="facet">
      <h3>{title}</h3>
      <ul>
        {values.map((v) => (
          <li key={v.value}>
            {current === v.value ? (
              <a href={hrefWith(name, null)} aria-current="true">
                <strong>{v.label}</strong>
                {`（${v.count}）✕`}
              </a>
            ) : (
              <a href={hrefWith(name, v.value)}>{`${v.label}（${v.count}）`}</a>
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}
