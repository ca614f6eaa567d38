import { sql } from 'drizzle-orm'
import type { UnderstoodQuery } from './understand.ts'

/**
 * How a query narrows rows, tried in order until one finds something: by the catalogue
 * items it names (btree), by its leftover words (full text), by agency name (trigram), or
 * not at all (filters only).
 */
export interface TextPlan {
  /** Items the query names, with their scores; null when the plan does not narrow by item. */
  items: { code: string; score: number }[] | null
  /** Words matched against the segmented vectors. */
  words: string[] | null
  /** Words looked for inside agency names, for names jieba split differently from the query. */
  nameWords: string[] | null
  /** The query as heard (测会 → 测绘) when the plan reads it so; null for the query as typed. */
  heardAs?: string | null
}

export function plansFor(u: UnderstoodQuery): TextPlan[] {
  const none = { items: null, words: null, nameWords: null }
  const byName = u.wholeName ? [{ ...none, nameWords: [u.wholeName] }] : []
  const [asTyped, ...looser] = plansForWords(u, none)
  // A word as typed is tried first (环景 may be a firm's name); what it sounds like (环境)
  // comes before the looser plans that drop or reread the typed words.
  const heardAs = u.soundsLike?.normalized ?? null
  const [heard, ...heardLooser] = u.soundsLike
    ? plansForWords(u.soundsLike, none).map((plan) => ({ ...plan, heardAs }))
    : []
  return [...byName, asTyped!, ...(heard ? [heard] : []), ...looser, ...heardLooser]
}

function plansForWords(u: UnderstoodQuery, none: TextPlan): TextPlan[] {
  const items = u.items.length > 0 ? u.items : null
  const words = u.words.length > 0 ? u.words : null
  if (items && words)
    return [
      { ...none, items, words },
      { ...none, items },
    ]
  if (items) return [{ ...none, items }]
  if (words)
    return [
      { ...none, words },
      { ...none, nameWords: words },
    ]
  // Any Henan place alone, or no words at all, still lists everything in the region.
  return [none]
}

export const tsQuery = (words: readonly string[]) =>
  sql`plainto_tsquery('simple', ${words.join(' ')})`

/**
 * Counting, facets and ranking of full-text matches stop at this many rows: a broad word
 * shows "5000+" and ranks the first 5,000 matches. Item and filter searches count exactly.
 */
export const COUNT_CAP = 5000
