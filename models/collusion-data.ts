import { and, eq, gte, inArray, isNotNull, isNull, type SQL } from 'drizzle-orm'
import type { Database } from './db/client.ts'
import { contracts } from './db/schema-contracts.ts'
import { bids, projects } from './db/schema-procedures.ts'
import { organisations, practitioners, serviceItems } from './db/schema.ts'
import type {
  ScreenAgency,
  ScreenBid,
  ScreenMarket,
  ScreenMethod,
  ScreenProject,
} from './rules/collusion/types.ts'

/** Loads the plain data the collusion screens read (models/rules/collusion/types.ts). */

export interface MarketScope {
  /** Projects opened at or after this instant. */
  since: Date
  /** Only projects in which one of these agencies bid (the history around one opening). */
  agencyIds?: readonly string[]
}

/** Keeps each IN list well under PostgreSQL's 65,535 bind parameters. */
const CHUNK = 5000
const chunks = <T>(items: readonly T[]) =>
  Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) =>
    items.slice(i * CHUNK, (i + 1) * CHUNK),
  )

function scopeOf(tx: Database, scope: MarketScope): SQL {
  const conditions = [isNotNull(projects.openedAt), gte(projects.openedAt, scope.since)]
  if (scope.agencyIds)
    conditions.push(
      inArray(
        projects.id,
        tx
          .selectDistinct({ id: bids.projectId })
          .from(bids)
          .where(and(inArray(bids.agencyId, [...scope.agencyIds]), isNull(bids.withdrawnAt))),
      ),
    )
  return and(...conditions)!
}

export async function loadMarket(tx: Database, scope: MarketScope): Promise<ScreenMarket> {
  if (scope.agencyIds?.length === 0) return { projects: [], agencies: [], contracts: [] }
  const where = scopeOf(tx, scope)
  const projectRows = await tx
    .select({
      id: projects.id,
      buyerId: projects.buyerId,
      serviceItemCode: projects.serviceItemCode,
      cityCode: projects.cityCode,
      method: projects.method,
      status: projects.status,
      feeType: serviceItems.feeType,
      budgetCapFen: projects.budgetCapFen,
      openedAt: projects.openedAt,
      winnerAgencyId: projects.winnerAgencyId,
      endReason: projects.endReason,
    })
    .from(projects)
    .innerJoin(serviceItems, eq(serviceItems.code, projects.serviceItemCode))
    .where(where)
  const bidRows = await tx
    .select({
      projectId: bids.projectId,
      agencyId: bids.agencyId,
      priceFen: bids.priceFen,
      discountBasisPoints: bids.discountBasisPoints,
      submittedAt: bids.submittedAt,
      ipHash: bids.submittedIp,
      deviceHash: bids.submittedDevice,
      valid: bids.valid,
      explanationDecision: bids.explanationDecision,
      qualityScore: bids.qualityScore,
    })
    .from(bids)
    .innerJoin(projects, eq(projects.id, bids.projectId))
    .where(and(where, isNull(bids.withdrawnAt)))
  const bidsOf = new Map<string, ScreenBid[]>()
  for (const { projectId, explanationDecision, valid, ...b } of bidRows)
    bidsOf.set(projectId, [
      ...(bidsOf.get(projectId) ?? []),
      { ...b, valid: valid === true, explanationRejected: explanationDecision === 'rejected' },
    ])
  const screenProjects: ScreenProject[] = projectRows.map(({ feeType, ...p }) => ({
    ...p,
    method: p.method as ScreenMethod,
    openedAt: p.openedAt!,
    priceRegulated: feeType === '政府定价',
    bids: bidsOf.get(p.id) ?? [],
  }))
  const contractRows = await tx
    .select({
      id: contracts.id,
      projectId: contracts.projectId,
      buyerId: contracts.buyerId,
      agencyId: contracts.agencyId,
      paymentDueAt: contracts.paymentDueAt,
      paymentLateAt: contracts.paymentLateAt,
    })
    .from(contracts)
    .innerJoin(projects, eq(projects.id, contracts.projectId))
    .where(where)
  return {
    projects: screenProjects,
    agencies: await loadAgencies(tx, [...new Set(bidRows.map((b) => b.agencyId))]),
    contracts: contractRows,
  }
}

async function loadAgencies(tx: Database, ids: string[]): Promise<ScreenAgency[]> {
  const agencies: ScreenAgency[] = []
  for (const part of chunks(ids)) {
    const rows = await tx
      .select({
        id: organisations.id,
        phone: organisations.contactPhone,
        email: organisations.contactEmail,
        address: organisations.address,
        legalRepresentative: organisations.legalRepresentative,
      })
      .from(organisations)
      .where(inArray(organisations.id, part))
    const certificates = await tx
      .select({ agencyId: practitioners.agencyId, number: practitioners.certificateNumber })
      .from(practitioners)
      .where(inArray(practitioners.agencyId, part))
    const held = new Map<string, string[]>()
    for (const c of certificates) held.set(c.agencyId, [...(held.get(c.agencyId) ?? []), c.number])
    for (const row of rows)
      agencies.push({ ...row, practitionerCertificates: held.get(row.id) ?? [] })
  }
  return agencies
}
