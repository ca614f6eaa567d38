import { type SQL, sql } from 'drizzle-orm'
import type { Database } from '../models/db/client.ts'
import { regionLabel } from '../models/regions.ts'
import type { CreditGrade } from '../models/rules/credit-rules.ts'
import { highlightRanges } from './highlight.ts'
import { selectRows } from './raw-sql.ts'

export type Highlights = Record<string, [number, number][]>

export interface OfferingResult {
  id: string
  agencyId: string
  agencyName: string
  serviceItemCode: string
  serviceItemName: string
  category: string
  feeKind: string
  feeMinFen: number
  feeMaxFen: number
  timeLimitDays: number
  scope: string
  region: { code: string; name: string } | null
  verified: boolean
  /** The agency's credit grade as it stands now. */
  creditGrade: CreditGrade
  score: number
  highlights: Highlights
}

export interface ProjectResult {
  id: string
  title: string
  serviceItemCode: string
  serviceItemName: string
  buyerName: string
  regionCode: string
  region: { code: string; name: string }
  status: string
  method: string
  budgetCapFen: number
  deadlineAt: string
  url: string
  highlights: Highlights
}

export interface AgencyResult {
  id: string
  name: string
  introduction: string
  region: { code: string; name: string } | null
  verified: boolean
  creditGrade: CreditGrade
  activeOfferingCount: number
  score: number
  highlights: Highlights
}

function regionOf(code: string | null) {
  return code ? { code, name: regionLabel(code) } : null
}

function mark(fields: Record<string, string>, terms: readonly string[]) {
  const marks: Highlights = {}
  for (const [field, text] of Object.entries(fields)) {
    const ranges = highlightRanges(text, terms)
    if (ranges.length > 0) marks[field] = ranges
  }
  return marks
}

const rounded = (score: number) => Math.round(score * 1000) / 1000

interface OfferingRow extends Record<string, unknown> {
  id: string
  agency_id: string
  agency_name: string
  service_item_code: string
  service_item_name: string
  category: string
  fee_kind: string
  fee_min_fen: number
  fee_max_fen: number
  time_limit_days: number
  scope: string
  region_code: string | null
  verified: boolean
  credit_grade: CreditGrade
  score: number
}

/**
 * Reads a page of offerings in full, in rank order: `ranked` selects the page's
 * (offering_id, score, ord); only those rows are joined to their agency and item.
 */
export async function offeringPage(
  db: Database,
  ranked: SQL,
  terms: readonly string[],
): Promise<OfferingResult[]> {
  const rows = await selectRows<OfferingRow>(
    db,
    sql`
    select f.id, f.agency_id, o.name as agency_name, f.service_item_code,
      i.name as service_item_name, i.category, f.fee_kind, f.fee_min_fen, f.fee_max_fen,
      f.time_limit_days, f.scope, o.region_code, o.verified_at is not null as verified,
      o.credit_grade, p.score
    from (${ranked}) p
    join offerings f on f.id = p.offering_id
    join organisations o on o.id = f.agency_id
    join service_items i on i.code = f.service_item_code
    order by p.ord`,
  )
  return rows.map((r) => ({
    id: r.id,
    agencyId: r.agency_id,
    agencyName: r.agency_name,
    serviceItemCode: r.service_item_code,
    serviceItemName: r.service_item_name,
    category: r.category,
    feeKind: r.fee_kind,
    feeMinFen: Number(r.fee_min_fen),
    feeMaxFen: Number(r.fee_max_fen),
    timeLimitDays: Number(r.time_limit_days),
    scope: r.scope,
    region: regionOf(r.region_code),
    verified: r.verified,
    creditGrade: r.credit_grade,
    score: rounded(Number(r.score)),
    highlights: mark(
      { agencyName: r.agency_name, serviceItemName: r.service_item_name, scope: r.scope },
      terms,
    ),
  }))
}

interface AgencyRow extends Record<string, unknown> {
  id: string
  name: string
  introduction: string
  region_code: string | null
  verified: boolean
  credit_grade: CreditGrade
  active_offering_count: number
  score: number
}

/** Reads a page of agencies in full, in rank order: `ranked` selects (id, score, ord). */
export async function agencyPage(
  db: Database,
  ranked: SQL,
  terms: readonly string[],
): Promise<AgencyResult[]> {
  const rows = await selectRows<AgencyRow>(
    db,
    sql`
    select o.id, o.name, o.introduction, o.region_code, o.verified_at is not null as verified,
      o.credit_grade, o.active_offering_count, p.score
    from (${ranked}) p join organisations o on o.id = p.id
    order by p.ord`,
  )
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    introduction: r.introduction,
    region: regionOf(r.region_code),
    verified: r.verified,
    creditGrade: r.credit_grade,
    activeOfferingCount: Number(r.active_offering_count),
    score: rounded(Number(r.score)),
    highlights: mark({ name: r.name, introduction: r.introduction }, terms),
  }))
}
