/**
 * What bench:bids concludes from the answers it got and the bids opened at the deadline.
 *
 * - late_accepted: acknowledged although stamped at or after the deadline, or although sent
 *   after it (by the platform clock, less the uncertainty of our reading of that clock).
 * - lost: an agency whose last acknowledged bid (highest revision) is not the bid opened —
 *   missing, another revision, another price, salt or commitment.
 */
import { sha256 } from '../../models/audit.ts'
import { bidCommitment } from '../../models/rules/bid-price.ts'
import type { AttemptResult, Receipt } from './bid-http.ts'

export interface OpenedBidRow {
  agencyId: string
  priceFen: number | null
  salt: string | null
  commitment: string
  revision: number
  submittedAt: Date
  valid: boolean | null
  invalidReason: string | null
}

export interface VerdictInput {
  projectId: string
  deadline: number
  /** Platform clock − local clock, ms, and the uncertainty of that reading. */
  clock: { offset: number; uncertainty: number }
  results: AttemptResult[]
  opened: OpenedBidRow[]
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0
    ? null
    : Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 10) /
      10
const latency = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b)
  return { n: times.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99) }
}

const tally = (keys: string[]) =>
  keys.reduce<Record<string, number>>((acc, key) => ((acc[key] = (acc[key] ?? 0) + 1), acc), {})

export function judge(input: VerdictInput) {
  const { deadline, clock, results, projectId } = input
  const acked = results.flatMap((r) =>
    r.outcome.kind === 'acknowledged' ? [{ ...r, receipt: r.outcome.receipt }] : [],
  )
  const refused = results.flatMap((r) => (r.outcome.kind === 'refused' ? [r.outcome] : []))
  const sentAfter = (r: AttemptResult) => r.sentAt + clock.offset - clock.uncertainty >= deadline

  const late = acked.filter((r) => Date.parse(r.receipt.submittedAt) >= deadline || sentAfter(r))
  const selfChecked = (receipt: Receipt) =>
    bidCommitment(projectId, receipt.agencyId, receipt.priceFen, receipt.salt, sha256) ===
    receipt.commitment

  // Per agency, the acknowledged receipts; two with one revision would mean an overwrite.
  const byAgency = new Map<string, Receipt[]>()
  for (const r of acked)
    byAgency.set(r.receipt.agencyId, [...(byAgency.get(r.receipt.agencyId) ?? []), r.receipt])
  const openedByAgency = new Map(input.opened.map((row) => [row.agencyId, row]))
  const lost: { agencyId: string; acknowledged: Receipt; opened: OpenedBidRow | null }[] = []
  let revisionConflicts = 0
  let receiptsVerified = 0
  for (const [agencyId, receipts] of byAgency) {
    const revisions = new Set(receipts.map((r) => r.revision))
    revisionConflicts += receipts.length - revisions.size
    const last = receipts.reduce((a, b) => (b.revision > a.revision ? b : a))
    const row = openedByAgency.get(agencyId) ?? null
    const kept =
      row != null &&
      row.revision === last.revision &&
      row.priceFen === last.priceFen &&
      row.salt === last.salt &&
      row.commitment === last.commitment
    if (!kept) lost.push({ agencyId, acknowledged: last, opened: row })
    else if (
      bidCommitment(projectId, agencyId, row.priceFen!, row.salt!, sha256) === last.commitment
    )
      receiptsVerified++
  }
  const firstSent = Math.min(...results.map((r) => r.sentAt))
  const lastAnswered = Math.max(...results.map((r) => r.answeredAt))
  const before = results.filter((r) => !r.afterDeadline)
  return {
    attempts: results.length,
    attemptsBefore: before.length,
    attemptsAfter: results.length - before.length,
    acknowledged: acked.length,
    refused: refused.length,
    refusedBy: tally(refused.map((r) => r.reason)),
    // Meant for before the deadline but sent after it, because the server was behind.
    sentLate: before.filter(sentAfter).length,
    stored: input.opened.length,
    agenciesAcknowledged: byAgency.size,
    storedWithoutAck: input.opened.filter((row) => !byAgency.has(row.agencyId)).length,
    invalidAtOpening: tally(
      input.opened.filter((row) => row.valid === false).map((row) => row.invalidReason ?? '?'),
    ),
    lateAccepted: late.length,
    lost: lost.length,
    revisionConflicts,
    receiptsInconsistent: acked.filter((r) => !selfChecked(r.receipt)).length,
    receiptsVerified,
    lastAckBeforeDeadlineMs: acked.length
      ? Math.round(deadline - Math.max(...acked.map((r) => Date.parse(r.receipt.submittedAt))))
      : null,
    latencyAcknowledged: latency(acked.map((r) => r.latencyMs)),
    latencyAll: latency(results.map((r) => r.latencyMs)),
    throughput: Math.round(results.length / ((lastAnswered - firstSent) / 1000)),
    examples: {
      late: late
        .slice(0, 3)
        .map((r) => ({ sentAt: new Date(r.sentAt).toISOString(), receipt: r.receipt })),
      lost: lost.slice(0, 3),
      refused: refused.filter((r) => r.reason !== 'late').slice(0, 3),
    },
  }
}

export type Verdict = ReturnType<typeof judge>
