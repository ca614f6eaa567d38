import { parseWithZod } from '@conform-to/zod/v4'
import type {
  ActionFunctionArgs,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { NotFoundError, ValidationError } from '#models/errors.ts'
import { bulkOverridesFormSchema, workdayOverrideFormSchema } from '#models/validation/calendar.ts'
import { getCalendarConsole } from '#models/workday-calendar-console.ts'
import {
  removeWorkdayOverride,
  setWorkdayOverride,
  setWorkdayOverrides,
} from '#models/workday-calendar.ts'
import {
  CheckAnswer,
  CoverageWarnings,
  YearEntries,
} from '../components/calendar/calendar-entries.tsx'
import { BulkForm, OneEntryForm } from '../components/calendar/calendar-forms.tsx'
import { FormErrors } from '../components/form-fields.tsx'
import { WorkdayMonth } from '../components/workday-month.tsx'
import { readForm } from '../csrf.server.ts'
import { answerModelError, throwModelError } from '../route-errors.server.ts'
import { requireSignedInCtx } from '../session.server.ts'
import calendarStyles from '../styles/calendar.css?url'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: calendarStyles }]

export const meta: MetaFunction = () => [{ title: '工作日历 · 中介超市' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const url = new URL(request.url)
  const page = await getCalendarConsole(ctx, {
    date: url.searchParams.get('date'),
    month: url.searchParams.get('month'),
  }).catch(throwModelError)
  return { ...page, done: doneMessage(url.searchParams) }
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
      if (error instanceof NotFoundError || error instanceof ValidationError)
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
  const { today, coverage, years, check, month, done } = useLoaderData<typeof loader>()
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
      <CoverageWarnings coverage={coverage} />

      <div className="calendar-console__top">
        <div className="card stack">
          <h2>查询某一天</h2>
          <Form method="get" className="calendar-check">
            <div className="field">
              <label htmlFor="check-date">查询日期</label>
              {/* Keyed: after a client-side navigation the field shows the date answered. */}
              <input
                key={check?.date ?? today}
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
        years.map((year) => <YearEntries key={year.year} {...year} today={today} />)
      )}

      <div className="calendar-console__forms">
        <OneEntryForm lastResult={formResult} />
        <BulkForm lastResult={formResult} />
      </div>
    </section>
  )
}
