import type { Database } from './db/client.ts'

interface Kept<T> {
  at: number
  value: Promise<T>
  /** Set once the reading has succeeded: only a known value is served while a new one is read. */
  known: boolean
  refreshing: boolean
}

/**
 * Aggregate figures a public page shows beside its live rows (how many agencies match, an
 * item's fee range and median), reused for `ttlMs` per process and per database: counting
 * tens of thousands of rows on every view costs more than the rest of the page. Lists
 * themselves are never kept — only these summaries may be a little old. A failed read is
 * not kept; at most `maxKeys` keys are, the oldest going first.
 *
 * Past `ttlMs` the old figure is still served while one new reading runs, so no visitor waits
 * for a recount (counting 100,000 organisations took 120–560 ms on the bench database, and
 * every visitor of that moment waited for it). Past twice `ttlMs` a visitor waits again.
 */
export function keptFigures<T>(
  ttlMs: number,
  read: (db: Database, key: string) => Promise<T>,
  { maxKeys = 1000 }: { maxKeys?: number } = {},
) {
  const byDatabase = new WeakMap<Database, Map<string, Kept<T>>>()

  const keep = (entries: Map<string, Kept<T>>, key: string, kept: Kept<T>) => {
    entries.delete(key)
    entries.set(key, kept)
    if (entries.size > maxKeys) entries.delete(entries.keys().next().value!)
  }

  const readInto = (entries: Map<string, Kept<T>>, db: Database, key: string, at: number) => {
    const kept: Kept<T> = { at, value: read(db, key), known: false, refreshing: false }
    kept.value.then(
      () => (kept.known = true),
      () => {
        if (entries.get(key) === kept) entries.delete(key)
      },
    )
    return kept
  }

  return (db: Database, key = '', now = Date.now()): Promise<T> => {
    let entries = byDatabase.get(db)
    if (!entries) byDatabase.set(db, (entries = new Map()))
    const entry = entries.get(key)
    const age = entry ? now - entry.at : Infinity
    if (entry && age < ttlMs) return entry.value
    if (entry?.known && age < 2 * ttlMs) {
      if (!entry.refreshing) {
        entry.refreshing = true
        const next = readInto(entries, db, key, now)
        const kept = entries
        // The new figure replaces the old once it is known; a failed one leaves the old in place.
        next.value.then(
          () => kept.get(key) === entry && keep(kept, key, next),
          () => (entry.refreshing = false),
        )
      }
      return entry.value
    }
    // Concurrent visitors of an unknown or too old entry share one read.
    const kept = readInto(entries, db, key, now)
    keep(entries, key, kept)
    return kept.value
  }
}
