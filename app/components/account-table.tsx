import type { ReactNode } from 'react'
import { formatDateTime } from '../utils/format.ts'

export interface AccountRow {
  id: string
  name: string
  phone: string
  admin: boolean
  mustChangePassword: boolean
  createdAt: Date
  disabledAt: Date | null
}

function statusOf(a: AccountRow) {
  if (a.disabledAt) return `已停用（${formatDateTime(a.disabledAt)}）`
  return a.mustChangePassword ? '有效，待本人修改初始密码' : '有效'
}

/** An organisation's accounts, as its members and the supervisors see them. */
export function AccountTable({
  accounts,
  me,
  actions,
}: {
  accounts: AccountRow[]
  /** The reader's own row, marked 我. */
  me?: string
  /** Each row's buttons; no column when absent. */
  actions?: (account: AccountRow, index: number) => ReactNode
}) {
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">姓名</th>
            <th scope="col">手机号</th>
            <th scope="col">身份</th>
            <th scope="col">加入时间</th>
            <th scope="col">状态</th>
            {actions ? <th scope="col">操作</th> : null}
          </tr>
        </thead>
        <tbody>
          {accounts.map((a, i) => (
            <tr key={a.id}>
              <td>
                {a.name}
                {a.id === me ? '（我）' : null}
              </td>
              <td className="mono">{a.phone}</td>
              <td>{a.admin ? '账号管理员' : '成员'}</td>
              <td>{formatDateTime(a.createdAt)}</td>
              <td>{statusOf(a)}</td>
              {actions ? <td>{actions(a, i)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
