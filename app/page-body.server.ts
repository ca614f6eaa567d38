import { Transform } from 'node:stream'

/**
 * The rendered page on its way to the client. React writes a page as dozens of 2 KB chunks in
 * one tick, and each chunk paid its own trip through gzip and a socket write: chunks written
 * in the same tick now leave together, so the shell goes out in one piece and later Suspense
 * boundaries still stream as they resolve.
 *
 * It also drops NUL bytes: React 18 pads a chunk with them when a multi-byte character (every
 * Chinese one) does not fit at its end (react#31134, fixed in 19). UTF-8 HTML never contains
 * a NUL byte, so dropping them restores the page exactly.
 */
export function pageBodyStream() {
  let pending: Buffer[] = []
  let scheduled = false
  const sendPending = () => {
    scheduled = false
    if (pending.length === 0) return
    const body = pending.length === 1 ? pending[0]! : Buffer.concat(pending)
    pending = []
    stream.push(body)
  }
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      pending.push(withoutNulBytes(chunk))
      if (!scheduled) {
        scheduled = true
        setImmediate(sendPending)
      }
      done()
    },
    flush(done) {
      sendPending()
      done()
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
