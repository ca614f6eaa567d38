import type { DayReason, MonthDay } from '#models/workday-calendar.ts'

/** Why a day is a working day or not, as the console says it. */
export const reasonLabels: Record<DayReason, string> = {
  override: '监管人员设置',
  holiday: '法定节假日',
  make_up: '调休上班',
  weekend: '周末',
  weekday: '周一至周五',
}

/** The rule's workdayOverrideKindNames, repeated so the browser bundle skips the package's data. */
export const kindLabels = { holiday: '放假', workday: '调休上班' } as const

const weekdayHeads = ['一', '二', '三', '四', '五', '六', '日']

interface MonthProps {
  label: string
  weeks: (MonthDay | null)[][]
  today: string
  prevHref: string
  nextHref: string
}

/** One month of the working-day calendar: each day marked 班 or 休, with what made it so. */
export function WorkdayMonth({ label, weeks, today, prevHref, nextHref }: MonthProps) {
  return (
    <div className="workday-month">
      <nav className="workday-month__nav" aria-label="切换月份">
        <a href={prevHref}>← 上月</a>
        <strong>{label}</strong>
        <a href={nextHref}>下月 →</a>
      </nav>
      <table>
        <caption className="visually-hidden">{label}工作日历</caption>
        <thead>
          <tr>
            {weekdayHeads.map((d) => (
              <th key={d} scope="col">
                {d}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week) => (
            <tr key={week.find(Boolean)?.date}>
              {week.map((cell, i) =>
                cell ? (
                  <td
                    key={cell.date}
                    className={[
                      cell.work ? 'day day--work' : 'day day--rest',
                      `day--${cell.reason}`,
                      cell.date === today ? 'day--today' : '',
                    ].join(' ')}
                    title={dayTitle(cell)}
                  >
                    <span className="day__number">{cell.day}</span>
                    <span className="day__mark">{cell.work ? '班' : '休'}</span>
                    {cell.reason === 'weekday' || cell.reason === 'weekend' ? null : (
                      <span className="day__name">{cell.name}</span>
                    )}
                    <span className="visually-hidden">
                      ，{cell.work ? '工作日' : '休息日'}（{reasonLabels[cell.reason]}）
                    </span>
                  </td>
                ) : (
                  <td key={`pad-${i}`} className="day day--pad" />
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="workday-month__legend">
        <span className="day--rest legend">休</span> 休息日
        <span className="day--work legend">班</span> 工作日
        <span className="day--make_up legend">班</span> 调休上班
        <span className="day--override legend">设</span> 监管人员设置的条目
      </p>
    </div>
  )
}

function dayTitle(cell: MonthDay) {
  const what = cell.work ? '工作日' : '休息日'
  const why = reasonLabels[cell.reason]
  return `${cell.date} ${what}（${why}${cell.name ? `：${cell.name}` : ''}）`
}
