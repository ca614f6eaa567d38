import { and, eq, isNotNull, lte } from 'drizzle-orm'
import { reindexAgencies } from '../search/indexing.ts'
import { appendAuditEvent } from './audit.ts'
import { restoreSetAsideBids } from './blacklist-bids.ts'
import { platformNow } from './clock.ts'
import type { Database } from './db/client.ts'
import { blacklistEntries } from './db/schema-credit.ts'
import { organisations } from './db/schema.ts'
import { inTransaction } from './db/transaction.ts'
import { logger } from './logger.ts'
import { notifyOrganisations } from './notifications.ts'

export interface BlacklistTickReport {
  ended: number
  bidsRestored: number
}

/**
 * Procedure-clock step: agencies whose blacklisting has run out come back. Their
 * blacklisted_until is cleared (so each ends exactly once: the next pass finds nothing),
 * their offerings are reindexed as visible, and set-aside bids in procedures still taking
 * bids count again. Driven by the small blacklist_entries table, never a scan of agencies.
 */
export async function runBlacklistClock(db: Database): Promise<BlacklistTickReport> {
  const report: BlacklistTickReport = { ended: 0, bidsRestored: 0 }
  const now = await platformNow(db)
  const due = await db
    .selectDistinct({ id: organisations.id })
    .from(blacklistEntries)
    .innerJoin(organisations, eq(organisations.id, blacklistEntries.agencyId))
    .where(
      and(
        lte(blacklistEntries.endsAt, now),
        isNotNull(organisations.blacklistedUntil),
        lte(organisations.blacklistedUntil, now),
      ),
    )
  for (const { id } of due) {
    try {
      await inTransaction(db, async (tx) => {
        const [agency] = await tx
          .select({ until: organisations.blacklistedUntil })
          .from(organisations)
          .where(eq(organisations.id, id))
          .for('update')
        const at = await platformNow(tx)
        // Another instance ended it, or a new blacklisting began since the query above.
        if (!agency?.until || agency.until > at) return
        await tx
          .update(organisations)
          .set({ blacklistedUntil: null })
          .where(eq(organisations.id, id))
        await reindexAgencies(tx, [id])
        const restored = await restoreSetAsideBids(tx, id, at)
        await notifyOrganisations(tx, [id], {
          kind: 'credit.blacklist_ended',
          title: '贵机构的失信名单期限已满，已恢复报价、报名和搜索展示',
          body: '失信记录仍在失信名单的“已期满”栏目公开。',
          link: '/blacklist?tab=ended',
        })
        await appendAuditEvent(tx, {
          actorUserId: null,
          action: 'organisation.blacklist_ended',
          subjectType: 'organisation',
          subjectId: id,
          data: { until: agency.until.toISOString(), bidsRestored: restored },
        })
        report.ended++
        report.bidsRestored += restored
      })
    } catch (error) {
      // One agency's failure must not hold up the others; the next pass retries it.
      logger.error({ err: error, agencyId: id }, 'blacklist expiry failed')
    }
  }
  return report
}
