import { eq, inArray, sql } from 'drizzle-orm'
import type { Database } from '../models/db/client.ts'
import { offerings, organisations, serviceItems } from '../models/db/schema.ts'
import { regionLabel } from '../models/regions.ts'
import { highlightRanges } from './highlight.ts'

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
  /** Credit grades do not exist yet. */
  creditGrade: null
  score: number
  highlights: Highlights
}

export interface AgencyResult {
  id: string
  name: string
  introduction: string
  region: { code: string; name: string } | null
  verified: boolean
  activeOfferingCount: number
  score: number
  highlights: Highlights
}

export interface Ranked {
  id: string
  score: number
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

/** Reads a page of ranked offerings in full (a few primary-key lookups), in rank order. */
export async function offeringResults(
  db: Database,
  ranked: readonly Ranked[],
  terms: readonly string[],
): Promise<OfferingResult[]> {
  if (ranked.length === 0) return []
  const rows = await db
    .select({
      id: offerings.id,
      agencyId: offerings.agencyId,
      agencyName: organisations.name,
      serviceItemCode: offerings.serviceItemCode,
      serviceItemName: serviceItems.name,
      category: serviceItems.category,
      feeKind: offerings.feeKind,
      feeMinFen: offerings.feeMinFen,
      feeMaxFen: offerings.feeMaxFen,
      timeLimitDays: offerings.timeLimitDays,
      scope: offerings.scope,
      regionCode: organisations.regionCode,
      verified: sql<boolean>`${organisations.verifiedAt} is not null`,
    })
    .from(offerings)
    .innerJoin(organisations, eq(organisations.id, offerings.agencyId))
    .innerJoin(serviceItems, eq(serviceItems.code, offerings.serviceItemCode))
    .where(
      inArray(
        offerings.id,
        ranked.map((r) => r.id),
      ),
    )
  const byId = new Map(rows.map((r) => [r.id, r]))
  return ranked.flatMap(({ id, score }) => {
    const row = byId.get(id)
    if (!row) return []
    const { regionCode, ...rest } = row
    return [
      {
        ...rest,
        score: rounded(score),
        region: regionOf(regionCode),
        creditGrade: null,
        highlights: mark(
          { agencyName: row.agencyName, serviceItemName: row.serviceItemName, scope: row.scope },
          terms,
        ),
      },
    ]
  })
}

/** Reads a page of ranked agencies in full, in rank order. */
export async function agencyResults(
  db: Database,
  ranked: readonly Ranked[],
  terms: readonly string[],
): Promise<AgencyResult[]> {
  if (ranked.length === 0) return []
  const rows = await db
    .select({
      id: organisations.id,
      name: organisations.name,
      introduction: organisations.introduction,
      regionCode: organisations.regionCode,
      verified: sql<boolean>`${organisations.verifiedAt} is not null`,
      activeOfferingCount: organisations.activeOfferingCount,
    })
    .from(organisations)
    .where(
      inArray(
        organisations.id,
        ranked.map((r) => r.id),
      ),
    )
  const byId = new Map(rows.map((r) => [r.id, r]))
  return ranked.flatMap(({ id, score }) => {
    const row = byId.get(id)
    if (!row) return []
    const { regionCode, ...rest } = row
    return [
      {
        ...rest,
        score: rounded(score),
        region: regionOf(regionCode),
        highlights: mark({ name: row.name, introduction: row.introduction }, terms),
      },
    ]
  })
}
