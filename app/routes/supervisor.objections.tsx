import { parseWithZod } from '@conform-to/zod/v4'
import type {
  ActionFunctionArgs,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { listEscalatedObjections, listRecentRulings } from '#models/objection-queries.ts'
import { ruleObjection } from '#models/objection-rulings.ts'
import { IllegalTransitionError } from '#models/rules/project-states.ts'
import {
  objectionRemedyNames,
  objectionRulingNames,
  ruleObjectionSchema,
} from '#models/validation/objections.ts'
import { ObjectionRecord } from '../components/objections/objection-record.tsx'
import { ResultRanking } from '../components/objections/result-ranking.tsx'
import { RulingForm } from '../components/objections/ruling-form.tsx'
import { selectionMethodNames } from '../components/projects/project-labels.ts'
import { readForm } from '../csrf.server.ts'
import { answerModelError, throwModelError } from '../route-errors.server.ts'
import { requireSignedInCtx } from '../session.server.ts'
import objectionStyles from '../styles/objections.css?url'
import { formatDateTime } from '../utils/format.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: objectionStyles }]

export const meta: MetaFunction = () => [{ title: '质疑处理 · 中介超市' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const [pending, recent] = await Promise.all([
    listEscalatedObjections(ctx),
    listRecentRulings(ctx),
  ]).catch(throwModelError)
  const ruled = new URL(request.url).searchParams.get('ruled')
  return { pending, recent, ruled: ruled === '1' }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const formData = await readForm(request, context)
  const submission = parseWithZod(formData, { schema: ruleObjectionSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const { objectionId, ...ruling } = submission.value
  try {
    await ruleObjection(ctx, objectionId, ruling)
    return redirect('/supervisor/objections?ruled=1')
  } catch (error) {
    if (error instanceof IllegalTransitionError)
      return data(submission.reply({ formErrors: [error.message] }), { status: 409 })
    return answerModelError(error, submission)
  }
}

export default function SupervisorObjections() {
  const { pending, recent, ruled } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  return (
    <article>
      <h1>质疑处理</h1>
      <p className="lead">
        质疑人对采购人答复不满意或采购人逾期未答复、提请监管部门处理的质疑，按提请先后排列。裁决及理由通报全部参与机构，并在项目结果页公开。
      </p>
      {ruled ? (
        <p className="notice" role="status">
          裁决已作出并通报。
        </p>
      ) : null}
      <h2>待裁决（{pending.length}）</h2>
      {pending.length === 0 ? <p>暂无待裁决的质疑。</p> : null}
      {pending.map((o) => (
        <section key={o.id} className="ruling-case" aria-labelledby={`case-${o.id}`}>
          <h3 id={`case-${o.id}`}>
            <a href={`/projects/${o.projectId}/result`}>{o.projectTitle}</a>
          </h3>
          <p className="objection__meta">
            采购人：{o.buyerName} · {selectionMethodNames[o.projectMethod]}
            {o.publicityEndsAt ? ` · 公示截止 ${formatDateTime(o.publicityEndsAt)}` : ''}
          </p>
          <ObjectionRecord objection={o} headingLevel={4} />
          {o.result ? (
            <>
              <h4>公示的排名</h4>
              <ResultRanking result={o.result} />
            </>
          ) : null}
          <RulingForm objectionId={o.id} bids={o.bids} lastResult={lastResult} />
        </section>
      ))}
      <h2>最近的裁决</h2>
      {recent.length === 0 ? (
        <p>还没有裁决。</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">裁决时间</th>
                <th scope="col">项目</th>
                <th scope="col">质疑人</th>
                <th scope="col">裁决</th>
                <th scope="col">理由</th>
              </tr>
            </thead>
            <tbody>
              {recent.map((r) => (
                <tr key={r.id}>
                  <td>{r.ruledAt ? formatDateTime(r.ruledAt) : '—'}</td>
                  <td className="wrap-cell">
                    <a href={`/projects/${r.projectId}/result#objection-${r.id}`}>
                      {r.projectTitle}
                    </a>
                  </td>
                  <td>{r.agencyName}</td>
                  <td className="wrap-cell">
                    {r.ruling ? objectionRulingNames[r.ruling] : '—'}
                    {r.remedy ? `，${objectionRemedyNames[r.remedy]}` : ''}
                  </td>
                  <td className="wrap-cell">{r.rulingReason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </article>
  )
}
