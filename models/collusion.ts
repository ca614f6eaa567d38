import { and, desc, eq, isNull, ne, sql } from 'drizzle-orm'
import { type AuditInput, appendAuditEvents, sha256 } from './audit.ts'
import { platformNow } from './clock.ts'
import { loadMarket } from './collusion-data.ts'
import type { Database } from './db/client.ts'
import { collusionFlags, screenRuns } from './db/schema-credit.ts'
import { bids } from './db/schema-procedures.ts'
import { inTransaction } from './db/transaction.ts'
import { logger } from './logger.ts'
import { notifySupervisors } from './notifications.ts'
import { collusionKindNames } from './rules/collusion/kinds.ts'
import { runScreens } from './rules/collusion/screens.ts'
import type { CollusionKind, FlagEvidence, ScreenFlag } from './rules/collusion/types.ts'
import { addMonths } from './rules/credit-rules.ts'
import { shanghaiDate } from './rules/qualifications.ts'

export { ruleFlag } from './collusion-rulings.ts'

/**
 * Runs the collusion screens (models/rules/collusion) over the platform's data and keeps
 * what they find as flags for supervisors. A flag is a lead, not a finding: it changes no
 * score and is shown to no one else until a supervisor confirms it (ruleFlag).
 */

/** How far back the screens look: long enough for a ring's turns to show. */
export const LOOKBACK_MONTHS = 36
/** The nightly run starts at the first clock tick after 02:00 Beijing time. */
export const NIGHTLY_HOUR = 2

export interface ScreenRunReport {
  found: number
  raised: number
  refreshed: number
  byKind: Partial<Record<CollusionKind, number>>
}

/**
 * After a ruling, the same organisations are flagged for the same pattern again only when
 * the evidence has grown by at least this many projects the ruling did not see: one more
 * tender does not reopen a case a supervisor has closed.
 */
export const RERAISE_MIN_NEW_PROJECTS = 2

/**
 * The same lead found again (same kind, organisations and projects, or the screen's own
 * scope) is the same flag: re-running a screen adds nothing.
 */
export function fingerprintOf(flag: ScreenFlag): string {
  const scope = flag.scope ?? [...flag.evidence.projectIds].sort().join(',')
  return sha256([flag.kind, flag.side, flag.organisationIds.join(','), scope].join('|'))
}

const sameLead = (flag: ScreenFlag) =>
  and(
    eq(collusionFlags.kind, flag.kind),
    eq(collusionFlags.side, flag.side),
    sql`${collusionFlags.organisationIds} = ${JSON.stringify(flag.organisationIds)}::jsonb`,
  )

/** Whether a ruling on the same lead already covers (nearly) all of this evidence. */
async function coveredByRuling(tx: Database, flag: ScreenFlag) {
  const [ruled] = await tx
    .select({ evidence: collusionFlags.evidence })
    .from(collusionFlags)
    .where(and(sameLead(flag), ne(collusionFlags.status, 'open')))
    .orderBy(desc(collusionFlags.ruledAt))
    .limit(1)
  if (!ruled) return false
  const seen = new Set((ruled.evidence as unknown as FlagEvidence).projectIds)
  const fresh = flag.evidence.projectIds.filter((id) => !seen.has(id)).length
  return fresh < RERAISE_MIN_NEW_PROJECTS
}

/**
 * Stores the flags: a known fingerprint is skipped; an open flag of the same kind about
 * the same organisations takes the new evidence (the pattern grew) rather than a second
 * flag beside it; a lead already ruled on comes back only with RERAISE_MIN_NEW_PROJECTS new
 * projects; anything else is a new flag. Returns the audit entries to append last.
 */
