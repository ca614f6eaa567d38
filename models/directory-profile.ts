import { and, eq, type SQL, sql } from 'drizzle-orm'
import { z } from 'zod'
import type { Ctx } from './context.ts'
import {
  organisations,
  type offeringCases,
  type offerings,
  type practitioners,
  type qualifications,
  type supervisionActions,
} from './db/schema.ts'
import { agencyRegionLabel } from './directory.ts'
import { NotFoundError } from './errors.ts'
import { maskCertificateNumber, qualificationStatus, shanghaiDate } from './rules/qualifications.ts'
import { profileColumns } from './profiles.ts'
import type { Database } from './db/client.ts'
import { preparedQuery } from './db/prepared-query.ts'

const notFound = () => new NotFoundError('该中介机构不存在')

/**
 * An agency's public page. A suspended agency is still shown, with its notice: the
 * public must be able to read why. Buyers' organisations have no public profile here.
 */
export async function getAgencyProfile(ctx: Ctx, agencyId: string) {
  if (!z.guid().safeParse(agencyId).success) throw notFound()
  const [agency] = await preparedQuery(ctx.db, 'agencyProfile', profileQuery).execute({ agencyId })
  if (!agency) throw notFound()

  const { regionCode, qualificationRows, practitionerRows, offeringRows, historyRows, ...fields } =
    agency
  const today = shanghaiDate(new Date())
  return {
    agency: { ...fields, regionLabel: agencyRegionLabel(regionCode) },
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
      itemRetiredAt: o.itemRetiredAt == null ? null : new Date(o.itemRetiredAt),
    })),
    history: historyRows.map((h) => ({ ...h, createdAt: new Date(h.createdAt) })),
  }
}

// The lists' rows as the JSON arrives: timestamps as ISO text, dates as 'YYYY-MM-DD'.
type QualificationRow = Pick<
  typeof qualifications.$inferSelect,
  'id' | 'type' | 'level' | 'number' | 'issuer' | 'validFrom' | 'validTo'
>
type PractitionerRow = Pick<
  typeof practitioners.$inferSelect,
  'id' | 'name' | 'certificateType' | 'certificateNumber'
>
type CaseRow = Pick<
  typeof offeringCases.$inferSelect,
  'id' | 'offeringId' | 'title' | 'clientName' | 'completedOn' | 'amountFen'
>
type OfferingRow = Pick<
  typeof offerings.$inferSelect,
  | 'id'
  | 'feeKind'
  | 'feeMinFen'
  | 'feeMaxFen'
  | 'feeRule'
  | 'feeExample'
  | 'timeLimitDays'
  | 'scope'
> & {
  itemCode: string
  itemName: string
  itemCategory: string
  itemRetiredAt: string | null
  cases: CaseRow[]
}
type HistoryRow = Pick<typeof supervisionActions.$inferSelect, 'id' | 'kind' | 'reason'> & {
  createdAt: string
}

/** A sub-select's rows as one JSON array, in the order its row_number() column n gives. */
function jsonList<T>(query: SQL) {
  return sql<T[]>`(select coalesce(json_agg(to_jsonb(x) - 'n' order by x.n), '[]'::json)
    from (${query}) x)`
}

/**
 * The whole profile in one statement, its lists as JSON: one round trip instead of six (each
 * cost more in the driver and the socket than the database spent on it). Built once per
 * database handle (models/db/prepared-query.ts).
 */
function profileQuery(db: Database) {
  const id = organisations.id
  return db
    .select({
      id,
      ...profileColumns,
      verifiedAt: organisations.verifiedAt,
      flaggedAt: organisations.flaggedAt,
      flagReason: organisations.flagReason,
      suspendedAt: organisations.suspendedAt,
      suspensionReason: organisations.suspensionReason,
      creditScore: organisations.creditScore,
      creditGrade: organisations.creditGrade,
      createdAt: organisations.createdAt,
      qualificationRows: jsonList<QualificationRow>(sql`
        select row_number() over (order by q.type, q.created_at) as n, q.id, q.type, q.level,
          q.number, q.issuer, q.valid_from as "validFrom", q.valid_to as "validTo"
        from qualifications q where q.agency_id = ${id}`),
      practitionerRows: jsonList<PractitionerRow>(sql`
        select row_number() over (order by p.created_at) as n, p.id, p.name,
          p.certificate_type as "certificateType", p.certificate_number as "certificateNumber"
        from practitioners p where p.agency_id = ${id}`),
      offeringRows: jsonList<OfferingRow>(sql`
        select row_number() over (order by i.code) as n, f.id, i.code as "itemCode",
          i.name as "itemName", i.category as "itemCategory", i.retired_at as "itemRetiredAt",
          f.fee_kind as "feeKind", f.fee_min_fen as "feeMinFen", f.fee_max_fen as "feeMaxFen",
          f.fee_rule as "feeRule", f.fee_example as "feeExample",
          f.time_limit_days as "timeLimitDays", f.scope,
          (select coalesce(json_agg(c order by c."completedOn" desc), '[]'::json) from (
            select c.id, c.offering_id as "offeringId", c.title, c.client_name as "clientName",
              c.completed_on as "completedOn", c.amount_fen as "amountFen"
            from offering_cases c where c.offering_id = f.id) c) as cases
        from offerings f join service_items i on i.code = f.service_item_code
        where f.agency_id = ${id} and f.paused_at is null`),
      // Public record of supervisors' decisions: the reasons, never the supervisor's name.
      historyRows: jsonList<HistoryRow>(sql`
        select row_number() over (order by a.created_at desc, a.id desc) as n, a.id, a.kind,
          a.reason, a.created_at as "createdAt"
        from supervision_actions a where a.organisation_id = ${id}`),
    })
    .from(organisations)
    .where(and(eq(organisations.id, sql.placeholder('agencyId')), eq(organisations.kind, 'agency')))
}
