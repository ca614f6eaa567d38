import { and, asc, eq, inArray, isNull, or, sql } from 'drizzle-orm'
import { platformNow } from './clock.ts'
import type { Ctx } from './context.ts'
import { contractLink } from './contracts.ts'
import type { Database } from './db/client.ts'
import { contracts, payments } from './db/schema-contracts.ts'
import { objections, projects } from './db/schema-procedures.ts'
import { organisations } from './db/schema.ts'
import { requireOwnOrganisation } from './profiles.ts'
import { shanghaiDate } from './rules/qualifications.ts'
import { formatFenExact } from './rules/money.ts'
import { type WorkItem, sortByUrgency } from './rules/work-queue.ts'
import { agencyWorkItems } from './work-queue-agency.ts'

const LIVE = ['signing', 'in_service', 'delivered', 'accepted'] as const

/** Each live contract of the organisation with what is paid on it so far. */
async function contractsWithMoney(db: Database, side: 'buyer' | 'agency', organisationId: string) {
  const paid = db
    .select({
      contractId: payments.contractId,
      paidFen: sql<number>`sum(${payments.amountFen})::bigint`.mapWith(Number).as('paid_fen'),
    })
    .from(payments)
    .where(eq(payments.status, 'paid'))
    .groupBy(payments.contractId)
    .as('paid')
  const other = side === 'buyer' ? contracts.agencyId : contracts.buyerId
  return db
    .select({
      id: contracts.id,
      number: contracts.number,
      projectId: contracts.projectId,
      title: contracts.title,
      status: contracts.status,
      amountFen: contracts.amountFen,
      paidFen: sql<number>`coalesce(${paid.paidFen}, 0)`.mapWith(Number),
      signDueAt: contracts.signDueAt,
      buyerSignedAt: contracts.buyerSignedAt,
      agencySignedAt: contracts.agencySignedAt,
      dueDate: contracts.dueDate,
      paymentDueAt: contracts.paymentDueAt,
      paidAt: contracts.paidAt,
      evaluationDueAt: contracts.evaluationDueAt,
      evaluatedAt: contracts.evaluatedAt,
      otherParty: organisations.name,
    })
    .from(contracts)
    .leftJoin(paid, eq(paid.contractId, contracts.id))
    .innerJoin(organisations, eq(organisations.id, other))
    .where(
      and(
        eq(side === 'buyer' ? contracts.buyerId : contracts.agencyId, organisationId),
        or(
          inArray(
            contracts.status,
            [...LIVE].filter((s) => s !== 'accepted'),
          ),
          and(
            eq(contracts.status, 'accepted'),
            or(isNull(contracts.paidAt), isNull(contracts.evaluatedAt)),
          ),
        ),
      ),
    )
    .orderBy(asc(contracts.createdAt))
}

type MoneyRow = Awaited<ReturnType<typeof contractsWithMoney>>[number]

/** What a contract asks of this side next, if anything. */
function contractItems(rows: MoneyRow[], side: 'buyer' | 'agency'): WorkItem[] {
  const items: WorkItem[] = []
  for (const c of rows) {
    const link = contractLink(c.id)
    const mine = side === 'buyer' ? c.buyerSignedAt : c.agencySignedAt
    if (c.status === 'signing' && !mine)
      items.push({
        kind: '签订合同',
        title: c.title,
        detail: `${c.number} · ${c.otherParty}`,
        dueAt: c.signDueAt,
        link,
      })
    if (c.status === 'in_service' && side === 'agency' && c.dueDate)
      items.push({
        kind: '交付成果',
        title: c.title,
        detail: `${c.number} · 服务时限届满日`,
        dueAt: new Date(`${c.dueDate}T23:59:59+08:00`),
        link,
      })
    if (c.status === 'delivered' && side === 'buyer')
      items.push({
        kind: '验收成果',
        title: c.title,
        detail: `${c.number} · ${c.otherParty}`,
        dueAt: null,
        link,
      })
    if (c.status === 'accepted' && !c.paidAt)
      items.push({
        kind: side === 'buyer' ? '支付合同款' : '待收合同款',
        title: c.title,
        detail: `${c.number} · 未付 ${formatFenExact(c.amountFen - c.paidFen)}`,
        dueAt: c.paymentDueAt,
        link: `${link}/payment`,
      })
    if (c.status === 'accepted' && !c.evaluatedAt && side === 'buyer')
      items.push({
        kind: '评价服务',
        title: c.title,
        detail: c.number,
        dueAt: c.evaluationDueAt,
        link: `${link}/evaluation`,
      })
  }
  return items
}

/** The agency's or buyer's work page: everything waiting on it, most urgent first, and money. */
export async function getMyWorkQueue(ctx: Ctx) {
  const { actor, organisationId } = requireOwnOrganisation(
    ctx,
    'agency',
    'department',
    'enterprise',
  )
  const side = actor.role === 'agency' ? 'agency' : 'buyer'
  const now = await platformNow(ctx.db)
  const rows = await contractsWithMoney(ctx.db, side, organisationId)
  const items = contractItems(rows, side)
  if (side === 'agency') {
    items.push(...(await agencyWorkItems(ctx.db, organisationId)))
  } else {
    const open = await ctx.db
      .select({ projectId: projects.id, title: projects.title, dueAt: objections.answerDueAt })
      .from(objections)
      .innerJoin(projects, eq(projects.id, objections.projectId))
      .where(
        and(
          eq(projects.buyerId, organisationId),
          isNull(objections.answeredAt),
          isNull(objections.closedAt),
        ),
      )
    for (const o of open)
      items.push({
        kind: '答复质疑',
        title: o.title,
        detail: '须在期限内书面答复',
        dueAt: o.dueAt,
        link: `/projects/${o.projectId}/result#objections`,
      })
  }
  const owedFen = rows.reduce(
    (sum, c) => sum + (c.status === 'accepted' || c.paidFen > 0 ? c.amountFen - c.paidFen : 0),
    0,
  )
  return {
    side,
    now,
    items: sortByUrgency(items, now),
    contracts: rows.map((c) => ({
      ...c,
      overdue: c.status === 'in_service' && c.dueDate !== null && c.dueDate < shanghaiDate(now),
    })),
    money: { outstandingFen: owedFen, contractsFen: rows.reduce((s, c) => s + c.amountFen, 0) },
  }
}
