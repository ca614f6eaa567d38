import { and, eq, sql } from 'drizzle-orm'
import type { Database } from './db/client.ts'
import { offerings, organisations, qualifications, serviceItems } from './db/schema.ts'
import { ValidationError } from './errors.ts'
import { checkEligibility } from './rules/eligibility.ts'
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
      // By the database clock: barred from the moment of blacklisting, and still barred at
      // opening if the list runs past the deadline (least() is the deadline once it passed).
      blacklisted: sql<boolean>`coalesce(${organisations.blacklistedUntil} > least(platform_now(), ${deadlineAt.toISOString()}::timestamptz), false)`,
      exitedAt: organisations.exitedAt,
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
    offeringTimeLimitDays: offering?.timeLimitDays ?? null,
    qualifications: held,
    onDate: shanghaiDate(deadlineAt),
    suspended: agency?.suspendedAt != null,
    blacklisted: agency?.blacklisted === true,
    exited: agency?.exitedAt != null,
    creditScore: agency?.creditScore ?? 0,
  }
}

/**
 * The project's item and the agency's standing, refusing an agency that may not take part
 * (the message goes beside the price field, where the agency acts).
 */
export async function requireEligibleAgency(
  db: Database,
  project: { serviceItemCode: string; deadlineAt: Date },
  agencyId: string,
) {
  const [item] = await db
    .select()
    .from(serviceItems)
    .where(eq(serviceItems.code, project.serviceItemCode))
  const standing = await agencyStanding(db, agencyId, project.serviceItemCode, project.deadlineAt)
  const eligibility = checkEligibility({ ...standing, requiredQualification: item!.qualification })
  if (!eligibility.eligible)
    throw new ValidationError({
      price: [`贵机构不符合本项目的参与条件：${eligibility.reasons.join('；')}`],
    })
  return { item: item!, standing }
}
