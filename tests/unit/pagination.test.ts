import { describe, expect, it } from 'vitest'
import { toLastPageIfPast } from '../../app/pagination.server.ts'

/** Where a page number sends the visitor: null when the page is shown as asked. */
function destination(href: string, page: number, pageCount: number, param?: string) {
  try {
    toLastPageIfPast(new URL(href, 'http://zjcs.test'), page, pageCount, param)
    return null
  } catch (thrown) {
    const response = thrown as Response
    expect(response.status).toBe(302)
    return response.headers.get('Location')
  }
}

describe('a page number past the last page', () => {
  it('goes to the last page with the filters kept', () => {
    expect(destination('/agencies?city=4109&item=SI-036&page=999', 999, 161)).toBe(
      '/agencies?city=4109&item=SI-036&page=161',
    )
  })

  it('drops the number when there is one page, or nothing matched', () => {
    expect(destination('/projects?status=open&page=3', 3, 1)).toBe('/projects?status=open')
    expect(destination('/agencies?q=%E6%97%A0&page=2', 2, 0)).toBe('/agencies?q=%E6%97%A0')
  })

  it('leaves the pages that exist alone', () => {
    expect(destination('/agencies?page=161', 161, 161)).toBeNull()
    expect(destination('/agencies', 1, 0)).toBeNull()
  })

  it('pages a second list on the same page by its own parameter', () => {
    expect(destination('/my/bids?page=2&open=50', 50, 3, 'open')).toBe('/my/bids?page=2&open=3')
  })
})
