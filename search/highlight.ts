/** [start, end) character ranges of `text` that match one of `terms`, merged and sorted. */
export function highlightRanges(text: string, terms: readonly string[]): [number, number][] {
  const lower = text.toLowerCase()
  const ranges: [number, number][] = []
  for (const term of terms) {
    if (term.length === 0) continue
    for (let at = lower.indexOf(term); at >= 0; at = lower.indexOf(term, at + term.length))
      ranges.push([at, at + term.length])
  }
  ranges.sort((a, b) => a[0] - b[0])
  const merged: [number, number][] = []
  for (const range of ranges) {
    const last = merged.at(-1)
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1])
    else merged.push([...range])
  }
  return merged
}

/** Text split into plain and marked pieces, for rendering with <mark>. */
export function splitHighlights(text: string, ranges: readonly (readonly [number, number])[]) {
  const pieces: { text: string; marked: boolean }[] = []
  let at = 0
  for (const [start, end] of ranges) {
    if (start < at || end > text.length) continue
    if (start > at) pieces.push({ text: text.slice(at, start), marked: false })
    pieces.push({ text: text.slice(start, end), marked: true })
    at = end
  }
  if (at < text.length) pieces.push({ text: text.slice(at), marked: false })
  return pieces
}
