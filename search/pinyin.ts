import { pinyin } from 'pinyin-pro'

/** Full pinyin without tones or spaces: 水土保持 → shuitubaochi. */
export function fullPinyin(word: string): string {
  return pinyin(word, { toneType: 'none', type: 'array', nonZh: 'consecutive' })
    .join('')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
}

/** First letters: 水土保持 → stbc. */
export function pinyinInitials(word: string): string {
  return pinyin(word, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' })
    .join('')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
}

/** Chinese words by their full pinyin and by their initials (two letters or more). */
export class PinyinLexicon {
  private readonly byKey = new Map<string, Set<string>>()

  /**
   * `words` are known by full pinyin and initials; `spans` (any stretch of a name) by full
   * pinyin only: initials of arbitrary stretches would collide too often.
   */
  constructor(words: Iterable<string>, spans: Iterable<string> = []) {
    for (const word of words) {
      if (!/\p{Script=Han}/u.test(word) || word.length < 2) continue
      this.add(fullPinyin(word), word)
      this.add(pinyinInitials(word), word)
    }
    for (const span of spans) if (span.length >= 2) this.add(fullPinyin(span), span)
  }

  private add(key: string, word: string) {
    if (key.length < 2) return
    const words = this.byKey.get(key) ?? new Set()
    words.add(word)
    this.byKey.set(key, words)
  }

  /** The words this pinyin (full or initials) spells, longest first; [] when none. */
  lookup(latin: string): string[] {
    const words = this.byKey.get(latin.toLowerCase())
    return words ? [...words].sort((a, b) => b.length - a.length) : []
  }
}
