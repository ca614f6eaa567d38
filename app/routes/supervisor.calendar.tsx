import { getFormProps, type SubmissionResult, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type {
  ActionFunctionArgs,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { platformNow } from '#models/clock.ts'
import { NotFoundError } from '#models/errors.ts'
import { isIsoDate, shanghaiDate } from '#models/rules/qualifications.ts'
import { createWorkdayCalendar, isCalendarYearKnown } from '#models/rules/workdays.ts'
import {
  bulkOverridesFormSchema,
  WORKDAY_NAME_MAX,
  workdayOverrideFormSchema,
} from '#models/validation/calendar.ts'
import {
  dayReason,
  listWorkdayOverrides,
  monthWeeks,
  removeWorkdayOverride,
  setWorkdayOverride,
  setWorkdayOverrides,
  shiftMonth,
} from '#models/workday-calendar.ts'
import { CsrfInput } from '../components/csrf-input.tsx'
import {
  firstErrorField,
  FormErrors,
  RadioGroup,
  TextAreaField,
  TextField,
} from '../components/form-fields.tsx'
import { kindLabels, reasonLabels, WorkdayMonth } from '../components/workday-month.tsx'
import { readForm } from '../csrf.server.ts'
import { answerModelError, throwModelError } from '../route-errors.server.ts'
import { requireSignedInCtx } from '../session.server.ts'
import calendarStyles from '../styles/calendar.css?url'
import { formatDateTime } from '../utils/format.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: calendarStyles }]

export const meta: MetaFunction = () => [{ title: '工作日历 · 中介超市' }]

const weekdayNames = ['周日', '周一', '周二', '周三', '周四', '周五', '周六']
const weekdayOf = (date: string) => weekdayNames[new Date(`${date}T00:00:00Z`).getUTCDay()]!

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const overrides = await listWorkdayOverrides(ctx).catch(throwModelError)
  const calendar = createWorkdayCalendar(overrides)
  const officialOnly = createWorkdayCalendar([])
  const url = new URL(request.url)
  const today = shanghaiDate(await platformNow(ctx.db))

  const asked = url.searchParams.get('date')?.trim() || null
  const checked = asked && isIsoDate(asked) ? calendar.dayDetail(asked) : null
  const monthParam = url.searchParams.get('month') ?? ''
  const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(monthParam)
    ? monthParam
    : (checked?.date ?? today).slice(0, 7)

  const entries = overrides.map((o) => {
    const official = officialOnly.dayDetail(o.date)
    return {
      ...o,
      weekday: weekdayOf(o.date),
      without: { work: official.work, why: reasonLabels[dayReason(official)], name: official.name },
    }
  })
  const years = new Map<string, typeof entries>()
  for (const entry of entries) {
    const year = entry.date.slice(0, 4)
    years.set(year, [...(years.get(year) ?? []), entry])
  }
  const thisYear = Number(today.slice(0, 4))
  return {
    today,
    unknownYears: [thisYear, thisYear + 1].filter(
      (y) => !isCalendarYearKnown(`${y}-01-01`, overrides),
    ),
    years: [...years].map(([year, list]) => ({ year, entries: list })),
    check: asked
      ? checked
        ? { ...checked, weekday: weekdayOf(checked.date), reason: dayReason(checked) }
        : { error: '请输入有效的日期，如 2027-01-01', date: asked }
      : null,
    month: {
      label: `${month.slice(0, 4)} 年 ${Number(month.slice(5))} 月`,
      weeks: monthWeeks(calendar, month),
      prev: shiftMonth(month, -1),
      next: shiftMonth(month, 1),
    },
    done: doneMessage(url.searchParams),
  }
}

function doneMessage(params: URLSearchParams) {
  const date = params.get('date') ?? ''
  switch (params.get('done')) {
    case 'set':
      return `已保存 ${date} 的条目。`
    case 'unchanged':
      return `${date} 的条目与已保存的相同，未作更改。`
    case 'bulk':
      return `已录入 ${Number(params.get('count')) || 0} 天，其中 ${Number(params.get('changed')) || 0} 天有变化。`
    case 'removed':
      return `已删除 ${date} 的条目，该日恢复按官方日历计算。`
    default:
      return null
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const formData = await readForm(request, context)
  const intent = formData.get('intent')
  if (intent === 'remove') {
    const date = String(formData.get('date') ?? '')
    try {
      await removeWorkdayOverride(ctx, date)
      return redirect(`/supervisor/calendar?done=removed&date=${encodeURIComponent(date)}`)
    } catch (error) {
      // Removed meanwhile (another tab, another supervisor): say so, keep the page.
      if (error instanceof NotFoundError)
        return data({ removeError: error.message }, { status: 400 })
      return throwModelError(error)
    }
  }
  if (intent === 'bulk') {
    const submission = parseWithZod(formData, { schema: bulkOverridesFormSchema })
    if (submission.status !== 'success') return submission.reply()
    try {
      const { entered, changed } = await setWorkdayOverrides(ctx, submission.value)
      return redirect(`/supervisor/calendar?done=bulk&count=${entered}&changed=${changed}`)
    } catch (error) {
      return answerModelError(error, submission)
    }
  }
  const submission = parseWithZod(formData, { schema: workdayOverrideFormSchema })
  if (submission.status !== 'success') return submission.reply()
  const { date, kind, name } = submission.value
  try {
    const { changed } = await setWorkdayOverride(ctx, { date, kind, name })
    return redirect(`/supervisor/calendar?done=${changed ? 'set' : 'unchanged'}&date=${date}`)
  } catch (error) {
    return answerModelError(error, submission)
  }
}

const leadText =
  '报名截止、公示期和答复期都按工作日计算。系统内置国务院办公厅已公布的放假安排；新一年的安排公布后，请在这里录入放假日和调休上班日，录入的条目优先于内置数据。'

export default function SupervisorCalendarPage() {
  const { today, unknownYears, years, check, month, done } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const removeError = lastResult && 'removeError' in lastResult ? lastResult.removeError : null
  const formResult = lastResult && !('removeError' in lastResult) ? lastResult : undefined
  return (
    <section className="calendar-console">
      <h1>工作日历</h1>
      <p className="lead">{leadText}</p>
      {done ? (
        <p className="notice" role="status">
          {done}
        </p>
      ) : null}
      {unknownYears.length > 0 ? (
        <p className="form-errors" role="note">
          {`${unknownYears.join('、')} 年的放假安排尚未内置或录入：该年只按周末计算，元旦、春节等节假日会被当作工作日。安排公布后请及时录入。`}
        </p>
      ) : null}

      <div className="calendar-console__top">
        <div className="card stack">
          <h2>查询某一天</h2>
          <Form method="get" className="calendar-check">
            <div className="field">
              <label htmlFor="check-date">查询日期</label>
              <input
                id="check-date"
                name="date"
                type="date"
                defaultValue={check?.date ?? today}
                required
              />
            </div>
            <button type="submit" className="button">
              查询
            </button>
          </Form>
          {check ? <CheckAnswer check={check} /> : null}
        </div>
        <WorkdayMonth
          label={month.label}
          weeks={month.weeks}
          today={today}
          prevHref={`?month=${month.prev}`}
          nextHref={`?month=${month.next}`}
        />
      </div>

      <h2>已录入的条目</h2>
      <FormErrors id="remove-errors" errors={removeError ? [removeError] : undefined} />
      {years.length === 0 ? (
        <p className="notice">还没有录入任何条目，目前完全按内置的官方日历计算。</p>
      ) : (
        years.map(({ year, entries }) => (
          <section key={year} aria-labelledby={`year-${year}`}>
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
                        {e.without.work ? '工作日' : '休息日'}（{e.without.why}
                        {e.without.name ? `：${e.without.name}` : ''}）
                      </td>
                      <td>{e.createdByName ?? '—'}</td>
                      <td>{formatDateTime(e.createdAt)}</td>
                      <td>
                        <Form method="post">
                          <CsrfInput />
                          <input type="hidden" name="intent" value="remove" />
                          <input type="hidden" name="date" value={e.date} />
                          <button
                            type="submit"
                            className="button button--quiet"
                            aria-label={`删除 ${e.date} ${e.name}`}
                          >
                            删除
                          </button>
                        </Form>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        ))
      )}

      <div className="calendar-console__forms">
        <OneEntryForm lastResult={formResult} />
        <BulkForm lastResult={formResult} />
      </div>
    </section>
  )
}

type Check =
  | { error: string; date: string }
  | {
      date: string
      work: boolean
      name: string
      weekday: string
      reason: keyof typeof reasonLabels
    }

function CheckAnswer({ check }: { check: Check }) {
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

type FormResult = SubmissionResult<string[]> | undefined

function OneEntryForm({ lastResult }: { lastResult: FormResult }) {
  const mine = lastResult?.initialValue?.intent === 'set' ? lastResult : undefined
  const [form, fields] = useForm({
    id: 'override-one',
    lastResult: mine,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: workdayOverrideFormSchema }),
  })
  const first = firstErrorField(['date', 'kind', 'name'], form.allErrors)
  return (
    <Form method="post" {...getFormProps(form)} className="card stack">
      <h2>录入一天</h2>
      <CsrfInput />
      <input type="hidden" name="intent" value="set" />
      <FormErrors id={`${form.id}-errors`} errors={form.errors} />
      <TextField
        meta={fields.date}
        label="日期"
        hint="如 2027-01-01；已有条目的日期将被替换"
        required
        focus={first === 'date'}
      />
      <RadioGroup
        meta={fields.kind}
        legend="设置为"
        focus={first === 'kind'}
        options={[
          { value: 'holiday', label: '放假', hint: '休息日，不计入工作日' },
          { value: 'workday', label: '调休上班', hint: '周末补班，计入工作日' },
        ]}
      />
      <TextField
        meta={fields.name}
        label="名称"
        hint={`如“元旦”“春节调休上班”，最多 ${WORKDAY_NAME_MAX} 个字`}
        required
        focus={first === 'name'}
      />
      <button type="submit" className="button button--primary">
        保存
      </button>
    </Form>
  )
}

const bulkExample = `2027-01-01 休 元旦
2027-02-06~2027-02-13 休 春节
2027-02-20 班 春节调休上班`

function BulkForm({ lastResult }: { lastResult: FormResult }) {
  const mine = lastResult?.initialValue?.intent === 'bulk' ? lastResult : undefined
  const [form, fields] = useForm({
    id: 'override-bulk',
    lastResult: mine,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: bulkOverridesFormSchema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="card stack">
      <h2>批量录入全年安排</h2>
      <CsrfInput />
      <input type="hidden" name="intent" value="bulk" />
      <FormErrors id={`${form.id}-errors`} errors={form.errors} />
      <TextAreaField
        meta={fields.lines}
        label="放假安排（每行一条）"
        hint={
          <>
            每行：日期（或“开始~结束”）、“休”或“班”、名称，用空格分隔。任何一行有误则全部不录入，并指出是第几行。例如：
            <span className="calendar-example">{bulkExample}</span>
          </>
        }
        rows={10}
        required
        focus={Boolean(fields.lines.errors)}
      />
      <button type="submit" className="button button--primary">
        全部录入
      </button>
    </Form>
  )
}
