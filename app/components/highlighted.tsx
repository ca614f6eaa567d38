import { splitHighlights } from '#search/highlight.ts'

/** Text with the matched ranges wrapped in <mark>; React escapes every piece. */
export function Highlighted({
  text,
  ranges,
}: {
  text: string
  ranges: readonly (readonly [number, number])[] | undefined
}) {
  if (!ranges || ranges.length === 0) return <>{text}</>
  return (
    <>
      {splitHighlights(text, ranges).map((piece, i) =>
        piece.marked ? <mark key={i}>{piece.text}</mark> : <span key={i}>{piece.text}</span>,
      )}
    </>
  )
}
