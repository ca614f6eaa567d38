import { parseWithZod } from '@conform-to/zod/v4'
import type {
  ActionFunctionArgs,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { ValidationError } from '#models/errors.ts'
import { declareConflict } from '#models/inspections-conflicts.ts'
import { getInspectionDesk } from '#models/inspections-desk.ts'
import { createPlan, drawPlan, recordInspectionResult } from '#models/inspections.ts'
import {
  drawPlanSchema,
  inspectionPlanSchema,
  inspectionResultSchema,
  inspectorConflictSchema,
} from '#models/validation/inspections.ts'
import { CsrfInput } from '../components/csrf-input.tsx'
import { FormErrors } from '../components/form-fields.tsx'
import { ConflictForm, InspectionResultForm } from '../components/inspections/desk-forms.tsx'
import {
  inspectionPlanStatusNames,
  planStatusBadgeClass,
  populationSummary,
  resultBadge,
} from '../components/inspections/inspection-labels.ts'
import { InspectionPlanForm } from '../components/inspections/plan-form.tsx'
import { readForm } from '../csrf.server.ts'
import { answerModelError, throwModelError } from '../route-errors.server.ts'
import { requireSignedInCtx } from '../session.server.ts'
import styles from '../styles/inspections.css?url'
import { formatDateTime } from '../utils/format.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

export const meta: MetaFunction = () => [{ title: '双随机抽查 · 监管 · 中介超市' }]

const doneMessages: Record<string, string> = {
  created: '抽查计划已创建，承诺值已公布。',
  recorded: '检查结果已登记并公开。',
  conflict: '回避关系已登记，此后的抽取中该检查人员不会被派往该机构。',
}

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const desk = await getInspectionDesk(ctx).catch(throwModelError)
  const done = new URL(request.url).searchParams.get('done') ?? ''
  return { ...desk, done: doneMessages[done] ?? null }
}

const schemas = {
  create: inspectionPlanSchema,
  result: inspectionResultSchema,
  conflict: inspectorConflictSchema,
} as const

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const formData = await readForm(request, context)
  const intent = String(formData.get('intent'))
  if (intent === 'draw') {
    const submission = parseWithZod(formData, { schema: drawPlanSchema })
    if (submission.status !== 'success')
      return data({ drawError: '抽查计划不存在' }, { status: 400 })
    try {
      await drawPlan(ctx, submission.value.planId)
      return redirect(`/inspections/${submission.value.planId}`)
    } catch (error) {
      if (error instanceof ValidationError)
        return data({ drawError: error.message }, { status: 409 })
      return throwModelError(error)
    }
  }
  if (!(intent in schemas)) throw new Response('未知操作', { status: 400 })
  const submission = parseWithZod(formData, { schema: schemas[intent as keyof typeof schemas] })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  try {
    const value = submission.value
    if ('title' in value) await createPlan(ctx, value)
    else if ('taskId' in value) await recordInspectionResult(ctx, value.taskId, value)
    else await declareConflict(ctx, value)
    return redirect(
      `/supervisor/inspections?done=${intent === 'create' ? 'created' : intent === 'result' ? 'recorded' : 'conflict'}`,
    )
  } catch (error) {
    return answerModelError(error, submission)
  }
}

export default function SupervisorInspections() {
  const desk = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const reply = lastResult && !('drawError' in lastResult) ? lastResult : undefined
  const drawError = lastResult && 'drawError' in lastResult ? lastResult.drawError : null
  const open = desk.myTasks.filter((t) => !t.result)
  const planReply = reply?.initialValue?.intent === 'create' ? reply : undefined
  return (
    <article>
      <h1>双随机抽查</h1>
      <p className="lead">
        随机抽取检查对象、随机选派检查人员；抽取可验证，结果在 <a href="/inspections">双随机抽查</a>{' '}
        页面公开。
      </p>
      {desk.done ? (
        <p className="notice" role="status">
          {desk.done}
        </p>
      ) : null}

      <h2>我的检查任务（待登记 {open.length}）</h2>
      {desk.myTasks.length === 0 ? <p>暂无分派给您的检查任务。</p> : null}
      {desk.myTasks.map((t) => {
        const badge = resultBadge(t.result)
        return (
          <section key={t.id} className="card inspection-task" aria-labelledby={`task-${t.id}`}>
            <h3 id={`task-${t.id}`}>
              <a href={`/agencies/${t.agencyId}`}>{t.agencyName}</a>{' '}
              <span className={badge.className}>{badge.label}</span>
            </h3>
            <p>
              计划：<a href={`/inspections/${t.planId}`}>{t.planTitle}</a> · 第 {t.position} 家
              {t.recordedAt ? ` · ${formatDateTime(t.recordedAt)} 登记` : ''}
            </p>
            {t.result ? (
              t.finding ? (
                <p>检查情况：{t.finding}</p>
              ) : null
            ) : (
              <InspectionResultForm taskId={t.id} lastResult={reply} />
            )}
          </section>
        )
      })}

      <h2>抽查计划</h2>
      <FormErrors id="draw-errors" errors={drawError ? [drawError] : undefined} />
      {desk.plans.length === 0 ? (
        <p>还没有抽查计划。</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">计划</th>
                <th scope="col">范围</th>
                <th scope="col">数量</th>
                <th scope="col">状态</th>
                <th scope="col">进度</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {desk.plans.map((p) => (
                <tr key={p.id}>
                  <td className="wrap">
                    <a href={`/inspections/${p.id}`}>{p.title}</a>
                  </td>
                  <td className="wrap">
                    {populationSummary(p.population)}
                    {p.riskWeighted ? '；加权' : ''}
                  </td>
                  <td>{p.sampleSize}</td>
                  <td>
                    <span className={planStatusBadgeClass(p.status)}>
                      {inspectionPlanStatusNames[p.status]}
                    </span>
                  </td>
                  <td>{p.drawnAt ? `${p.recorded}/${p.tasks}` : '—'}</td>
                  <td>
                    {p.drawnAt ? null : (
                      <Form method="post" className="inline-form">
                        <CsrfInput />
                        <input type="hidden" name="intent" value="draw" />
                        <input type="hidden" name="planId" value={p.id} />
                        <button type="submit" className="button">
                          抽取
                        </button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>新建抽查计划</h2>
      <InspectionPlanForm
        choices={{
          items: desk.items,
          categories: desk.categories,
          cities: desk.cities,
          supervisors: desk.supervisors,
        }}
        lastResult={planReply}
      />

      <h2>检查人员回避</h2>
      <p>
        登记后，该检查人员不会被抽派去检查该机构。本人手机号、邮箱与机构联系电话、联系邮箱或机构账号相同的，系统自动回避，无需登记。
      </p>
      <ConflictForm supervisors={desk.supervisors} lastResult={reply} />
      {desk.conflicts.length > 0 ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">检查人员</th>
                <th scope="col">中介机构</th>
                <th scope="col">理由</th>
                <th scope="col">登记时间</th>
              </tr>
            </thead>
            <tbody>
              {desk.conflicts.map((c) => (
                <tr key={c.id}>
                  <td>{c.userName}</td>
                  <td className="wrap">
                    <a href={`/agencies/${c.agencyId}`}>{c.agencyName}</a>
                  </td>
                  <td className="wrap">{c.reason}</td>
                  <td>{formatDateTime(c.declaredAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </article>
  )
}
