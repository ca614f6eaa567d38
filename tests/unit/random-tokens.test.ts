import { describe, expect, it } from 'vitest'
import { randomToken } from '../../server/random-tokens.ts'

describe('random tokens (CSP nonces, CSRF tokens)', () => {
  it('never hands out the same bytes twice, across many refills of the pool', () => {
    const tokens = Array.from({ length: 2000 }, () => randomToken(32, 'base64url'))
    expect(new Set(tokens).size).toBe(tokens.length)
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it('gives the asked length in the asked encoding', () => {
    expect(Buffer.from(randomToken(16, 'base64'), 'base64')).toHaveLength(16)
    expect(() => randomToken(5000, 'base64')).toThrow(RangeError)
  })
})
