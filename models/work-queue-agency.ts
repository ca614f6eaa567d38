import { and, count, eq, isNull } from 'drizzle-orm'
import type { Database } from './db/client.ts'
import { creditRecords } from './db/schema-credit.ts'
import { bids, projects } from './db/schema-procedures.ts'
import { offerings, organisations } from './db/schema.ts'
import type { WorkItem } from './rules/work-queue.ts'

/**
 * What waits on an agency alone: its first steps after signing up, bids still open, low
 * prices to explain, and supervisors' findings to answer before they become final.
 */
export async function agencyWorkItems(db: Database, agencyId: string): Promise<WorkItem[]> {
  const [[agency], [offered], live, explain, findings] = await Promise.all([
    db
      .select({ legalRepresentative: organisations.legalRepresentative })
      .from(organisations)
      .where(eq(organisations.id, agencyId)),
    db.select({ n: count() }).from(offerings).where(eq(offerings.agencyId, agencyId)),
    db
      .select({ projectId: projects.id, title: projects.title, deadlineAt: projects.deadlineAt })
      .from(bids)
      .innerJoin(projects, eq(projects.id, bids.projectId))
      .where(
        and(
          eq(bids.agencyId, agencyId),
          isNull(bids.withdrawnAt),
          eq(projects.status, 'published'),
        ),
      ),
    db
      .select({ projectId: projects.id, title: projects.title, dueAt: bids.explanationDueAt })
      .from(bids)
      .innerJoin(projects, eq(projects.id, bids.projectId))
      .where(
        and(
          eq(bids.agencyId, agencyId),
          eq(bids.abnormalLow, true),
          isNull(bids.explainedAt),
          isNull(bids.explanationDecision),
          eq(projects.status, 'opened'),
        ),
      ),
    db
      .select({ summary: creditRecords.summary, dueAt: creditRecords.replyDueAt })
      .from(creditRecords)
      .where(
        and(
          eq(creditRecords.agencyId, agencyId),
          eq(creditRecords.status, 'pending'),
          isNull(creditRecords.repliedAt),
        ),
      ),
  ])
  const items: WorkItem[] = []
  // Sign-up asks only for a name and a code: the profile is what buyers read.
  if (!agency?.legalRepresentative)
    items.push({
      kind: '完善机构资料',
      title: '填写法定代表人、地址、所在地区和联系方式',
      detail: '资料完整的机构更容易被采购人选中；资质证书和执业人员也在“我的”中录入',
      dueAt: null,
      link: '/my/profile',
    })
  if ((offered?.n ?? 0) === 0)
    items.push({
      kind: '发布服务',
      title: '发布本机构提供的服务事项和收费标准',
      detail: '发布后才能对该事项的项目报价、报名或被抽取',
      dueAt: null,
      link: '/my/offerings/new',
    })
  for (const b of live)
    items.push({
      kind: '报价截止',
      title: b.title,
      detail: '可在截止前修改或撤回',
      dueAt: b.deadlineAt,
      link: `/projects/${b.projectId}/bid`,
    })
  for (const e of explain)
    items.push({
      kind: '说明异常低价',
      title: e.title,
      detail: '逾期视为无效报价',
      dueAt: e.dueAt,
      link: `/projects/${e.projectId}/bid`,
    })
  for (const f of findings)
    items.push({
      kind: '陈述意见',
      title: f.summary,
      detail: '监管人员认定的失信行为，逾期不陈述即按认定扣分',
      dueAt: f.dueAt,
      link: `/agencies/${agencyId}/credit`,
    })
  return items
}
