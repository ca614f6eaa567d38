import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  canonicalJson,
  eventHash,
  findChainBreak,
  GENESIS_HASH,
} from '../../models/rules/audit-chain.ts'

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

function chain(length: number) {
  const rows = []
  let prevHash = GENESIS_HASH
  for (let seq = 1; seq <= length; seq++) {
    const event = {
      occurredAt: new Date(Date.UTC(2026, 10, 26, 1, 0, seq)),
      actorUserId: null,
      action: 'session.signed_in',
      subjectType: 'user',
      subjectId: `u${seq}`,
      data: { n: seq },
      prevHash,
    }
    const hash = eventHash(event, sha256)
    rows.push({ ...event, seq, hash })
    prevHash = hash
  }
  return rows
}

describe('audit hash chain', () => {
  it('canonical JSON ignores key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 2], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [1, 2] }, b: 1 }),
    )
  })

  it('accepts an untouched chain', () => {
    expect(findChainBreak(chain(5), sha256)).toBeNull()
  })

  it('names the altered row', () => {
    const rows = chain(5)
    rows[2]!.data = { n: 99 }
    expect(findChainBreak(rows, sha256)).toMatchObject({
      seq: 3,
      reason: expect.stringContaining('哈希不符'),
    })
  })

  it('names the row after a removed one', () => {
    const rows = chain(5)
    rows.splice(1, 1)
    expect(findChainBreak(rows, sha256)).toMatchObject({
      seq: 3,
      reason: expect.stringContaining('链接断开'),
    })
  })

  it('catches a row rewritten with a fresh hash, at its successor', () => {
    const rows = chain(4)
    rows[1]!.subjectId = 'someone-else'
    rows[1]!.hash = eventHash(rows[1]!, sha256)
    expect(findChainBreak(rows, sha256)).toMatchObject({ seq: 3 })
  })
})
