import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DatabaseHandle } from '../../models/db/client.ts'
import { organisations } from '../../models/db/schema.ts'
import { readDirectoryQuery } from '../../models/directory-query.ts'
import { listAgencies } from '../../models/directory.ts'
import { fakeUscc } from '../../seed/factories.ts'
import { createTestDatabase, ctxFor } from '../setup/test-database.ts'

let handle: DatabaseHandle
beforeAll(async () => {
  handle = await createTestDatabase()
})
afterAll(() => handle.close())

const byName = (token: string) => readDirectoryQuery(new URLSearchParams({ q: token }))

let made = 0
async function insertAgencies(token: string, count: number) {
  await handle.db.insert(organisations).values(
    Array.from({ length: count }, () => ({
      kind: 'agency' as const,
      name: `${token}机构${String(made++).padStart(3, '0')}`,
      uscc: fakeUscc(),
    })),
  )
}

/** The directory page's reading: the count may be reused, the rows never are. */
const pageOf = (token: string, page = 1) =>
  listAgencies(ctxFor(handle), byName(token), page, 20, { keptTotal: true })

describe('the directory page’s 共 N 家', () => {
  it('is exact at once when the page is not full: the rows are the count', async () => {
    await insertAgencies('末页甲', 3)
    expect((await pageOf('末页甲')).total).toBe(3)
    await insertAgencies('末页甲', 2)
    const again = await pageOf('末页甲')
    expect(again.total).toBe(5)
    expect(again.entries).toHaveLength(5)
  })

  it('reuses a recent count on a full page, never below the rows shown; exports count now', async () => {
    await insertAgencies('整页乙', 25)
    expect((await pageOf('整页乙')).total).toBe(25)
    await insertAgencies('整页乙', 10)
    // Within the minute the full first page keeps the count it read…
    const first = await pageOf('整页乙')
    expect(first.total).toBe(25)
    expect(first.entries).toHaveLength(20)
    // …while the last page and an exact count (CSV export, API) see all 35.
    expect((await pageOf('整页乙', 2)).total).toBe(35)
    expect((await listAgencies(ctxFor(handle), byName('整页乙'))).total).toBe(35)
  })

  it('past the last page shows the true count, not the pages skipped', async () => {
    await insertAgencies('越界丙', 25)
    expect((await pageOf('越界丙')).total).toBe(25)
    const beyond = await pageOf('越界丙', 9)
    expect(beyond.entries).toEqual([])
    expect(beyond.total).toBe(25)
  })
})
