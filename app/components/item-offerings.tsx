import type { OfferingSort } from '#models/catalogue.ts'
import type { FeeKind } from '#models/db/schema.ts'
import { describeFee } from '#models/rules/fees.ts'

export interface OfferingRow {
  id: string
  agencyId: string
  agencyName: string
  regionLabel: string
  verified: boolean
  feeKind: FeeKind
  feeMinFen: number
  feeMaxFen: number
  feeRule: string
  timeLimitDays: number
}

const sortLabels: Record<OfferingSort, string> = { fee: '按收费', time: '按承诺时限' }

/** The agencies offering an item, sortable by plain links so it works without JavaScript. */
export function ItemOfferings({ rows, sort }: { rows: OfferingRow[]; sort: OfferingSort }) {
  return (
    <>
      <nav aria-label="报价排序" className="link-row">
        <span>排序：</span>
        {(Object.keys(sortLabels) as OfferingSort[]).map((key) =>
          key === sort ? (
            <span key={key} aria-current="true">
              {sortLabels[key]}
            </span>
          ) : (
            <a key={key} href={`?sort=${key}`}>
              {sortLabels[key]}
            </a>
          ),
        )}
      </nav>
      <div className="table-wrap">
        <table className="stack-table">
          <caption className="visually-hidden">提供本事项的机构及其报价</caption>
          <thead>
            <tr>
              <th scope="col">机构</th>
              <th scope="col">所在地区</th>
              <th scope="col">收费</th>
              <th scope="col">承诺时限</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                <td className="wrap" data-label="机构">
                  <span>
                    <a href={`/agencies/${row.agencyId}`}>{row.agencyName}</a>{' '}
                    {row.verified ? <span className="badge badge--ok">已核验</span> : null}
                  </span>
                </td>
                <td data-label="地区">{row.regionLabel}</td>
                <td className="wrap" data-label="收费">
                  {describeFee(row)}
                </td>
                <td data-label="承诺时限">{`${row.timeLimitDays} 个工作日`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  )
}
