import { useSearchParams } from '@remix-run/react'
import type { FacetValue } from '#search/facets.ts'

/** The current search with one parameter set (or cleared), back on page 1. */
function searchHref(current: URLSearchParams, name: string, value: string | null) {
  const params = new URLSearchParams(current)
  params.delete('page')
  if (value == null) params.delete(name)
  else params.set(name, value)
  return `/search?${params.toString()}`
}

/** searchHref for the page's own search. */
export function useHrefWith() {
  const [current] = useSearchParams()
  return (name: string, value: string | null) => searchHref(current, name, value)
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
  const [params] = useSearchParams()
  const chosen = params.get(name)
  if (values.length === 0) return null
  return (
    <section className="facet">
      <h3>{title}</h3>
      <ul>
        {values.map((v) => (
          <li key={v.value}>
            {chosen === v.value ? (
              <a href={searchHref(params, name, null)} aria-current="true">
                <strong>{v.label}</strong>
                {`（${v.count}）✕`}
              </a>
            ) : (
              <a href={searchHref(params, name, v.value)}>{`${v.label}（${v.count}）`}</a>
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}
