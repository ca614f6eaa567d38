import { parseWithZod } from '@conform-to/zod/v4'
import type {
  ActionFunctionArgs,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { listComplaintQueue } from '#models/complaint-queries.ts'
import { answerComplaint } from '#models/complaints.ts'
import { answerComplaintSchema, COMPLAINT_ANSWER_WORKDAYS } from '#models/validation/complaints.ts'
import { AnswerComplaintForm } from '../components/credit/complaint-forms.tsx'
import { ComplaintTarget } from '../components/credit/complaint-item.tsx'
import { readForm } from '../csrf.server.ts'
import { answerModelError, throwModelError } from '../route-errors.server.ts'
import { requireSignedInCtx } from '../session.server.ts'
import creditStyles from '../styles/credit.css?url'
import { formatDateTime } from '../utils/format.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: creditStyles }]

export const meta: MetaFunction = () => [{ title: '投诉处理 · 中介超市' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const queue = await listComplaintQueue(ctx).catch(throwModelError)
  const done = new URL(request.url).searchParams.get('done')
  return { queue, done: done === 'answered' || done === 'finding' ? done : null }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const formData = await readForm(request, context)
  const submission = parseWithZod(formData, { schema: answerComplaintSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const { complaintId, outcome, answer, recordFinding, findingSummary } = submission.value
  try {
    const { record } = await answerComplaint(ctx, complaintId, {
      outcome,
      answer,
      finding: recordFinding ? { summary: findingSummary ?? '' } : null,
    })
    return redirect(`/supervisor/complaints?done=${record ? 'finding' : 'answered'}`)
  } catch (error) {
    return answerModelError(error, submission)
  }
}

export default function SupervisorComplaints() {
  const { queue, done } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const overdue = queue.filter((c) => c.overdue).length
  return (
    <article>
      <h1>投诉处理</h1>
      <p className="lead">
        待答复的投诉，逾期的在前。应在提交后 {COMPLAINT_ANSWER_WORKDAYS}{' '}
        个工作日内答复；处理结果公开（投诉人不公开），并通知投诉人和被投诉方。
      </p>
      {done ? (
        <p className="notice" role="status">
          {done === 'finding'
            ? '处理结果已公开；信用认定已记录，等待机构陈述意见。'
            : '处理结果已公开并通知。'}
        </p>
      ) : null}
      <p>
        <a href="/complaints">已公开的处理结果</a> ·{' '}
        <a href="/supervisor/findings">信用认定与申诉</a>
      </p>
      <h2>
        待答复（{queue.length}）
        {overdue > 0 ? <span className="badge badge--bad"> {overdue} 件逾期</span> : null}
      </h2>
      {queue.length === 0 ? <p>暂无待答复的投诉。</p> : null}
      <ol className="credit-records">
        {queue.map((c) => (
          <li key={c.id} id={`complaint-${c.id}`} className="card complaint">
            <h3 className="complaint__head">
              <span>{c.subject}</span>
              {c.overdue ? <span className="badge badge--bad">逾期</span> : null}
            </h3>
            <p className="credit-record__meta">
              <ComplaintTarget c={c} /> · 提交于 {formatDateTime(c.filedAt)} · 应于{' '}
              {formatDateTime(c.answerDueAt)} 前答复
            </p>
            <p className="credit-record__meta">
              投诉人（不公开）：{c.complainantOrganisationName} · {c.complainantName}
            </p>
            <p className="credit-record__text">{c.grounds}</p>
            {c.uploadId ? (
              <p>
                附件：<a href={`/uploads/${c.uploadId}`}>{c.uploadName ?? '证明材料'}</a>
              </p>
            ) : null}
            {c.targetType === 'agency' && c.targetOrganisationId ? (
              <p>
                <a href={`/agencies/${c.targetOrganisationId}/credit`}>该机构的信用记录</a>
              </p>
            ) : null}
            <AnswerComplaintForm
              complaintId={c.id}
              againstAgency={c.targetType === 'agency'}
              subject={c.subject}
              lastResult={lastResult}
            />
          </li>
        ))}
      </ol>
    </article>
  )
}
