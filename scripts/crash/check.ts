/**
 * What crash:bids checks in the database after the crashes. A bid submission writes, in one
 * transaction, the bid row (inserted, or revised in place with revision + 1) and a
 * bid.submitted / bid.revised audit event naming the bid, its revision and commitment. So:
 *
 * - every acknowledged receipt has its audit event (the write it acknowledged committed);
 * - each agency's stored bid is its last acknowledged one (same revision, commitment, price
 *   and salt once unsealed), or a later one the agency sent but never got an answer for;
 * - no half-written rows: each bid unseals, matches its commitment, and has exactly one
 *   audit event for each revision 1…n, the last with its commitment; no bid event names a
 *   missing bid.
 */
import { and, eq, inArray } from 'drizzle-orm'
import { sha256 } from '../../models/audit.ts'
import { unsealBid } from '../../models/bid-sealing.ts'
import type { Database } from '../../models/db/client.ts'
import { bids } from '../../models/db/schema-procedures.ts'
import { auditEvents } from '../../models/db/schema.ts'
import { bidCommitment } from '../../models/rules/bid-price.ts'
import type { Receipt } from './agency-client.ts'

export interface SentBids {
  acknowledged: Receipt[]
  /** Prices sent per agency that got no answer (the server died under them). */
  unanswered: Map<string, number[]>
}

export interface StoreReport {
  acknowledged: number
  /** Acknowledged receipts whose write is in the database (and, for the last, still the bid). */
  stored: number
  lost: number
  /** Writes committed whose answer never came back (the server died before it was sent). */
  committedUnanswered: number
  /** Writes that are neither acknowledged nor a bid left unanswered by a crash: must be 0. */
  storedDespiteRefusal: number
  halfWritten: {
    unsealFailed: number
    commitmentMismatch: number
    revisionsWithoutEvent: number
    duplicateEvents: number
    eventsForMissingBid: number
  }
  bidRows: number
  bidEvents: number
  examples: string[]
}

