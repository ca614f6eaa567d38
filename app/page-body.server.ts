import { Transform } from 'node:stream'

/** How long a page is held back whole before it streams; pages take a few milliseconds. */
const PAGE_HOLD_MS = 50

/**
 * The rendered page on its way to the client. React writes a page as dozens of 2 KB chunks,
 * and Remix its loader data as a few more scripts in the ticks after: each piece that left on
 * its own paid a gzip flush and a socket write (five writes for the bare page). The page is
 * held until it ends and leaves in one piece; one still rendering after `holdMs` (a Suspense
 * boundary waiting for data) streams from then on, each tick's chunks together.
 *
 * It also drops NUL bytes: React 18 pads a chunk with them when a multi-byte character (every
 * Chinese one) does not fit at its end (react#31134, fixed in 19). UTF-8 HTML never contains
 * a NUL byte, so dropping them restores the page exactly.
 *
 * It emits no 'close': React 18 takes a 'close' as the client leaving and aborts the render,
 * even one long finished, building two stack-traced errors each time (~1.5 % of a page's CPU).
 * An error still reaches React as 'error', and the page's abort timer still runs.
 */
export function pageBodyStream({ holdMs = PAGE_HOLD_MS }: { holdMs?: number } = {}) {
  let pending: Buffer[] = []
  let held: NodeJS.Timeout | undefined
  let streaming = false
  let scheduled = false
  const sendPending = () => {
    scheduled = false
    if (pending.length === 0) return
    const body = pending.length === 1 ? pending[0]! : Buffer.concat(pending)
    pending = []
    stream.push(body)
  }
  const startStreaming = () => {
    streaming = true
    sendPending()
  }
  const stream = new Transform({
    emitClose: false,
    transform(chunk: Buffer, _encoding, done) {
      pending.push(withoutNulBytes(chunk))
      if (!streaming) held ??= setTimeout(startStreaming, holdMs)
      else if (!scheduled) {
        scheduled = true
        setImmediate(sendPending)
      }
      done()
    },
    flush(done) {
      clearTimeout(held)
      sendPending()
      done()
    },
    destroy(error, done) {
      clearTimeout(held)
      done(error)
    },
  })
  return stream
}

export function withoutNulBytes(chunk: Buffer): Buffer {
  let nul = chunk.indexOf(0)
  if (nul < 0) return chunk
  const parts: Buffer[] = []
  let start = 0
  while (nul >= 0) {
    if (nul > start) parts.push(chunk.subarray(start, nul))
    start = nul + 1
    nul = chunk.indexOf(0, start)
  }
  parts.push(chunk.subarray(start))
  return Buffer.concat(parts)
}
