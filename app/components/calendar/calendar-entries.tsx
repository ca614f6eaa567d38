import type { CalendarConsole } from '#models/workday-calendar-console.ts'
import { formatDateTime } from '../../utils/format.ts'
import { RemoveRowForm } from '../remove-row-form.tsx'
import { kindLabels, reasonLabels } from '../workday-month.tsx'

type Check = NonNullable<CalendarConsole['check']>
type Year = CalendarConsole['years'][number]

/** Years whose holidays the calendar does not know, or knows only in part. */
export function CoverageWarnings({ coverage }: { coverage: CalendarConsole['coverage'] }) {
  const warnings = coverage.flatMap((c) => {
    if (c.state === 'unknown')
      return [
        `${c.year} 年的放假安排尚未内置或录入：该年只按周末计算，元旦、春节等节假日会被当作工作日。安排公布后请及时录入。`,
      ]
    if (c.state === 'partial')
      return [
        `${c.year} 年只录入了 ${c.weekdayHolidays} 个工作日放假（官方安排七个节日都有工作日放假，通常十余天）：请核对是否已录入全部放假日和调休上班日。`,
      ]
    return []
  })
  if (warnings.length === 0) return null
  return (
    <div className="form-errors" role="note">
      {warnings.map((w) => (
        <p key={w}>{w}</p>
      ))}
    </div>
  )
}

/** The asked date's answer: working day or not, and why. */
export function CheckAnswer({ check }: { check: Check }) {
  if ('error' in check)
    return (
      <p className="field__error" role="alert">
        {check.error}
      </p>
    )
  return (
    <p className="calendar-answer" role="status">
      <strong>
        {check.date}（{check.weekday}）是{check.work ? '工作日' : '休息日'}
      </strong>
      <br />
      原因：{reasonLabels[check.reason]}
      {check.name ? `（${check.name}）` : ''}
    </p>
  )
}

/**
 * One year's entries, each with what the day would be without it, who set it, and 删除 for
 * days still to come: deadlines already counted the past ones.
 */
export function YearEntries({ year, entries, today }: Year & { today: string }) {
  return (
    <section aria-labelledby={`year-${year}`}>
      <h3 id={`year-${year}`}>
        {year} 年（{entries.length} 天）
      </h3>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">日期</th>
              <th scope="col">设置为</th>
              <th scope="col">名称</th>
              <th scope="col">未设置时</th>
              <th scope="col">设置人</th>
              <th scope="col">设置时间</th>
              <th scope="col">操作</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.date}>
                <td className="mono">
                  {e.date} {e.weekday}
                </td>
                <td>
                  <span className={e.kind === 'holiday' ? 'badge badge--bad' : 'badge'}>
                    {kindLabels[e.kind]}
                  </span>
                </td>
                <td>{e.name}</td>
                <td>
                  {e.without.work ? '工作日' : '休息日'}（{reasonLabels[e.without.reason]}
                  {e.without.name ? `：${e.without.name}` : ''}）
                </td>
                <td>{e.createdByName ?? '—'}</td>
                <td>{formatDateTime(e.createdAt)}</td>
                <td>
                  {e.date < today ? (
                    <span className="field__hint">已过去</span>
                  ) : (
                    <RemoveRowForm name="date" value={e.date} label={`删除 ${e.date} ${e.name}`} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}
