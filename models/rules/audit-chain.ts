/** Hash-chained audit log: each event's hash covers its content and its predecessor's hash. */

export const GENESIS_HASH = '0'.repeat(64)

export interface ChainedEvent {
  occurredAt: Date
  actorUserId: string | null
  action: string
  subjectType: string
  subjectId: string | null
  data: Record<string, unknown>
  prevHash: string
}

export type Hash = (text: string) => string

/** JSON with sorted keys, so jsonb's key reordering does not change the hash. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  if (value instanceof Date) return JSON.stringify(value.toISOString())
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
}

export function eventHash(event: ChainedEvent, hash: Hash): string {
  return hash(
    canonicalJson({
      occurredAt: event.occurredAt.toISOString(),
      actorUserId: event.actorUserId,
      action: event.action,
      subjectType: event.subjectType,
      subjectId: event.subjectId,
      data: event.data,
      prevHash: event.prevHash,
    }),
  )
}

export type ChainProblem = { seq: number; reason: string }

/**
 * Checks rows in order: each must link to the previous row's hash and hash to
 * what it claims. Returns the first problem, or null when the chain is whole.
 */
export function findChainBreak(
  rows: Iterable<ChainedEvent & { seq: number; hash: string }>,
  hash: Hash,
  previousHash = GENESIS_HASH,
): ChainProblem | null {
  let expectedPrev = previousHash
  for (const row of rows) {
    if (row.prevHash !== expectedPrev)
      return { seq: row.seq, reason: '前一条记录缺失或被改动（链接断开）' }
    if (eventHash(row, hash) !== row.hash)
      return { seq: row.seq, reason: '记录内容被改动（哈希不符）' }
    expectedPrev = row.hash
  }
  return null
}
