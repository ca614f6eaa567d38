import { useLocation } from '@remix-run/react'

interface PaginationProps {
  page: number
  pageCount: number
}

/** Plain links that keep the current filters, so paging works without JavaScript. */
export function Pagination({ page, pageCount }: PaginationProps) {
  const location = useLocation()
  if (pageCount <= 1) return null
  const hrefFor = (target: number) => {
    const params = new URLSearchParams(location.search)
    if (target <= 1) params.delete('page')
    else params.set('page', String(target))
    const query = params.toString()
    return query ? `?${query}` : location.pathname
  }
  return (
    <nav className="pagination" aria-label="分页">
      {page > 1 ? <a href={hrefFor(page - 1)}>上一页</a> : <span aria-hidden="true">上一页</span>}
      <span aria-current="page">{`第 ${page} / ${pageCount} 页`}</span>
      {page < pageCount ? (
        <a href={hrefFor(page + 1)}>下一页</a>
      ) : (
        <span aria-hidden="true">下一页</span>
      )}
    </nav>
  )
}

/** Reads ?page= safely: a whole number from 1 to `max`. */
export function pageFrom(url: URL, max = 10_000) {
  const n = Number(url.searchParams.get('page'))
  return Number.isInteger(n) && n >= 1 ? Math.min(n, max) : 1
}
