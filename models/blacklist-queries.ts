import {
  and,
  count,
  desc,
  eq,
  gt,
  ilike,
  isNotNull,
  isNull,
  lte,
  or,
  type SQL,
  sql,
} from 'drizzle-orm'
import { platformNow } from './clock.ts'
import { type Ctx, requireRole } from './context.ts'
import type { Database } from './db/client.ts'
import { preparedQuery } from './db/prepared-query.ts'
import { blacklistEntries, marketExits } from './db/schema-credit.ts'
import { organisations } from './db/schema.ts'
import { NotFoundError } from './errors.ts'
import { type CreditRuleCode, creditRules } from './rules/credit-rules.ts'
import type { BlacklistQuery, BlacklistTab } from './validation/blacklist.ts'
import { isUuid } from './validation/registry.ts'

export const BLACKLIST_PAGE_SIZE = 20

/** The rule an entry came from, as the public reads it. */
export const blacklistRuleName = (rule: string) =>
  creditRules[rule as CreditRuleCode]?.name ?? '监管部门决定'

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`)

function tabConditions(now: Date | SQL): Record<Exclude<BlacklistTab, 'exits'>, SQL> {
  return {
    current: and(
      isNull(blacklistEntries.liftedAt),
      lte(blacklistEntries.startsAt, now),
      gt(blacklistEntries.endsAt, now),
    )!,
    ended: or(isNotNull(blacklistEntries.liftedAt), lte(blacklistEntries.endsAt, now))!,
  }
}

const entryColumns = {
  id: blacklistEntries.id,
  agencyId: blacklistEntries.agencyId,
  agencyName: organisations.name,
  uscc: organisations.uscc,
  rule: blacklistEntries.rule,
  reason: blacklistEntries.reason,
  startsAt: blacklistEntries.startsAt,
  endsAt: blacklistEntries.endsAt,
  liftedAt: blacklistEntries.liftedAt,
  liftReason: blacklistEntries.liftReason,
}

/**
 * The public blacklist (失信名单公示): the current entries, the ended or lifted ones, or the
 * agencies removed from the market, by name, a page at a time, with each tab's size. Who
 * decided is never shown, as on the agency's own supervision record.
 */
export async function listBlacklist(
  db: Database,
  query: BlacklistQuery,
  pageSize = BLACKLIST_PAGE_SIZE,
) {
  const now = await platformNow(db)
  const byName = query.q ? ilike(organisations.name, `%${escapeLike(query.q)}%`) : undefined
  const tabs = tabConditions(now)
  const offset = (query.page - 1) * pageSize
  const entryCount = (tab: keyof typeof tabs) =>
    db
      .select({ n: count() })
      .from(blacklistEntries)
      .innerJoin(organisations, eq(organisations.id, blacklistEntries.agencyId))
      .where(and(tabs[tab], byName))
      .then(([row]) => row!.n)
  const [current, ended, exits] = await Promise.all([
    entryCount('current'),
    entryCount('ended'),
    db
      .select({ n: count() })
      .from(marketExits)
      .innerJoin(organisations, eq(organisations.id, marketExits.agencyId))
      .where(byName)
      .then(([row]) => row!.n),
  ])
  const counts = { current, ended, exits }
  const total = counts[query.tab]
  const base = { ...query, now, counts, total, pageSize }
  if (query.tab === 'exits') {
    const rows = await db
      .select({
        id: marketExits.id,
        agencyId: marketExits.agencyId,
        agencyName: organisations.name,
        uscc: marketExits.uscc,
        reason: marketExits.reason,
        exitedAt: marketExits.exitedAt,
        until: marketExits.until,
      })
      .from(marketExits)
      .innerJoin(organisations, eq(organisations.id, marketExits.agencyId))
      .where(byName)
      .orderBy(desc(marketExits.exitedAt), desc(marketExits.id))
      .limit(pageSize)
      .offset(offset)
    return { ...base, entries: [], exits: rows }
  }
  const rows = await db
    .select(entryColumns)
    .from(blacklistEntries)
    .innerJoin(organisations, eq(organisations.id, blacklistEntries.agencyId))
    .where(and(tabs[query.tab], byName))
    .orderBy(
      query.tab === 'current'
        ? desc(blacklistEntries.startsAt)
        : desc(sql`coalesce(${blacklistEntries.liftedAt}, ${blacklistEntries.endsAt})`),
      desc(blacklistEntries.id),
    )
    .limit(pageSize)
    .offset(offset)
  return {
    ...base,
    entries: rows.map((r) => ({ ...r, ruleName: blacklistRuleName(r.rule) })),
    exits: [],
  }
}

export type BlacklistPage = Awaited<ReturnType<typeof listBlacklist>>

/**
 * What an agency's public profile says about the blacklist: its live entries (latest first)
 * and, if it was removed from the market, when, why and until when.
 */
export async function agencyBlacklistStatus(db: Database, agencyId: string) {
  const [entries, [exit]] = await Promise.all([
    preparedQuery(db, 'agencyBlacklistEntries', currentEntriesQuery).execute({ agencyId }),
    preparedQuery(db, 'agencyMarketExit', lastExitQuery).execute({ agencyId }),
  ])
  const until = entries.reduce<Date | null>((u, e) => (!u || e.endsAt > u ? e.endsAt : u), null)
  return {
    blacklisted: entries.length > 0,
    until,
    entries: entries.map((e) => ({ ...e, ruleName: blacklistRuleName(e.rule) })),
    exit: exit ?? null,
  }
}

// Every agency page runs these two (models/db/prepared-query.ts).
function currentEntriesQuery(db: Database) {
  return db
    .select(entryColumns)
    .from(blacklistEntries)
    .innerJoin(organisations, eq(organisations.id, blacklistEntries.agencyId))
    .where(
      // The database's clock in the query itself: one round trip fewer on every agency page.
      and(
        eq(blacklistEntries.agencyId, sql.placeholder('agencyId')),
        tabConditions(sql`platform_now()`).current,
      ),
    )
    .orderBy(desc(blacklistEntries.startsAt))
}

function lastExitQuery(db: Database) {
  return db
    .select({
      reason: marketExits.reason,
      exitedAt: marketExits.exitedAt,
      until: marketExits.until,
    })
    .from(marketExits)
    .where(eq(marketExits.agencyId, sql.placeholder('agencyId')))
    .orderBy(desc(marketExits.exitedAt))
    .limit(1)
}

export type AgencyBlacklistStatus = Awaited<ReturnType<typeof agencyBlacklistStatus>>

/** The agency a supervisor is about to blacklist, with its standing; null id → none chosen. */
export async function agencyForBlacklisting(ctx: Ctx, agencyId: string | null) {
  requireRole(ctx, 'supervisor')
  if (!agencyId) return null
  if (!isUuid(agencyId)) throw new NotFoundError('该机构不存在')
  const [agency] = await ctx.db
    .select({
      id: organisations.id,
      name: organisations.name,
      uscc: organisations.uscc,
      exitedAt: organisations.exitedAt,
    })
    .from(organisations)
    .where(and(eq(organisations.id, agencyId), eq(organisations.kind, 'agency')))
  if (!agency) throw new NotFoundError('该机构不存在')
  return { ...agency, status: await agencyBlacklistStatus(ctx.db, agency.id) }
}
