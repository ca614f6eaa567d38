import { and, desc, eq, gt, inArray, isNotNull, isNull, lte, or } from 'drizzle-orm'
import type { Database } from './db/client.ts'
import { blacklistEntries, marketExits } from './db/schema-credit.ts'
import { bids, projects } from './db/schema-procedures.ts'
import { organisations } from './db/schema.ts'
import { notifyOrganisations } from './notifications.ts'
import { agencyNames } from './project-award.ts'
import { recordProjectStep } from './project-events.ts'

/**
 * Why an agency may not take part now, in the words a set-aside bid carries: its latest
 * active blacklisting, or its exit from the market. Null when nothing bars it.
 */
export async function barReasonOf(tx: Database, agencyId: string, now: Date) {
  const [exit] = await tx
    .select({ reason: marketExits.reason })
    .from(marketExits)
    .where(eq(marketExits.agencyId, agencyId))
    .orderBy(desc(marketExits.exitedAt))
    .limit(1)
  if (exit) return `该机构已被清退出市场：${exit.reason}`
  const [entry] = await tx
    .select({ reason: blacklistEntries.reason })
    .from(blacklistEntries)
    .where(
      and(
        eq(blacklistEntries.agencyId, agencyId),
        isNull(blacklistEntries.liftedAt),
        lte(blacklistEntries.startsAt, now),
        gt(blacklistEntries.endsAt, now),
      ),
    )
    .orderBy(desc(blacklistEntries.startsAt))
    .limit(1)
  return entry ? `该机构已被列入失信名单：${entry.reason}` : null
}

/**
 * After opening (a re-evaluation, a buyer's late scores): a still-valid bid whose agency has
 * since been blacklisted or removed from the market is set aside and no longer counts, so
 * it can be neither ranked nor drawn. Names are public once opened, so the timeline says who.
 */
export async function setAsideBarredBids(tx: Database, projectId: string, now: Date) {
  const barred = await tx
    .select({ id: bids.id, agencyId: bids.agencyId })
    .from(bids)
    .innerJoin(organisations, eq(organisations.id, bids.agencyId))
    .where(
      and(
        eq(bids.projectId, projectId),
        isNull(bids.withdrawnAt),
        eq(bids.valid, true),
        or(gt(organisations.blacklistedUntil, now), isNotNull(organisations.exitedAt)),
      ),
    )
  if (barred.length === 0) return 0
  const names = await agencyNames(
    tx,
    barred.map((b) => b.agencyId),
  )
  for (const bid of barred) {
    const reason = (await barReasonOf(tx, bid.agencyId, now)) ?? '该机构已被列入失信名单'
    await tx
      .update(bids)
      .set({
        valid: false,
        invalidReason: `已被搁置：${reason}`,
        setAsideAt: now,
        setAsideReason: reason,
      })
      .where(eq(bids.id, bid.id))
  }
  await recordProjectStep(tx, {
    projectId,
    actorUserId: null,
    action: 'bid.set_aside',
    summary: `${barred.map((b) => names.get(b.agencyId) ?? '').join('、')}已被列入失信名单或清退，其报价已被搁置，不再参与评审或抽取`,
    data: { bidIds: barred.map((b) => b.id) },
  })
  return barred.length
}

/**
 * The blacklisting ended (lifted or run out) before these procedures' deadlines: the
 * agency's set-aside bids count again, as sealed as they were. An agency still barred by
 * another entry, or removed from the market, gets nothing back.
 */
export async function restoreSetAsideBids(tx: Database, agencyId: string, now: Date) {
  const [agency] = await tx
    .select({ until: organisations.blacklistedUntil, exitedAt: organisations.exitedAt })
    .from(organisations)
    .where(eq(organisations.id, agencyId))
  if (!agency || agency.exitedAt || (agency.until && agency.until > now)) return 0
  const open = tx
    .select({ id: projects.id })
    .from(projects)
    .where(and(eq(projects.status, 'published'), gt(projects.deadlineAt, now)))
  const restored = await tx
    .update(bids)
    .set({ setAsideAt: null, setAsideReason: null })
    .where(
      and(
        eq(bids.agencyId, agencyId),
        isNotNull(bids.setAsideAt),
        isNull(bids.withdrawnAt),
        inArray(bids.projectId, open),
      ),
    )
    .returning({ id: bids.id, projectId: bids.projectId })
  if (restored.length > 0)
    await notifyOrganisations(tx, [agencyId], {
      kind: 'bid.restored',
      title: `失信名单已结束，贵机构 ${restored.length} 份被搁置的报价恢复有效`,
      body: '这些项目仍在报价期内，原报价按原样密封参与开标；如需修改，可在截止前重新提交。',
      link: '/my/bids',
    })
  return restored.length
}
