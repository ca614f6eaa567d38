import { and, eq } from 'drizzle-orm'
import type { Database } from './db/client.ts'
import { offerings, organisations, qualifications } from './db/schema.ts'
import { shanghaiDate } from './rules/qualifications.ts'

/**
 * What eligibility and price honesty need to know about an agency for one item, judged on
 * the project's deadline day: its offering, its qualifications, suspension and blacklist.
 */
export async function agencyStanding(
  db: Database,
  agencyId: string,
  itemCode: string,
  deadlineAt: Date,
) {
  const [agency] = await db
    .select({
      kind: organisations.kind,
      suspendedAt: organisations.suspendedAt,
      blacklistedUntil: organisations.blacklistedUntil,
      creditScore: organisations.creditScore,
    })
    .from(organisations)
    .where(eq(organisations.id, agencyId))
  const [offering] = await db
    .select({
      feeMaxFen: offerings.feeMaxFen,
      pausedAt: offerings.pausedAt,
      timeLimitDays: offerings.timeLimitDays,
    })
    .from(offerings)
    .where(and(eq(offerings.agencyId, agencyId), eq(offerings.serviceItemCode, itemCode)))
  const held = await db
    .select({
      type: qualifications.type,
      validFrom: qualifications.validFrom,
      validTo: qualifications.validTo,
    })
    .from(qualifications)
    .where(eq(qualifications.agencyId, agencyId))
  return {
    isAgency: agency?.kind === 'agency',
    offersItem: offering != null,
    offeringPaused: offering?.pausedAt != null,
    offeringFeeMaxFen: offering?.feeMaxFen ?? null,
    qualifications: held,
    onDate: shanghaiDate(deadlineAt),
    suspended: agency?.suspendedAt != null,
    blacklisted: agency?.blacklistedUntil != null && agency.blacklistedUntil > deadlineAt,
    creditScore: agency?.creditScore ?? 0,
  }
}
