import type { Highlights, SearchOutcome } from '#search/query.ts'

/** Only the marks of the fields a result card shows. */
function marksOf(highlights: Highlights, fields: readonly string[]): Highlights {
  const shown: Highlights = {}
  for (const field of fields) if (highlights[field]) shown[field] = highlights[field]
  return shown
}

/**
 * What the search page shows of an outcome, and nothing more. A loader's data is written into
 * the page twice (as HTML and as hydration data): scores, codes, how the query was read and
 * agencies' introductions were a fifth of that data and never shown. The API keeps them.
 */
export function shownOutcome(outcome: SearchOutcome) {
  const common = {
    total: outcome.total,
    totalExact: outcome.totalExact,
    page: outcome.page,
    pageSize: outcome.pageSize,
    message: outcome.message,
    heardAs: outcome.heardAs,
    placeLabel: outcome.understood.place?.label ?? null,
    facets: outcome.facets,
  }
  switch (outcome.type) {
    case 'offering':
      return {
        ...common,
        type: outcome.type,
        results: outcome.results.map((r) => ({
          id: r.id,
          agencyId: r.agencyId,
          agencyName: r.agencyName,
          serviceItemCode: r.serviceItemCode,
          serviceItemName: r.serviceItemName,
          feeMinFen: r.feeMinFen,
          feeMaxFen: r.feeMaxFen,
          timeLimitDays: r.timeLimitDays,
          scope: r.scope,
          regionName: r.region?.name ?? null,
          verified: r.verified,
          creditGrade: r.creditGrade,
          highlights: marksOf(r.highlights, ['serviceItemName', 'agencyName', 'scope']),
        })),
      }
    case 'agency':
      return {
        ...common,
        type: outcome.type,
        results: outcome.results.map((r) => ({
          id: r.id,
          name: r.name,
          regionName: r.region?.name ?? null,
          verified: r.verified,
          creditGrade: r.creditGrade,
          activeOfferingCount: r.activeOfferingCount,
          highlights: marksOf(r.highlights, ['name']),
        })),
      }
    case 'project':
      return {
        ...common,
        type: outcome.type,
        results: outcome.results.map((r) => ({
          id: r.id,
          url: r.url,
          title: r.title,
          status: r.status,
          method: r.method,
          serviceItemName: r.serviceItemName,
          budgetCapFen: r.budgetCapFen,
          regionName: r.region.name,
          buyerName: r.buyerName,
          deadlineAt: r.deadlineAt,
          highlights: marksOf(r.highlights, ['title']),
        })),
      }
  }
}

export type ShownOutcome = ReturnType<typeof shownOutcome>
export type ShownResult<T extends ShownOutcome['type']> = Extract<
  ShownOutcome,
  { type: T }
>['results'][number]
