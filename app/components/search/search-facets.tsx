import type { SearchParams } from '#search/filters.ts'
import { FacetList } from './facet-list.tsx'
import type { ShownOutcome } from './shown-outcome.server.ts'

/** The parameters the facet lists set, counted on the folded panel's summary. */
const facetNames = [
  'item',
  'category',
  'region',
  'qualification',
  'fee',
  'grade',
  'verified',
] as const

/** The sidebar of counts that narrow a search, one link per value. */
export function SearchFacets({
  params,
  outcome,
}: {
  params: SearchParams
  outcome: Pick<ShownOutcome, 'placeLabel' | 'facets' | 'total' | 'totalExact'>
}) {
  const chosen = facetNames.filter((name) => params[name]).length
  const { facets } = outcome
  return (
    <aside className="search-facets" aria-labelledby="facets-title">
      {/* Names the sidebar and keeps its h3s under an h2, as the results' h2s are. */}
      <h2 id="facets-title" className="visually-hidden">
        筛选
      </h2>
      {outcome.placeLabel ? <p>{`地区：${outcome.placeLabel}`}</p> : null}
      {/* Folded on a phone so the results come first; always open beside them (search.css). */}
      {facets ? (
        <details className="search-facets__panel">
          <summary>{chosen > 0 ? `筛选条件（已选 ${chosen} 项）` : '筛选条件'}</summary>
          {outcome.totalExact ? null : (
            <p className="search-facets__note">{`结果较多，以下计数只统计了其中 ${outcome.total} 条。`}</p>
          )}
          <FacetList title="服务事项" name="item" values={facets.item} />
          <FacetList title="类别" name="category" values={facets.category} />
          <FacetList title="所在城市" name="region" values={facets.city} />
          <FacetList title="持有资质" name="qualification" values={facets.qualification} />
          <FacetList title="收费" name="fee" values={facets.fee} />
          <FacetList title="信用等级" name="grade" values={facets.grade} />
          <FacetList
            title="核验"
            name="verified"
            values={[{ value: '1', label: '已核验', count: facets.verified }]}
          />
        </details>
      ) : null}
    </aside>
  )
}
