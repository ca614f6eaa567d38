import type { Submission } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type {
  ActionFunctionArgs,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { findOrganisationByText, findProjectByText } from '#models/complaint-queries.ts'
import { ruleAppeal } from '#models/credit-appeals.ts'
import { decideFinding, recordFinding } from '#models/credit-findings.ts'
import { listOpenAppeals, listPendingFindings } from '#models/credit-queries.ts'
import { requireRole } from '#models/context.ts'
import { ValidationError } from '#models/errors.ts'
import {
  decideFindingSchema,
  recordFindingSchema,
  ruleAppealSchema,
} from '#models/validation/credit-findings.ts'
import { DecideForm, RuleAppealForm } from '../components/credit/credit-forms.tsx'
import { recordWhyNames, signedPoints, sourceName } from '../components/credit/credit-labels.ts'
import { RecordFindingForm } from '../components/credit/finding-form.tsx'
import { readForm } from '../csrf.server.ts'
import { answerModelError, throwModelError } from '../route-errors.server.ts'
import { requireSignedInCtx } from '../session.server.ts'
import creditStyles from '../styles/credit.css?url'
import { formatDateTime } from '../utils/format.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: creditStyles }]

export const meta: MetaFunction = () => [{ title: '信用认定与申诉 · 中介超市' }]

const doneMessages: Record<string, string> = {
  recorded: '认定已记录并通知该机构，等待陈述意见。',
  decided: '决定已作出并通知该机构。',
  ruled: '申诉裁决已作出并通知该机构。',
}

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const [pending, appeals] = await Promise.all([
    listPendingFindings(ctx),
    listOpenAppeals(ctx),
  ]).catch(throwModelError)
  const url = new URL(request.url)
  const done = url.searchParams.get('done')
  return {
    pending,
    appeals,
    agency: url.searchParams.get('agency') ?? '',
    done: done && done in doneMessages ? done : null,
  }
}

async function attempt(submission: Submission<unknown>, work: () => Promise<Response>) {
  try {
    return await work()
  } catch (error) {
    return answerModelError(error, submission)
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const formData = await readForm(request, context)
  const done = (what: string) => redirect(`/supervisor/findings?done=${what}`)
  switch (formData.get('intent')) {
    case 'record': {
      const submission = parseWithZod(formData, { schema: recordFindingSchema })
      if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
      const form = submission.value
      return attempt(submission, async () => {
        requireRole(ctx, 'supervisor')
        const agency = await findOrganisationByText(ctx.db, 'agency', form.agency)
        if (!agency)
          throw ValidationError.field(
            'agency',
            '找不到唯一对应的中介机构，请填写全称或统一社会信用代码',
          )
        const project = form.project ? await findProjectByText(ctx.db, form.project) : null
        if (form.project && !project) throw ValidationError.field('project', '找不到该项目')
        await recordFinding(ctx, {
          agencyId: agency.id,
          rule: form.rule,
          summary: form.summary,
          projectId: project?.id ?? null,
        })
        return done('recorded')
      })
    }
    case 'decide': {
      const submission = parseWithZod(formData, { schema: decideFindingSchema })
      if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
      const { recordId, decision, reason } = submission.value
      return attempt(submission, async () => {
        await decideFinding(ctx, recordId, { confirm: decision === 'confirm', reason })
        return done('decided')
      })
    }
    case 'rule': {
      const submission = parseWithZod(formData, { schema: ruleAppealSchema })
      if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
      const { appealId, ruling, reason } = submission.value
      return attempt(submission, async () => {
        await ruleAppeal(ctx, appealId, { upheld: ruling === 'upheld', reason })
        return done('ruled')
      })
    }
    default:
      throw new Response('未知的操作', { status: 400 })
  }
}

export default function SupervisorFindings() {
  const d = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  return (
    <article>
      <h1>信用认定与申诉</h1>
      <p className="lead">
        监管认定、机构的陈述意见和申诉。决定和裁决的理由在机构的信用记录页公开。
      </p>
      {d.done ? (
        <p className="notice" role="status">
          {doneMessages[d.done]}
        </p>
      ) : null}
      <p>
        <a href="/supervisor/complaints">投诉处理</a>
      </p>

      <h2>待处理的认定（{d.pending.length}）</h2>
      {d.pending.length === 0 ? <p>暂无待处理的认定。</p> : null}
      <ol className="credit-records">
        {d.pending.map((f) => (
          <li key={f.id} id={`record-${f.id}`} className="card credit-record">
            <h3 className="credit-record__head">
              <a href={`/agencies/${f.agencyId}/credit#record-${f.id}`}>{f.agencyName}</a>
              <span>
                {f.ruleName}（{signedPoints(f.points)} 分）
              </span>
              <span className="badge badge--warn">{recordWhyNames[f.why]}</span>
            </h3>
            <p className="credit-record__meta">
              来源：{sourceName(f.sourceType)} · 认定于 {formatDateTime(f.occurredAt)}
              {f.replyDueAt ? ` · 陈述期限 ${formatDateTime(f.replyDueAt)}` : ''}
            </p>
            <p className="credit-record__text">{f.summary}</p>
            {f.reply != null ? (
              <div className="credit-record__part credit-record__reply">
                <p className="credit-record__label">
                  机构陈述意见{f.repliedAt ? `（${formatDateTime(f.repliedAt)}）` : ''}
                </p>
                <p className="credit-record__text">{f.reply}</p>
              </div>
            ) : null}
            <DecideForm recordId={f.id} replied={f.reply != null} lastResult={lastResult} />
          </li>
        ))}
      </ol>

      <h2 id="appeals">待裁决的申诉（{d.appeals.length}）</h2>
      {d.appeals.length === 0 ? <p>暂无待裁决的申诉。</p> : null}
      <ol className="credit-records">
        {d.appeals.map((a) => (
          <li key={a.id} className="card credit-record">
            <h3 className="credit-record__head">
              <a href={`/agencies/${a.agencyId}/credit#record-${a.recordId}`}>{a.agencyName}</a>
              <span>
                {a.ruleName}（{signedPoints(a.points)} 分）
              </span>
            </h3>
            <p className="credit-record__meta">
              记录生效于 {a.effectiveAt ? formatDateTime(a.effectiveAt) : '—'} · 申诉于{' '}
              {formatDateTime(a.filedAt)}
            </p>
            <p className="credit-record__text">{a.summary}</p>
            <div className="credit-record__part credit-record__reply">
              <p className="credit-record__label">申诉理由</p>
              <p className="credit-record__text">{a.grounds}</p>
              {a.uploadId ? (
                <p>
                  附件：<a href={`/uploads/${a.uploadId}`}>{a.uploadName ?? '证明材料'}</a>
                </p>
              ) : null}
            </div>
            <RuleAppealForm appealId={a.id} lastResult={lastResult} />
          </li>
        ))}
      </ol>

      <RecordFindingForm agency={d.agency} lastResult={lastResult} />
    </article>
  )
}
