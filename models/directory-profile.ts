import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm'
import { z } from 'zod'
import type { Ctx } from './context.ts'
import {
  offeringCases,
  offerings,
  organisations,
  practitioners,
  qualifications,
  serviceItems,
  supervisionActions,
} from './db/schema.ts'
import { agencyRegionLabel } from './directory.ts'
import { NotFoundError } from './errors.ts'
import { maskCertificateNumber, qualificationStatus, shanghaiDate } from './rules/qualifications.ts'
import { profileColumns } from './profiles.ts'
import type { Database } from './db/client.ts'
import { preparedQuery, statementName } from './db/prepared-query.ts'

const notFound = () => new NotFoundError('该中介机构不存在')

/**
 * An agency's public page. A suspended agency is still shown, with its notice: the
 * public must be able to read why. Buyers' organisations have no public profile here.
 */
export async function getAgencyProfile(ctx: Ctx, agencyId: string) {
  if (!z.guid().safeParse(agencyId).success) throw notFound()
  const queries = preparedQuery(ctx.db, 'agencyProfile', profileQueries)
  const [agency] = await queries.agency.execute({ agencyId })
  if (!agency) throw notFound()

  const [qualificationRows, practitionerRows, offeringRows, history, cases] = await Promise.all([
    queries.qualifications.execute({ agencyId }),
    queries.practitioners.execute({ agencyId }),
    queries.offerings.execute({ agencyId }),
    // Public record of supervisors' decisions: the reasons, never the supervisor's name.
    queries.history.execute({ agencyId }),
    // The shown offerings' cases, read beside them rather than after them.
    queries.cases.execute({ agencyId }),
  ])

  const { regionCode, ...publicFields } = agency
  const today = shanghaiDate(new Date())
  return {
    agency: { ...publicFields, regionLabel: agencyRegionLabel(regionCode) },
    // Certificates are dated in Beijing time.
    qualifications: qualificationRows.map((q) => ({
      ...q,
      status: qualificationStatus(q, today),
    })),
    // Masked here, so the full number never leaves the server.
    practitioners: practitionerRows.map((p) => ({
      ...p,
      certificateNumber: maskCertificateNumber(p.certificateNumber),
    })),
    offerings: offeringRows.map((o) => ({
      ...o,
      cases: cases.filter((c) => c.offeringId === o.id),
    })),
    history,
  }
}

/** The profile's queries, built once per database handle (models/db/prepared-query.ts). */
function profileQueries(db: Database) {
  const agencyId = sql.placeholder('agencyId')
  return {
    agency: db
      .select({
        id: organisations.id,
        ...profileColumns,
        verifiedAt: organisations.verifiedAt,
        flaggedAt: organisations.flaggedAt,
        flagReason: organisations.flagReason,
        suspendedAt: organisations.suspendedAt,
        suspensionReason: organisations.suspensionReason,
        creditScore: organisations.creditScore,
        creditGrade: organisations.creditGrade,
        createdAt: organisations.createdAt,
      })
      .from(organisations)
      .where(and(eq(organisations.id, agencyId), eq(organisations.kind, 'agency')))
      .prepare(statementName('agency_profile')),
    qualifications: db
      .select({
        id: qualifications.id,
        type: qualifications.type,
        level: qualifications.level,
        number: qualifications.number,
        issuer: qualifications.issuer,
        validFrom: qualifications.validFrom,
        validTo: qualifications.validTo,
      })
      .from(qualifications)
      .where(eq(qualifications.agencyId, agencyId))
      .orderBy(asc(qualifications.type), asc(qualifications.createdAt))
      .prepare(statementName('agency_profile_qualifications')),
    practitioners: db
      .select({
        id: practitioners.id,
        name: practitioners.name,
        certificateType: practitioners.certificateType,
        certificateNumber: practitioners.certificateNumber,
      })
      .from(practitioners)
      .where(eq(practitioners.agencyId, agencyId))
      .orderBy(asc(practitioners.createdAt))
      .prepare(statementName('agency_profile_practitioners')),
    offerings: db
      .select({
        id: offerings.id,
        itemCode: serviceItems.code,
        itemName: serviceItems.name,
        itemCategory: serviceItems.category,
        itemRetiredAt: serviceItems.retiredAt,
        feeKind: offerings.feeKind,
        feeMinFen: offerings.feeMinFen,
        feeMaxFen: offerings.feeMaxFen,
        feeRule: offerings.feeRule,
        feeExample: offerings.feeExample,
        timeLimitDays: offerings.timeLimitDays,
        scope: offerings.scope,
      })
      .from(offerings)
      .innerJoin(serviceItems, eq(serviceItems.code, offerings.serviceItemCode))
      .where(and(eq(offerings.agencyId, agencyId), isNull(offerings.pausedAt)))
      .orderBy(asc(serviceItems.code))
      .prepare(statementName('agency_profile_offerings')),
    history: db
      .select({
        id: supervisionActions.id,
        kind: supervisionActions.kind,
        reason: supervisionActions.reason,
        createdAt: supervisionActions.createdAt,
      })
      .from(supervisionActions)
      .where(eq(supervisionActions.organisationId, agencyId))
      .orderBy(desc(supervisionActions.createdAt), desc(supervisionActions.id))
      .prepare(statementName('agency_profile_history')),
    cases: db
      .select({
        id: offeringCases.id,
        offeringId: offeringCases.offeringId,
        title: offeringCases.title,
        clientName: offeringCases.clientName,
        completedOn: offeringCases.completedOn,
        amountFen: offeringCases.amountFen,
      })
      .from(offeringCases)
      .innerJoin(offerings, eq(offerings.id, offeringCases.offeringId))
      .where(and(eq(offerings.agencyId, agencyId), isNull(offerings.pausedAt)))
      .orderBy(desc(offeringCases.completedOn))
      .prepare(statementName('agency_profile_cases')),
  }
}
