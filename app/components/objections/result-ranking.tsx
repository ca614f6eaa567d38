import type { ProjectResult } from '#models/project-award.ts'
import { formatFenExact } from '#models/rules/money.ts'

const score = (n: number | undefined) => (n == null ? '—' : Number.isInteger(n) ? n : n.toFixed(2))

/** The published ranking with each line's reason, and the bids left out with why. */
export function ResultRanking({ result }: { result: ProjectResult }) {
  const scoring = result.method === 'scoring'
  return (
    <>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">排名</caption>
          <thead>
            <tr>
              <th scope="col">排名</th>
              <th scope="col">中介机构</th>
              <th scope="col">报价</th>
              {scoring ? (
                <>
                  <th scope="col">价格分</th>
                  <th scope="col">技术分</th>
                  <th scope="col">信用分</th>
                  <th scope="col">综合得分</th>
                </>
              ) : null}
              <th scope="col">说明</th>
            </tr>
          </thead>
          <tbody>
            {result.ranking.map((row) => (
              <tr key={`${row.rank}-${row.agencyId}`}>
                <td>{row.rank}</td>
                <td>
                  <a href={`/agencies/${row.agencyId}`}>{row.agencyName}</a>
                </td>
                <td>{formatFenExact(row.priceFen)}</td>
                {scoring ? (
                  <>
                    <td>{score(row.priceScore)}</td>
                    <td>{score(row.qualityScore)}</td>
                    <td>{score(row.creditScore)}</td>
                    <td>
                      <strong>{score(row.total)}</strong>
                    </td>
                  </>
                ) : null}
                <td className="wrap-cell">{row.note || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {result.excluded.length > 0 ? (
        <>
          <h3>未进入排名的报价</h3>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">中介机构</th>
                  <th scope="col">原因</th>
                </tr>
              </thead>
              <tbody>
                {result.excluded.map((row) => (
                  <tr key={row.bidId}>
                    <td>{row.agencyName}</td>
                    <td className="wrap-cell">{row.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </>
  )
}
