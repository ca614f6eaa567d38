import { randomFillSync } from 'node:crypto'

const POOL_BYTES = 4096
const pool = Buffer.allocUnsafe(POOL_BYTES)
let used = POOL_BYTES

/**
 * A token of `bytes` bytes from the system's CSPRNG, drawn 4 KB at a time as crypto.randomUUID
 * does: a call into OpenSSL per token (the CSP nonce and a new visitor's CSRF token on every
 * page) cost ~3 % of a small page's CPU. Each byte is handed out once.
 */
export function randomToken(bytes: number, encoding: 'base64' | 'base64url'): string {
  if (bytes > POOL_BYTES) throw new RangeError(`randomToken: at most ${POOL_BYTES} bytes`)
  if (used + bytes > POOL_BYTES) {
    randomFillSync(pool)
    used = 0
  }
  const token = pool.toString(encoding, used, used + bytes)
  used += bytes
  return token
}
