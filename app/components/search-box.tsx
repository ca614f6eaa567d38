import { useEffect, useId, useRef, useState } from 'react'

/**
 * One search box: a plain GET form to /search that works without JavaScript. With it,
 * a <datalist> offers completions fetched from /search/suggest as the person types.
 */
export function SearchBox({ defaultValue = '', type }: { defaultValue?: string; type?: string }) {
  const listId = useId()
  const [options, setOptions] = useState<string[]>([])
  const [text, setText] = useState(defaultValue)
  const latest = useRef('')
  useEffect(() => {
    const q = text.trim()
    latest.current = q
    if (q.length === 0) return
    const timer = setTimeout(() => {
      fetch(`/search/suggest?q=${encodeURIComponent(q)}`)
        .then((response) => (response.ok ? response.json() : { suggestions: [] }))
        .then((body: { suggestions?: string[] }) => {
          if (latest.current === q) setOptions(body.suggestions ?? [])
        })
        .catch(() => undefined)
    }, 150)
    return () => clearTimeout(timer)
  }, [text])
  return (
    <form method="get" action="/search" role="search" className="search-box">
      <label htmlFor={`${listId}-q`} className="visually-hidden">
        搜索服务事项或中介机构
      </label>
      <input
        id={`${listId}-q`}
        type="search"
        name="q"
        value={text}
        onChange={(event) => setText(event.target.value)}
        list={`${listId}-list`}
        maxLength={100}
        autoComplete="off"
        placeholder="如：环评、濮阳 测绘、水保、stbc"
      />
      <datalist id={`${listId}-list`}>
        {options.map((option) => (
          <option key={option} value={option} />
        ))}
      </datalist>
      {type && type !== 'offering' ? <input type="hidden" name="type" value={type} /> : null}
      <button type="submit" className="button button--primary">
        搜索
      </button>
    </form>
  )
}
