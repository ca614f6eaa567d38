import { Transform } from 'node:stream'

/**
 * React 18's streaming renderer pads a 2 KB chunk with NUL bytes when a multi-byte
 * character (every Chinese one) does not fit at its end (react#31134, fixed in 19).
 * UTF-8 HTML never contains a NUL byte, so dropping them restores the page exactly.
 */
export function stripNulBytes() {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(null, chunk.includes(0) ? chunk.filter((byte) => byte !== 0) : chunk)
    },
  })
}
