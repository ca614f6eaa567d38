import { formatFenExact } from '#models/rules/money.ts'
import { formatDate, formatDateTime, formatDayKey } from '../../utils/format.ts'
import { TableWrap } from '../table-wrap.tsx'

interface ClockReading {
  usedWorkdays: number
  allowedWorkdays: number
  remainingWorkdays: number
  paused: boolean
  dueDate: string | null
  overdue: boolean
}

/** Remaining working days in large type, as both parties see them. */
export function ServiceClockPanel({
  clock,
  timeLimit,
  extended,
  status,
}: {
  clock: ClockReading
  timeLimit: number
  extended: number
  status: string
}) {
  const state =
    status === 'accepted'
      ? '已验收，计时停止'
      : status === 'cancelled'
        ? '合同已解除'
        : status === 'delivered'
          ? '验收中，计时暂停'
          : clock.paused
            ? '等待业主，计时暂停'
            : clock.overdue
              ? '已超期'
              : '计时中'
  return (
    <section className="contract-section" aria-labelledby="clock-title">
      <h2 id="clock-title">服务时限</h2>
      <div className={clock.overdue ? 'clock-figures clock-overdue' : 'clock-figures'}>
        <div>
          剩余工作日
          <strong>
            {clock.overdue ? `超期 ${-clock.remainingWorkdays}` : clock.remainingWorkdays}
          </strong>
        </div>
        <div>
          已用 / 时限
          <strong>
            {clock.usedWorkdays} / {clock.allowedWorkdays}
          </strong>
        </div>
        <div>
          到期日
          <strong>{clock.dueDate ? formatDayKey(clock.dueDate) : '待恢复计时'}</strong>
        </div>
        <div>
          状态
          <strong>{state}</strong>
        </div>
      </div>
      <p className="field__hint">
        合同时限 {timeLimit} 个工作日{extended > 0 ? `，经同意延期 ${extended} 个工作日` : ''}
        。按中国法定工作日计算，节假日、等待业主和验收期间不计入。
      </p>
    </section>
  )
}

export function MilestoneTable({
  milestones,
}: {
  milestones: {
    id: string
    seq: number
    name: string
    shareBasisPoints: number
    amountFen: number
  }[]
}) {
  if (milestones.length === 0) return <p>验收通过后一次付清。</p>
  return (
    <TableWrap label="付款节点">
      <table className="table">
        <caption>付款节点</caption>
        <thead>
          <tr>
            <th scope="col">序号</th>
            <th scope="col">节点</th>
            <th scope="col">比例</th>
            <th scope="col">金额</th>
          </tr>
        </thead>
        <tbody>
          {milestones.map((m) => (
            <tr key={m.id}>
              <td>{m.seq}</td>
              <td>{m.name}</td>
              <td>{m.shareBasisPoints / 100}%</td>
              <td>{formatFenExact(m.amountFen)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  )
}

interface Round {
  id: string
  round: number
  note: string
  submittedAt: string | Date
  decision: 'accepted' | 'returned' | null
  decisionReason: string | null
  decidedAt: string | Date | null
  files: { uploadId: string; name: string; size: number }[]
}

/** Every delivery round and its verdict, newest first. */
export function DeliveryRounds({ rounds }: { rounds: Round[] }) {
  if (rounds.length === 0) return <p>尚未提交成果。</p>
  return (
    <ol className="stack" reversed>
      {rounds.map((r) => (
        <li key={r.id} className="card">
          <p>
            <strong>第 {r.round} 次交付</strong> · {formatDateTime(r.submittedAt)}{' '}
            {r.decision === 'accepted' ? (
              <span className="badge badge--ok">验收通过</span>
            ) : r.decision === 'returned' ? (
              <span className="badge badge--bad">退回修改</span>
            ) : (
              <span className="badge badge--warn">待验收</span>
            )}
          </p>
          <p className="prewrap">{r.note}</p>
          {r.files.length > 0 ? (
            <ul>
              {r.files.map((f) => (
                <li key={f.uploadId}>
                  <a href={`/uploads/${f.uploadId}`}>{f.name}</a> ({Math.ceil(f.size / 1024)} KB)
                </li>
              ))}
            </ul>
          ) : null}
          {r.decidedAt ? (
            <p>
              验收意见（{formatDateTime(r.decidedAt)}）：{r.decisionReason || '无'}
            </p>
          ) : null}
        </li>
      ))}
    </ol>
  )
}

export function PauseAndExtensionLog({
  pauses,
  extensions,
}: {
  pauses: { id: string; reason: string; startedAt: string | Date; endedAt: string | Date | null }[]
  extensions: {
    id: string
    workdays: number
    reason: string
    requestedAt: string | Date
    decision: 'approved' | 'declined' | null
    decisionReason: string | null
  }[]
}) {
  if (pauses.length === 0 && extensions.length === 0) return null
  return (
    <section className="contract-section">
      <h2>等待业主与延期记录</h2>
      <ul>
        {pauses.map((p) => (
          <li key={p.id}>
            等待业主：{formatDate(p.startedAt)} 至 {p.endedAt ? formatDate(p.endedAt) : '今'}——
            {p.reason}
          </li>
        ))}
        {extensions.map((e) => (
          <li key={e.id}>
            {formatDate(e.requestedAt)} 申请延期 {e.workdays} 个工作日（{e.reason}）：
            {e.decision === 'approved' ? '已同意' : e.decision === 'declined' ? '未同意' : '待决定'}
            {e.decisionReason ? `——${e.decisionReason}` : ''}
          </li>
        ))}
      </ul>
    </section>
  )
}

export function ContractTimeline({
  events,
}: {
  events: { id: number; summary: string; occurredAt: string | Date }[]
}) {
  return (
    <section className="contract-section">
      <h2>合同记录</h2>
      <ol className="timeline">
        {events.map((e) => (
          <li key={e.id}>
            <time>{formatDateTime(e.occurredAt)}</time> {e.summary}
          </li>
        ))}
      </ol>
    </section>
  )
}
