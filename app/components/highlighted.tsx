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
  // Unmarked pieces stay plain text: marked and unmarked pieces alternate, so no two pieces of
  // text meet and the page needs neither a wrapper element nor a <!-- --> between them.
  return (
    <>
      {splitHighlights(text, ranges).map((piece, i) =>
        piece.marked ? <mark key={i}>{piece.text}</mark> : piece.text,
      )}
    </>
  )
}
