import { type QualificationStatus, qualificationStatusNames } from '#models/rules/qualifications.ts'
import { formatDate } from '../utils/format.ts'
import { TableWrap } from './table-wrap.tsx'

const statusBadge: Record<QualificationStatus, string> = {
  valid: 'badge badge--ok',
  expired: 'badge badge--bad',
  not_yet_valid: 'badge badge--warn',
}

interface QualificationRow {
  id: string
  type: string
  level: string
  number: string
  issuer: string
  validFrom: string
  validTo: string | null
  status: QualificationStatus
}

export function AgencyQualifications({ rows }: { rows: QualificationRow[] }) {
  if (rows.length === 0) return <p className="field__hint">该机构暂未登记资质。</p>
  return (
    <TableWrap label="资质">
      <table>
        <caption className="visually-hidden">资质</caption>
        <thead>
          <tr>
            <th scope="col">资质</th>
            <th scope="col">等级</th>
            <th scope="col">证书编号</th>
            <th scope="col">发证机关</th>
            <th scope="col">有效期</th>
            <th scope="col">状态</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((q) => (
            <tr key={q.id}>
              <td className="cell-wrap">{q.type}</td>
              <td>{q.level || '—'}</td>
              <td className="mono">{q.number}</td>
              <td>{q.issuer}</td>
              <td>
                {formatDate(q.validFrom)} 至 {q.validTo ? formatDate(q.validTo) : '长期有效'}
              </td>
              <td>
                <span className={statusBadge[q.status]}>{qualificationStatusNames[q.status]}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  )
}

interface PractitionerRow {
  id: string
  name: string
  certificateType: string
  /** Already masked by the model. */
  certificateNumber: string
}

export function AgencyPractitioners({ rows }: { rows: PractitionerRow[] }) {
  if (rows.length === 0) return <p className="field__hint">该机构暂未登记执业人员。</p>
  return (
    <TableWrap label="执业人员">
      <table>
        <caption className="visually-hidden">执业人员</caption>
        <thead>
          <tr>
            <th scope="col">姓名</th>
            <th scope="col">证书类型</th>
            <th scope="col">证书编号（部分隐藏）</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((p) => (
            <tr key={p.id}>
              <td>{p.name}</td>
              <td>{p.certificateType}</td>
              <td className="mono">{p.certificateNumber}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  )
}
