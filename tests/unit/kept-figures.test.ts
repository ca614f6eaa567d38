import { describe, expect, it } from 'vitest'
import type { Database } from '../../models/db/client.ts'
import { keptFigures } from '../../models/kept-figures.ts'

// Only the identity of the database matters here: it keys the kept figures.
const dbA = {} as Database
const dbB = {} as Database

function counter() {
  const reads: string[] = []
  const kept = keptFigures(
    60_000,
    async (_db, key) => {
      reads.push(key)
      return reads.length
    },
    { maxKeys: 2 },
  )
  return { reads, kept }
}

describe('kept figures', () => {
  it('reuses a reading within its time, and reads again after it', async () => {
    const { reads, kept } = counter()
    expect(await kept(dbA, 'SI-001', 0)).toBe(1)
    expect(await kept(dbA, 'SI-001', 59_999)).toBe(1)
    expect(await kept(dbA, 'SI-001', 60_000)).toBe(2)
    expect(reads).toEqual(['SI-001', 'SI-001'])
  })

  it('keeps each key and each database apart', async () => {
    const { kept } = counter()
    expect(await kept(dbA, 'SI-001', 0)).toBe(1)
    expect(await kept(dbA, 'SI-002', 0)).toBe(2)
    expect(await kept(dbB, 'SI-001', 0)).toBe(3)
    expect(await kept(dbA, 'SI-001', 1)).toBe(1)
  })

  it('lets concurrent visitors share one reading', async () => {
    const { reads, kept } = counter()
    const answers = await Promise.all([kept(dbA, 'x', 0), kept(dbA, 'x', 0), kept(dbA, 'x', 0)])
    expect(answers).toEqual([1, 1, 1])
    expect(reads).toHaveLength(1)
  })

  it('does not keep a failed reading', async () => {
    let fail = true
    const kept = keptFigures(60_000, async () => {
      if (fail) throw new Error('database unavailable')
      return 42
    })
    await expect(kept(dbA, 'x', 0)).rejects.toThrow('database unavailable')
    fail = false
    expect(await kept(dbA, 'x', 1)).toBe(42)
  })

  it('forgets the oldest key beyond its limit', async () => {
    const { reads, kept } = counter()
    await kept(dbA, 'a', 0)
    await kept(dbA, 'b', 0)
    await kept(dbA, 'c', 0)
    await kept(dbA, 'b', 1)
    await kept(dbA, 'a', 1)
    expect(reads).toEqual(['a', 'b', 'c', 'a'])
  })
})