export async function checkStoredBids(
  db: Database,
  projectId: string,
  sent: SentBids,
): Promise<StoreReport> {
  const rows = await db.select().from(bids).where(eq(bids.projectId, projectId))
  const events = await db
    .select({ action: auditEvents.action, data: auditEvents.data })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.subjectType, 'project'),
        eq(auditEvents.subjectId, projectId),
        inArray(auditEvents.action, ['bid.submitted', 'bid.revised']),
      ),
    )
  const examples: string[] = []
  const note = (line: string) => examples.length < 10 && examples.push(line)
  const half = {
    unsealFailed: 0,
    commitmentMismatch: 0,
    revisionsWithoutEvent: 0,
    duplicateEvents: 0,
    eventsForMissingBid: 0,
  }

  // bidId → revision → commitments recorded by the audit log
  const logged = new Map<string, Map<number, string[]>>()
  for (const { data } of events) {
    const bidId = String(data.bidId)
    const revisions = logged.get(bidId) ?? new Map<number, string[]>()
    logged.set(bidId, revisions)
    const revision = Number(data.revision)
    revisions.set(revision, [...(revisions.get(revision) ?? []), String(data.commitment)])
  }
  const rowIds = new Set(rows.map((r) => r.id))
  for (const bidId of logged.keys())
    if (!rowIds.has(bidId)) {
      half.eventsForMissingBid++
      note(`审计事件指向不存在的报价 ${bidId}`)
    }

  const unsealed = new Map<string, { priceFen: number; salt: string }>()
  const rowByAgency = new Map(rows.map((r) => [r.agencyId, r]))
  for (const row of rows) {
    try {
      const content = unsealBid(projectId, row.agencyId, row.sealed)
      unsealed.set(row.id, content)
      if (
        bidCommitment(projectId, row.agencyId, content.priceFen, content.salt, sha256) !==
        row.commitment
      ) {
        half.commitmentMismatch++
        note(`报价 ${row.id} 的密封价格与承诺值不符`)
      }
    } catch (error) {
      half.unsealFailed++
      note(`报价 ${row.id} 无法解封：${String(error)}`)
    }
    const revisions = logged.get(row.id) ?? new Map<number, string[]>()
    for (let revision = 1; revision <= row.revision; revision++) {
      const commitments = revisions.get(revision) ?? []
      if (commitments.length === 0) {
        half.revisionsWithoutEvent++
        note(`报价 ${row.id} 第 ${revision} 版没有审计事件`)
      } else if (commitments.length > 1) {
        half.duplicateEvents++
        note(`报价 ${row.id} 第 ${revision} 版有 ${commitments.length} 条审计事件`)
      }
    }
    if (revisions.get(row.revision)?.at(-1) !== row.commitment) {
      half.commitmentMismatch++
      note(`报价 ${row.id} 的承诺值与其最后一条审计事件不符`)
    }
    for (const revision of revisions.keys())
      if (revision > row.revision) {
        half.revisionsWithoutEvent++
        note(`审计事件记录了报价 ${row.id} 的第 ${revision} 版，但报价只到第 ${row.revision} 版`)
      }
  }

  let matched = 0
  const lastAck = new Map<string, Receipt>()
  // A receipt counts as lost once, whichever checks it fails.
  const storedReceipts = new Set<Receipt>()
  for (const receipt of sent.acknowledged) {
    if (logged.get(receipt.bidId)?.get(receipt.revision)?.includes(receipt.commitment)) {
      matched++
      storedReceipts.add(receipt)
    } else note(`已确认的报价丢失：机构 ${receipt.agencyId} 第 ${receipt.revision} 版`)
    const last = lastAck.get(receipt.agencyId)
    if (!last || receipt.revision > last.revision) lastAck.set(receipt.agencyId, receipt)
  }
  let lost = sent.acknowledged.length - matched
  let storedDespiteRefusal = 0
  const unexplained = (line: string) => (storedDespiteRefusal++, note(line))
  for (const row of rows) {
    const receipt = lastAck.get(row.agencyId)
    const content = unsealed.get(row.id)
    const unanswered = sent.unanswered.get(row.agencyId) ?? []
    // Each attempt left unanswered may have committed once; nothing else may have.
    const acked = sent.acknowledged.filter((r) => r.bidId === row.id).length
    const extra = [...(logged.get(row.id)?.values() ?? [])].flat().length - acked
    if (extra > unanswered.length)
      unexplained(
        `机构 ${row.agencyId} 有 ${extra} 次未确认的写入，却只有 ${unanswered.length} 份未获答复`,
      )
    if (!content) continue
    if (!receipt || row.revision > receipt.revision) {
      if (!unanswered.includes(content.priceFen))
        unexplained(
          `机构 ${row.agencyId} 库中第 ${row.revision} 版的价格不是它发出而未获答复的任何一份`,
        )
    } else if (row.revision === receipt.revision) {
      if (
        row.commitment !== receipt.commitment ||
        content.priceFen !== receipt.priceFen ||
        content.salt !== receipt.salt
      ) {
        if (storedReceipts.has(receipt)) lost++
        note(`机构 ${row.agencyId} 第 ${receipt.revision} 版的库中价格与回执不符`)
      }
    }
  }
  for (const [agencyId, receipt] of lastAck) {
    const row = rowByAgency.get(agencyId)
    if (!row || !unsealed.has(row.id) || row.revision < receipt.revision) {
      if (storedReceipts.has(receipt)) lost++
      note(`机构 ${agencyId} 的最后确认报价（第 ${receipt.revision} 版）不在库中`)
    }
  }
  const committedUnanswered = events.length - matched

  return {
    acknowledged: sent.acknowledged.length,
    stored: sent.acknowledged.length - lost,
    lost,
    committedUnanswered,
    storedDespiteRefusal,
    halfWritten: half,
    bidRows: rows.length,
    bidEvents: events.length,
    examples,
  }
}
