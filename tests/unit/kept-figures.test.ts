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
  it('reuses a reading within its time', async () => {
    const { reads, kept } = counter()
    expect(await kept(dbA, 'SI-001', 0)).toBe(1)
    expect(await kept(dbA, 'SI-001', 59_999)).toBe(1)
    expect(reads).toEqual(['SI-001'])
  })

  it('after its time serves the old figure while one new reading runs, then the new one', async () => {
    const { reads, kept } = counter()
    await kept(dbA, 'SI-001', 0)
    const during = await Promise.all([kept(dbA, 'SI-001', 60_000), kept(dbA, 'SI-001', 60_001)])
    expect(during).toEqual([1, 1])
    expect(reads).toEqual(['SI-001', 'SI-001'])
    expect(await kept(dbA, 'SI-001', 60_002)).toBe(2)
    // The new figure is kept for its own time, from when it was read.
    expect(await kept(dbA, 'SI-001', 119_999)).toBe(2)
    expect(reads).toHaveLength(2)
  })

  it('makes the visitor wait for a new reading once the old one is twice its time old', async () => {
    const { reads, kept } = counter()
    await kept(dbA, 'SI-001', 0)
    expect(await kept(dbA, 'SI-001', 120_000)).toBe(2)
    expect(reads).toHaveLength(2)
  })

  it('keeps serving the old figure when a new reading fails, and tries again', async () => {
    let fail = false
    let reads = 0
    const kept = keptFigures(60_000, async () => {
      reads++
      if (fail) throw new Error('database unavailable')
      return reads
    })
    expect(await kept(dbA, 'x', 0)).toBe(1)
    fail = true
    expect(await kept(dbA, 'x', 60_000)).toBe(1)
    await Promise.resolve()
    expect(await kept(dbA, 'x', 60_001)).toBe(1)
    expect(reads).toBe(3)
    fail = false
    expect(await kept(dbA, 'x', 60_002)).toBe(1)
    expect(await kept(dbA, 'x', 60_003)).toBe(4)
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