async function saveFlags(tx: Database, flags: readonly ScreenFlag[], now: Date) {
  const report: ScreenRunReport = { found: flags.length, raised: 0, refreshed: 0, byKind: {} }
  const audit: AuditInput[] = []
  for (const flag of flags) {
    const fingerprint = fingerprintOf(flag)
    const [known] = await tx
      .select({ id: collusionFlags.id })
      .from(collusionFlags)
      .where(eq(collusionFlags.fingerprint, fingerprint))
    if (known) continue
    const values = {
      fingerprint,
      evidence: flag.evidence as unknown as Record<string, unknown>,
      strength: flag.strength,
      projectId: flag.projectId,
    }
    const [open] = await tx
      .select({ id: collusionFlags.id })
      .from(collusionFlags)
      .where(and(sameLead(flag), eq(collusionFlags.status, 'open')))
      .for('update')
    if (!open && (await coveredByRuling(tx, flag))) continue
    const [saved] = open
      ? await tx
          .update(collusionFlags)
          .set(values)
          .where(eq(collusionFlags.id, open.id))
          .returning({ id: collusionFlags.id })
      : await tx
          .insert(collusionFlags)
          .values({
            ...values,
            kind: flag.kind,
            side: flag.side,
            organisationIds: flag.organisationIds,
            createdAt: now,
          })
          .onConflictDoNothing()
          .returning({ id: collusionFlags.id })
    if (!saved) continue
    report[open ? 'refreshed' : 'raised']++
    report.byKind[flag.kind] = (report.byKind[flag.kind] ?? 0) + 1
    audit.push({
      actorUserId: null,
      action: open ? 'collusion.flag_updated' : 'collusion.flagged',
      subjectType: 'collusion_flag',
      subjectId: String(saved.id),
      data: {
        kind: flag.kind,
        side: flag.side,
        organisationIds: flag.organisationIds,
        projectIds: flag.evidence.projectIds,
        strength: flag.strength,
      },
    })
  }
  if (report.raised > 0)
    await notifySupervisors(tx, {
      kind: 'collusion.flagged',
      title: `串通筛查发现 ${report.raised} 条新线索`,
      body: Object.entries(report.byKind)
        .map(([kind, n]) => `${collusionKindNames[kind as CollusionKind]} ${n} 条`)
        .join('；'),
      link: '/supervisor/flags',
    })
  return { report, audit }
}

/**
 * After one project's opening, in the opening's transaction: the agency screens over the
 * history of its bidders, keeping the flags that involve this project. The lead calls it at
 * the end of closeAndOpen (models/project-opening.ts). It runs in a savepoint and never
 * throws: a fault in a screen must not undo an opening; the nightly run catches up.
 */
export async function runCollusionScreensForProject(
  tx: Database,
  projectId: string,
): Promise<ScreenRunReport | null> {
  try {
    return await tx.transaction((savepoint) => screenOpening(savepoint as Database, projectId))
  } catch (error) {
    logger.error({ err: error, projectId }, 'collusion screens failed after an opening')
    return null
  }
}

async function screenOpening(tx: Database, projectId: string): Promise<ScreenRunReport> {
  const now = await platformNow(tx)
  const bidders = await tx
    .selectDistinct({ agencyId: bids.agencyId })
    .from(bids)
    .where(and(eq(bids.projectId, projectId), isNull(bids.withdrawnAt)))
  if (bidders.length < 2) return { found: 0, raised: 0, refreshed: 0, byKind: {} }
  const market = await loadMarket(tx, {
    since: addMonths(now, -LOOKBACK_MONTHS),
    agencyIds: bidders.map((b) => b.agencyId),
  })
  const { report, audit } = await saveFlags(
    tx,
    runScreens(market, { focusProjectId: projectId }),
    now,
  )
  await appendAuditEvents(tx, audit)
  return report
}

/** Every screen, agencies' and buyers', over the history since `since` (36 months by default). */
export function runCollusionScreens(db: Database, options: { since?: Date } = {}) {
  return inTransaction(db, async (tx) => {
    const now = await platformNow(tx)
    const { report, audit } = await screenHistory(
      tx,
      options.since ?? addMonths(now, -LOOKBACK_MONTHS),
      now,
    )
    await appendAuditEvents(tx, audit)
    return report
  })
}

async function screenHistory(tx: Database, since: Date, now: Date) {
  return saveFlags(tx, runScreens(await loadMarket(tx, { since })), now)
}

const shanghaiHour = (instant: Date) => (instant.getUTCHours() + 8) % 24

/**
 * The nightly run, for the procedure clock to call on every tick: it runs at most once a
 * Beijing day, from NIGHTLY_HOUR on. The day's row in screen_runs is claimed in the same
 * transaction as the run, so a second instance waits for the first and then finds the day
 * taken, and a failed run leaves the day free for the next tick.
 */
export function runNightlyScreens(db: Database): Promise<ScreenRunReport | null> {
  return inTransaction(db, async (tx) => {
    const now = await platformNow(tx)
    if (shanghaiHour(now) < NIGHTLY_HOUR) return null
    const [run] = await tx
      .insert(screenRuns)
      .values({ kind: 'collusion', day: shanghaiDate(now), startedAt: now })
      .onConflictDoNothing()
      .returning({ id: screenRuns.id })
    if (!run) return null
    const { report, audit } = await screenHistory(tx, addMonths(now, -LOOKBACK_MONTHS), now)
    await tx
      .update(screenRuns)
      .set({ finishedAt: await platformNow(tx), report: { ...report } })
      .where(eq(screenRuns.id, run.id))
    await appendAuditEvents(tx, audit)
    return report
  })
}
