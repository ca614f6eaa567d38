import { Jieba } from '@node-rs/jieba'
import { dict } from '@node-rs/jieba/dict'
import { placeNames } from './places.ts'
import { synonyms } from './synonyms.ts'

/**
 * jieba with jieba's own dictionary plus the domain's words: catalogue item names,
 * aliases, qualification names and departments (added by registerWords when the catalogue
 * is read), synonym words and Henan place names, so 环评, 濮阳 and 水土保持 stay whole.
 */
const jieba = Jieba.withDict(dict)
const known = new Set<string>()

/** Adds words to the segmentation dictionary; words already added are skipped. */
export function registerWords(words: Iterable<string>) {
  const fresh = [...words].filter((w) => w.length >= 2 && !/\s/.test(w) && !known.has(w))
  if (fresh.length === 0) return
  for (const word of fresh) known.add(word)
  // A high frequency makes jieba prefer the domain word over splitting it.
  const lines = fresh.map((word) => `${word} 200000 n`).join('\n')
  jieba.loadDict(Buffer.from(lines, 'utf8'))
}

registerWords([
  ...Object.keys(synonyms),
  ...Object.values(synonyms).flat(),
  ...placeNames.map((p) => p.name),
])

const meaningful = (token: string) => /[\p{L}\p{N}]/u.test(token)

/** Precise segmentation, for reading a query. */
export function cut(text: string): string[] {
  return jieba
    .cut(text, true)
    .map((t) => t.trim())
    .filter(meaningful)
}

/** Search-mode segmentation: whole words plus their shorter parts, for the index. */
export function cutForSearch(text: string): string[] {
  return jieba
    .cutForSearch(text, true)
    .map((t) => t.trim())
    .filter(meaningful)
}

/** Text for `to_tsvector('simple', …)`: lower-case, segmented tokens joined by spaces. */
export function indexText(...parts: (string | null | undefined)[]): string {
  const text = parts.filter(Boolean).join(' ').toLowerCase()
  return [...new Set(cutForSearch(text))].join(' ')
}
