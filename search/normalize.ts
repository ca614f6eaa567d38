import * as OpenCC from 'opencc-js'

/** Longest query worth reading; anything longer is cut (a pasted paragraph is not a search). */
export const MAX_QUERY_LENGTH = 100

const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' })

/**
 * What the user typed, folded for matching: full-width to half-width (NFKC), traditional
 * to simplified characters, lower case, and every run of punctuation, symbols or emoji
 * turned into one space. The result holds only letters, digits and single spaces.
 */
export function normalizeQuery(raw: string): string {
  const folded = toSimplified(raw.slice(0, 500).normalize('NFKC')).toLowerCase()
  return folded
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .slice(0, MAX_QUERY_LENGTH)
    .trim()
}

export const isHan = (text: string) => /\p{Script=Han}/u.test(text)
export const isLatin = (text: string) => /^[a-z0-9]+$/.test(text)
