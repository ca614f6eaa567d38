import type { Database } from './db/client.ts'

/**
 * Aggregate figures a public page shows beside its live rows (how many agencies match, an
 * item's fee range and median), reused for `ttlMs` per process and per database: counting
 * tens of thousands of rows on every view costs more than the rest of the page. Lists
 * themselves are never kept — only these summaries may be a little old. A failed read is
 * not kept; at most `maxKeys` keys are, the oldest going first.
 */
export function keptFigures<T>(
  ttlMs: number,
  read: (db: Database, key: string) => Promise<T>,
  { maxKeys = 1000 }: { maxKeys?: number } = {},
) {
  const byDatabase = new WeakMap<Database, Map<string, { at: number; value: Promise<T> }>>()
  return (db: Database, key = '', now = Date.now()): Promise<T> => {
    let entries = byDatabase.get(db)
    if (!entries) byDatabase.set(db, (entries = new Map()))
    const entry = entries.get(key)
    if (entry && now - entry.at < ttlMs) return entry.value
    // Concurrent visitors of an expired entry share one read.
    const value = read(db, key)
    entries.delete(key)
    entries.set(key, { at: now, value })
    if (entries.size > maxKeys) entries.delete(entries.keys().next().value!)
    const kept = entries
    value.catch(() => {
      if (kept.get(key)?.value === value) kept.delete(key)
    })
    return value
  }
}
