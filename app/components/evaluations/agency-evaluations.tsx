import { useLocation } from '@remix-run/react'
import { Fragment } from 'react'
import type { AgencyEvaluationSummary } from '#models/evaluation-queries.ts'
import { scoreDimensionNames, scoreDimensions, WEIGHTING_NOTE } from '#models/rules/evaluations.ts'
import { EvaluationBody, ScoreStars } from './score-stars.tsx'

export const EVALUATION_PAGE_PARAM = 'evalPage'

/** Paging by ?evalPage=, keeping the page's other parameters, landing back on the section. */
function EvaluationPagination({ page, pageCount }: { page: number; pageCount: number }) {
  const location = useLocation()
  if (pageCount <= 1) return null
  const hrefFor = (target: number) => {
    const params = new URLSearchParams(location.search)
    if (target <= 1) params.delete(EVALUATION_PAGE_PARAM)
    else params.set(EVALUATION_PAGE_PARAM, String(target))
    const query = params.toString()
    return `${query ? `?${query}` : location.pathname}#evaluations`
  }
  return (
    <nav className="pagination" aria-label="服务评价分页">
      {page > 1 ? <a href={hrefFor(page - 1)}>上一页</a> : <span aria-hidden="true">上一页</span>}
      <span aria-current="page">
        第 {page} / {pageCount} 页
      </span>
      {page < pageCount ? (
        <a href={hrefFor(page + 1)}>下一页</a>
      ) : (
        <span aria-hidden="true">下一页</span>
      )}
    </nav>
  )
}

/** The public profile's 服务评价: averages, the amount-weighted overall score and the ratings. */
export function AgencyEvaluations({ summary }: { summary: AgencyEvaluationSummary }) {
  return (
    <section aria-labelledby="evaluations">
      <h2 id="evaluations">服务评价（{summary.count} 条）</h2>
      {summary.count === 0 ? (
        <p className="field__hint">暂无评价。评价只能由验收通过的合同的采购人和审批部门作出。</p>
      ) : (
        <>
          <dl className="details">
            <dt>综合评分</dt>
            <dd>
              {summary.weightedOverall != null ? (
                <ScoreStars value={summary.weightedOverall} average />
              ) : (
                '—'
              )}{' '}
              <small>（{summary.contractCount} 份合同）</small>
            </dd>
            {scoreDimensions.map((d) => (
              <Fragment key={d}>
                <dt>{scoreDimensionNames[d]}</dt>
                <dd>
                  {summary.averages[d] != null ? (
                    <ScoreStars value={summary.averages[d]} average />
                  ) : (
                    '—'
                  )}
                </dd>
              </Fragment>
            ))}
          </dl>
          <p className="field__hint">
            {WEIGHTING_NOTE}
            各项评分为全部评价的简单平均。评价只能由验收通过的合同的采购人和审批部门作出。
          </p>
          <ul className="card-list">
            {summary.items.map((e) => (
              <li key={e.id} className="card">
                <EvaluationBody
                  evaluation={e}
                  heading={
                    <>
                      {e.projectTitle}
                      <small className="evaluation__item">
                        {' '}
                        {e.itemName} · 采购人 {e.buyerName}
                      </small>
                    </>
                  }
                />
              </li>
            ))}
          </ul>
          <EvaluationPagination page={summary.page} pageCount={summary.pageCount} />
        </>
      )}
    </section>
  )
}
