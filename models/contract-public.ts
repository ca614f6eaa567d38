import {
  aliasedTable,
  and,
  asc,
  count,
  desc,
  eq,
  gte,
  ilike,
  inArray,
  lt,
  or,
  sql,
} from 'drizzle-orm'
import type { Database } from './db/client.ts'
import { contracts, evaluations } from './db/schema-contracts.ts'
import { projects } from './db/schema-procedures.ts'
import { organisations, serviceItems } from './db/schema.ts'
import { ratingColumns } from './evaluations.ts'
import { contractScore } from './rules/evaluations.ts'
import type { ContractFilterQuery } from './validation/contract-filters.ts'

/**
 * Contracts as the public reads them (/contracts, /contracts.csv, the result page): the key
 * terms only — organisations' names, amount, time limit and dates, the status and the public
 * reason of an ending. Never who signed, milestones' budget lines, vouchers or files.
 */

export const PUBLIC_CONTRACTS_PAGE_SIZE = 20

const buyer = aliasedTable(organisations, 'buyer')
const agency = aliasedTable(organisations, 'agency')

const listColumns = {
  id: contracts.id,
  number: contracts.number,
  projectId: contracts.projectId,
  projectTitle: projects.title,
  rank: contracts.rank,
  status: contracts.status,
  serviceItemCode: contracts.serviceItemCode,
  serviceItemName: serviceItems.name,
  regionCode: projects.regionCode,
  funding: contracts.funding,
  buyerId: contracts.buyerId,
  buyerName: buyer.name,
  agencyId: contracts.agencyId,
  agencyName: agency.name,
  amountFen: contracts.amountFen,
  timeLimitWorkdays: contracts.timeLimitWorkdays,
  extendedWorkdays: contracts.extendedWorkdays,
  createdAt: contracts.createdAt,
  signDueAt: contracts.signDueAt,
  /** Both parties signed: the contract is in force and the service clock starts. */
  signedAt: contracts.startedAt,
  dueDate: contracts.dueDate,
  acceptedAt: contracts.acceptedAt,
  paidAt: contracts.paidAt,
  endedAt: contracts.endedAt,
  endReason: contracts.endReason,
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`)

/** A Beijing day's first instant; `to` is inclusive, so its next day is the bound. */
const beijingDayStart = (day: string, addDays = 0) =>
  new Date(new Date(`${day}T00:00:00+08:00`).getTime() + addDays * 86_400_000)

function filtersWhere(query: ContractFilterQuery) {
  const name = query.q ? `%${escapeLike(query.q)}%` : null
  return and(
    query.item ? eq(contracts.serviceItemCode, query.item) : undefined,
    query.city ? eq(projects.cityCode, query.city) : undefined,
    query.status ? eq(contracts.status, query.status) : undefined,
    name ? or(ilike(buyer.name, name), ilike(agency.name, name)) : undefined,
    query.from ? gte(contracts.createdAt, beijingDayStart(query.from)) : undefined,
    query.to ? lt(contracts.createdAt, beijingDayStart(query.to, 1)) : undefined,
  )
}

/** Number of ratings and the contract's score (rules/evaluations.ts contractScore), by id. */
async function evaluationScores(db: Database, contractIds: readonly string[]) {
  const byContract = new Map<string, { count: number; score: number | null }>()
  if (contractIds.length === 0) return byContract
  const rows = await db
    .select({
      contractId: evaluations.contractId,
      ...ratingColumns,
    })
    .from(evaluations)
    .where(inArray(evaluations.contractId, [...contractIds]))
  const grouped = new Map<string, typeof rows>()
  for (const row of rows) grouped.set(row.contractId, [...(grouped.get(row.contractId) ?? []), row])
  for (const [id, ratings] of grouped)
    byContract.set(id, { count: ratings.length, score: contractScore(ratings) })
  return byContract
}

/** Every contract drawn up from an award, newest first, with the list's filters. */
export async function listPublicContracts(
  db: Database,
  query: ContractFilterQuery & { page?: number; pageSize?: number },
) {
  const pageSize = Math.max(1, query.pageSize ?? PUBLIC_CONTRACTS_PAGE_SIZE)
  const where = filtersWhere(query)
  const [total] = await db
    .select({
      n: count(),
      // What was bought: contracts signed or waiting for signatures, not refused or lapsed ones.
      amountFen: sql<string>`coalesce(sum(${contracts.amountFen}) filter (where ${contracts.status} not in ('refused', 'lapsed')), 0)`,
    })
    .from(contracts)
    .innerJoin(projects, eq(projects.id, contracts.projectId))
    .innerJoin(buyer, eq(buyer.id, contracts.buyerId))
    .innerJoin(agency, eq(agency.id, contracts.agencyId))
    .where(where)
  const pageCount = Math.max(1, Math.ceil(total!.n / pageSize))
  // A page past the end (an old link) shows the last one.
  const page = Math.min(Math.max(1, query.page ?? 1), pageCount)
  const rows = await db
    .select(listColumns)
    .from(contracts)
    .innerJoin(projects, eq(projects.id, contracts.projectId))
    .innerJoin(serviceItems, eq(serviceItems.code, contracts.serviceItemCode))
    .innerJoin(buyer, eq(buyer.id, contracts.buyerId))
    .innerJoin(agency, eq(agency.id, contracts.agencyId))
    .where(where)
    .orderBy(desc(contracts.createdAt), desc(contracts.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
  const scores = await evaluationScores(
    db,
    rows.map((r) => r.id),
  )
  return {
    total: total!.n,
    amountFen: Number(total!.amountFen),
    page,
    pageSize,
    pageCount,
    rows: rows.map((row) => ({
      ...row,
      evaluationCount: scores.get(row.id)?.count ?? 0,
      evaluationScore: scores.get(row.id)?.score ?? null,
    })),
  }
}

export type PublicContractRow = Awaited<ReturnType<typeof listPublicContracts>>['rows'][number]

/**
 * Who was offered the project's contract, in order: a refusal or a lapse stays on record
 * beside the next-ranked agency that took its place (递补).
 */
export function projectSigningHistory(db: Database, projectId: string) {
  return db
    .select({
      id: contracts.id,
      number: contracts.number,
      rank: contracts.rank,
      status: contracts.status,
      agencyId: contracts.agencyId,
      agencyName: agency.name,
      amountFen: contracts.amountFen,
      createdAt: contracts.createdAt,
      signDueAt: contracts.signDueAt,
      signedAt: contracts.startedAt,
      endedAt: contracts.endedAt,
      endReason: contracts.endReason,
    })
    .from(contracts)
    .innerJoin(agency, eq(agency.id, contracts.agencyId))
    .where(eq(contracts.projectId, projectId))
    .orderBy(asc(contracts.createdAt), asc(contracts.id))
}

export type SigningHistoryEntry = Awaited<ReturnType<typeof projectSigningHistory>>[number]
