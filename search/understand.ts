import type { CatalogueLexicon, CatalogueTerm } from './catalogue-terms.ts'
import { isHan, isLatin, normalizeQuery } from './normalize.ts'
import { fullPinyin } from './pinyin.ts'
import { extractPlace, type Place } from './places.ts'
import { cut, cutForSearch } from './segment.ts'
import { expand, stopWords } from './synonyms.ts'

export interface UnderstoodQuery {
  /** The folded query (simplified, no punctuation). */
  normalized: string
  place: Place | null
  /** Catalogue items the query names, best first, with their scores. */
  items: { code: string; score: number }[]
  /** Words that named no item or place: matched against agency names and scopes. */
  words: string[]
  /** Words to mark in results. */
  highlights: string[]
  /** The query as one organisation's full name (…有限公司, …研究院), looked for first; or null. */
  wholeName: string | null
  /**
   * The query with its unknown words replaced by the catalogue words they sound like (环竟 →
   * 环境, 测会 → 测绘): tried only when the words as typed find nothing. Null when none does.
   */
  soundsLike: UnderstoodQuery | null
}

// Whole names of agencies end so; a query that does is first looked for as a name, before
// its words are read as catalogue items (测试评估咨询有限公司 is not any 评估 or 咨询 firm).
const organisationEnding = /(公司|中心|院|所|站|社|队)$/

function wholeNameIn(normalized: string): string | null {
  const compact = normalized.replace(/\s+/g, '')
  return compact.length >= 6 && organisationEnding.test(compact) ? compact : null
}

/** An item matches a word that occurs in its name or an alias, or that contains an alias. */
function itemMatches(item: CatalogueTerm, word: string): boolean {
  if (word.length < 2) return false
  if (item.name.includes(word)) return true
  return item.aliases.some((alias) => alias.includes(word) || word.includes(alias))
}

function matchingItems(lexicon: CatalogueLexicon, words: readonly string[]) {
  return lexicon.items.filter((item) => words.some((w) => itemMatches(item, w)))
}

/** Latin chunks spelled in pinyin become the Chinese words they spell (stbc → 水土保持). */
function readPinyin(lexicon: CatalogueLexicon, query: string): string {
  if (/^[a-z ]+$/.test(query) && query.includes(' ')) {
    const joined = lexicon.pinyin.lookup(query.replace(/ /g, ''))
    if (joined.length > 0) return joined[0]!
  }
  return query
    .split(' ')
    .map((chunk) => (isLatin(chunk) ? (lexicon.pinyin.lookup(chunk)[0] ?? chunk) : chunk))
    .join(' ')
}

/**
 * Item codes as the catalogue prints them (SI-036, si036, SI 036) name that item; taken out
 * before pinyin, which would read 'si' as a syllable.
 */
function takeItemCodes(lexicon: CatalogueLexicon, normalized: string) {
  const codes: string[] = []
  const rest = normalized.replace(/(^| )si ?(\d{3})(?= |$)/g, (whole, space: string, digits) => {
    const code = `SI-${digits}`
    if (!lexicon.items.some((item) => item.code === code)) return whole
    codes.push(code)
    return space
  })
  return { codes, rest: rest.trim() }
}

/**
 * Reads a query the way a person meant it: places become a region filter; each remaining
 * word (or a synonym of it) is looked up in the catalogue's names and aliases; a word
 * naming few items weighs more than one naming many (like IDF), and items scoring well
 * below the best are dropped. Words naming nothing are left for full-text search.
 */
export function understandQuery(
  lexicon: CatalogueLexicon,
  raw: string,
  correct = true,
): UnderstoodQuery {
  const normalized = normalizeQuery(raw)
  const named = takeItemCodes(lexicon, normalized)
  const { place, rest } = extractPlace(readPinyin(lexicon, named.rest))
  const scores = new Map<string, number>()
  const words: string[] = []
  const highlights = new Set<string>(place ? [place.name] : [])
  const total = Math.max(lexicon.items.length, 1)
  const homophones = new Map<string, string>()

  const consider = (token: string, depth: number) => {
    if (stopWords.has(token)) return
    const alternatives = expand(token)
    const matched = matchingItems(lexicon, alternatives)
    if (matched.length === 0) {
      // A long unknown word may still hold catalogue words: try its parts once.
      const parts = depth === 0 && token.length >= 4 ? cutForSearch(token) : []
      const known = parts.filter((p) => p !== token && matchingItems(lexicon, expand(p)).length)
      if (known.length > 0) for (const part of known) consider(part, 1)
      else if (token.length >= 2 || !isHan(token)) {
        words.push(token)
        const heard = correct && isHan(token) ? soundAlike(lexicon, token) : null
        if (heard) homophones.set(token, heard)
      }
      return
    }
    const weight = Math.log(1 + total / matched.length)
    for (const item of matched) {
      const exact = alternatives.some((w) => w === item.name || item.aliases.includes(w))
      scores.set(item.code, (scores.get(item.code) ?? 0) + weight + (exact ? 1 : 0))
    }
    for (const w of alternatives) highlights.add(w)
  }
  for (const token of cut(rest)) consider(token, 0)
  // A code is the most exact way to name an item: above any word's weight.
  for (const code of named.codes)
    scores.set(code, (scores.get(code) ?? 0) + Math.log(1 + total) + 1)

  const best = Math.max(0, ...scores.values())
  const items = [...scores]
    .filter(([, score]) => score >= best * 0.6)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([code, score]) => ({ code, score: Math.round(score * 1000) / 1000 }))
  for (const w of words) highlights.add(w)
  let heard = normalized
  for (const [typed, word] of homophones) heard = heard.replaceAll(typed, word)
  const soundsLike = homophones.size > 0 ? understandQuery(lexicon, heard, false) : null
  for (const w of soundsLike?.highlights ?? []) highlights.add(w)
  return {
    normalized,
    place,
    items,
    words: [...new Set(words)],
    highlights: [...highlights],
    wholeName: wholeNameIn(normalized),
    soundsLike,
  }
}

/** The catalogue word of the same length that a Chinese word sounds like, if just one does. */
function soundAlike(lexicon: CatalogueLexicon, word: string): string | null {
  const heard = lexicon.pinyin
    .lookup(fullPinyin(word))
    .filter((w) => w.length === word.length && w !== word && isHan(w))
  return heard.length === 1 ? heard[0]! : null
}
