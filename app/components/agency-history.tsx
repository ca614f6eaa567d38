import { formatDateTime } from '../utils/format.ts'
import { TableWrap } from './table-wrap.tsx'

export const supervisionActionNames: Record<string, string> = {
  verified: '核验通过',
  flagged: '标记虚假信息',
  unflagged: '撤销标记',
  suspended: '暂停',
  reinstated: '恢复',
}

interface HistoryRow {
  id: string
  kind: string
  reason: string
  createdAt: Date | string
  /** Shown to supervisors only; the public sees '监管人员'. */
  supervisorName?: string
}

/** The record of supervisors' decisions about one organisation, newest first. */
export function SupervisionHistory({ rows }: { rows: HistoryRow[] }) {
  if (rows.length === 0) return <p className="field__hint">暂无监管记录。</p>
  return (
    <TableWrap label="监管记录">
      <table>
        <caption className="visually-hidden">监管记录</caption>
        <thead>
          <tr>
            <th scope="col">时间</th>
            <th scope="col">事项</th>
            <th scope="col">理由</th>
            <th scope="col">操作人</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <td>{formatDateTime(row.createdAt)}</td>
              <td>{supervisionActionNames[row.kind] ?? row.kind}</td>
              <td className="cell-wrap">{row.reason || '—'}</td>
              <td>{row.supervisorName ?? '监管人员'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  )
}
