import { useId } from 'react'
import type { StatsTable as Table } from '#models/stats-tables.ts'
import { TableWrap } from '../table-wrap.tsx'
import { columnLabel, formatCell } from './format.ts'

/** One table of the report: caption, column and row headers, total, and its CSV download. */
export function StatsTable({ table, csvHref }: { table: Table; csvHref: string }) {
  const [head, ...rest] = table.columns
  const numeric = (i: number) => table.columns[i]!.kind !== 'text'
  const captionId = useId()
  return (
    <div className="stats-table">
      <TableWrap labelledBy={captionId}>
        <table>
          <caption id={captionId}>{table.caption}</caption>
          <thead>
            <tr>
              <th scope="col">{head!.label}</th>
              {rest.map((c) => (
                <th key={c.label} scope="col" className={c.kind === 'text' ? undefined : 'num'}>
                  {columnLabel(c)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.length === 0 ? (
              <tr>
                <td colSpan={table.columns.length}>本期间没有数据。</td>
              </tr>
            ) : (
              table.rows.map((row, r) => (
                <tr key={r}>
                  <th scope="row">{formatCell(head!.kind, row[0]!)}</th>
                  {row.slice(1).map((cell, i) => (
                    <td key={i} className={numeric(i + 1) ? 'num' : undefined}>
                      {formatCell(table.columns[i + 1]!.kind, cell)}
                    </td>
                  ))}
                </tr>
              ))
            )}
          </tbody>
          {table.total && table.rows.length > 0 ? (
            <tfoot>
              <tr>
                <th scope="row">{table.total[0]}</th>
                {table.total.slice(1).map((cell, i) => (
                  <td key={i} className={numeric(i + 1) ? 'num' : undefined}>
                    {formatCell(table.columns[i + 1]!.kind, cell)}
                  </td>
                ))}
              </tr>
            </tfoot>
          ) : null}
        </table>
      </TableWrap>
      <p className="stats-table__actions">
        {table.omitted > 0 ? (
          <span>
            仅列出成交金额前 {table.rows.length} 项，另有 {table.omitted} 项见 CSV。
          </span>
        ) : null}
        <a href={csvHref} download>
          下载 CSV<span className="visually-hidden">：{table.caption}</span>
        </a>
      </p>
    </div>
  )
}
