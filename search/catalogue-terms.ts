import { isNull, sql } from 'drizzle-orm'
import type { Database } from '../models/db/client.ts'
import { serviceItems } from '../models/db/schema.ts'
import { PinyinLexicon } from './pinyin.ts'
import { selectRows } from './raw-sql.ts'
import { placeNames } from './places.ts'
import { cutForSearch, registerWords } from './segment.ts'
import { synonyms } from './synonyms.ts'

export interface CatalogueTerm {
  code: string
  name: string
  category: string
  aliases: readonly string[]
  department: string
  qualification: string | null
}

/** The catalogue as search reads it: items, plus the pinyin of every catalogue word. */
export interface CatalogueLexicon {
  items: readonly CatalogueTerm[]
  pinyin: PinyinLexicon
}

/** Builds the lexicon and adds the catalogue's words to the segmentation dictionary. */
export function buildLexicon(items: readonly CatalogueTerm[]): CatalogueLexicon {
  const words = new Set<string>()
  for (const item of items) {
    for (const text of [item.name, ...item.aliases]) {
      words.add(text)
      for (const part of cutForSearch(text)) words.add(part)
    }
    words.add(item.department)
    if (item.qualification) words.add(item.qualification)
  }
  registerWords(words)
  for (const [key, values] of Object.entries(synonyms))
    for (const w of [key, ...values]) words.add(w)
  for (const place of placeNames) words.add(place.name)
  const spans = new Set<string>()
  for (const item of items)
    for (let i = 0; i < item.name.length; i++)
      for (let j = i + 2; j <= item.name.length; j++) spans.add(item.name.slice(i, j))
  return { items, pinyin: new PinyinLexicon(words, spans) }
}

let cached: { key: string; lexicon: CatalogueLexicon } | undefined

/** The lexicon the last read built, if any: the same object for as long as it is current. */
export function lastLexicon(): CatalogueLexicon | undefined {
  return cached?.lexicon
}

/**
 * The lexicon of the items in force. It is checked on every call, so an item a supervisor
 * adds is searchable at once: each row's transaction id (xmin) changes with every write,
 * so comparing them costs one small query, and the items are read and the lexicon rebuilt
 * only when one changed.
 */
export async function loadLexicon(db: Database): Promise<CatalogueLexicon> {
  const [stamp] = await selectRows<{ version: string | null }>(
    db,
    sql`select string_agg(code || ':' || xmin::text, ',' order by code) as version
      from ${serviceItems}`,
  )
  const version = stamp?.version ?? ''
  if (cached?.key === version) return cached.lexicon
  const items = await db
    .select({
      code: serviceItems.code,
      name: serviceItems.name,
      category: serviceItems.category,
      aliases: serviceItems.aliases,
      department: serviceItems.department,
      qualification: serviceItems.qualification,
    })
    .from(serviceItems)
    .where(isNull(serviceItems.retiredAt))
    .orderBy(serviceItems.code)
  // A write between the two reads only makes the next call rebuild again.
  cached = { key: version, lexicon: buildLexicon(items) }
  return cached.lexicon
}
