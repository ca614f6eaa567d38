import { redirect } from '@remix-run/node'

/**
 * A page number past the last page (an old link, a typed number, rows gone since) goes to the
 * last page, filters kept, instead of an empty page that says nothing matched.
 */
export function toLastPageIfPast(url: URL, page: number, pageCount: number, param = 'page') {
  // An empty list still has its one page, the one that says nothing matched.
  const last = Math.max(1, pageCount)
  if (page <= last) return
  const target = new URL(url)
  if (last === 1) target.searchParams.delete(param)
  else target.searchParams.set(param, String(last))
  throw redirect(`${target.pathname}${target.search}`)
}
