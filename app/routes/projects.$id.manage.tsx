import type {
  ActionFunctionArgs,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { platformNow } from '#models/clock.ts'
import { ValidationError } from '#models/errors.ts'
import { decideExplanation, enterQualityScores } from '#models/project-evaluation.ts'
import { getProjectContracts } from '#models/contract-queries.ts'
import { offerToNextRanked, rerunAfterRefusal } from '#models/contract-signing.ts'
import { getProject, listOpenedBids } from '#models/project-queries.ts'
import { cancelProject, republishProject } from '#models/project-endings.ts'
import { getOwnDraft, publishProject } from '#models/projects.ts'
import { formatFenExact } from '#models/rules/money.ts'
import { IllegalTransitionError } from '#models/rules/project-states.ts'
import {
  cancelSchema,
  explanationDecisionSchema,
  readQualityScores,
} from '#models/validation/project-actions.ts'
import { ProjectContractsPanel } from '../components/contracts/project-contracts-panel.tsx'
import { CsrfInput } from '../components/csrf-input.tsx'
import { ProjectHeading } from '../components/projects/project-nav.tsx'
import { readForm } from '../csrf.server.ts'
import { throwModelError } from '../route-errors.server.ts'
import { requireSignedInCtx } from '../session.server.ts'
import projectStyles from '../styles/projects.css?url'
import { formatDateTime } from '../utils/format.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: projectStyles }]
export const meta: MetaFunction = () => [{ title: '管理项目 · 中介超市' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const view = await getProject(ctx, params.id ?? '').catch(throwModelError)
  if (ctx.actor.organisationId !== view.project.buyerId)
    throw new Response('只有本项目的采购人可以管理', { status: 403 })
  const now = await platformNow(ctx.db)
  const bids = await listOpenedBids(ctx.db, view.project)
  const contracts = await getProjectContracts(ctx.db, view.project)
  return { view, bids, contracts, beforeDeadline: now < new Date(view.project.deadlineAt) }
}

type Errors = Record<string, string[]>

export async function action({ request, context, params }: ActionFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const formData = await readForm(request, context)
  const id = params.id ?? ''
  const intent = formData.get('intent')
  try {
    if (intent === 'publish') await publishProject(ctx, id)
    else if (intent === 'republish') {
      // A copy made before (a second click) may have been published since: its manage page.
      const copy = await getOwnDraft(ctx, await republishProject(ctx, id))
      return redirect(`/projects/${copy.id}/${copy.status === 'draft' ? 'edit' : 'manage'}`)
    } else if (intent === 'cancel') {
      const parsed = cancelSchema.safeParse(Object.fromEntries(formData))
      if (!parsed.success)
        return data(
          {
            errors: { reason: ['请填写撤销原因（5–500 字）'] } as Errors,
            intent,
            typed: Object.fromEntries(formData),
          },
          { status: 400 },
        )
      await cancelProject(ctx, id, parsed.data.reason)
    } else if (intent === 'scores') {
      const { scores, errors } = readQualityScores(formData)
      if (Object.keys(errors).length)
        return data({ errors, intent, typed: Object.fromEntries(formData) }, { status: 400 })
      await enterQualityScores(ctx, id, scores)
    } else if (intent === 'decide') {
      const parsed = explanationDecisionSchema.safeParse(Object.fromEntries(formData))
      if (!parsed.success)
        return data(
          {
            errors: fieldErrorsOf(parsed.error.issues),
            intent,
            typed: Object.fromEntries(formData),
          },
          { status: 400 },
        )
      await decideExplanation(ctx, id, parsed.data)
    } else if (intent === 'next-ranked') {
      const contract = await offerToNextRanked(ctx, id)
      return redirect(`/contracts/${contract.id}`)
    } else if (intent === 'rerun') await rerunAfterRefusal(ctx, id)
    else throw new Response('未知操作', { status: 400 })
  } catch (error) {
    if (error instanceof ValidationError)
      return data(
        { errors: error.fieldErrors, intent, typed: Object.fromEntries(formData) },
        { status: 400 },
      )
    if (error instanceof IllegalTransitionError)
      return data({ errors: { form: [error.message] } as Errors, intent }, { status: 409 })
    throwModelError(error)
  }
  return redirect(`/projects/${id}/manage`)
}

/** zod's issues by field: the decision's beside its radios, the reason's beside the reason. */
function fieldErrorsOf(issues: readonly { path: PropertyKey[]; message: string }[]): Errors {
  const errors: Errors = {}
  for (const issue of issues) (errors[String(issue.path[0] ?? 'form')] ??= []).push(issue.message)
  return errors
}

function Errors({ list }: { list?: string[] }) {
  if (!list?.length) return null
  return (
    <ul className="field-errors" role="alert">
      {list.map((e) => (
        <li key={e}>{e}</li>
      ))}
    </ul>
  )
}

export default function ManageProjectPage() {
  const { view, bids, contracts, beforeDeadline } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const errors: Errors = (result?.errors as Errors | undefined) ?? {}
  const typedAll =
    (result && 'typed' in result ? (result.typed as Record<string, string>) : {}) ?? {}
  // What was typed goes back into its own form only: cancel and decide both have a reason.
  const typedFor = (intent: string) => (result?.intent === intent ? typedAll : {})
  const { project } = view
  const allErrors = Object.values(errors).flat()
  const pendingExplanation = bids?.find(
    (b) => b.abnormalLow && b.explanation && !b.explanationDecision,
  )
  const awaitingExplanation = bids?.find(
    (b) => b.abnormalLow && !b.explanation && !b.explanationDecision,
  )
  const canCancel = project.status === 'draft' || (project.status === 'published' && beforeDeadline)
  const canScore = project.method === 'scoring' && project.status === 'opened' && bids != null
  // The form an error belongs to may be gone (another tab changed the project): say it on top.
  const formShown: Record<string, boolean> = {
    publish: project.status === 'draft',
    cancel: canCancel,
    decide: pendingExplanation != null,
    scores: canScore,
    republish: project.status === 'failed' || project.status === 'cancelled',
    'next-ranked': true,
    rerun: true,
  }
  const errorsOnTop =
    allErrors.length > 0 &&
    (!result?.intent ||
      !formShown[String(result.intent)] ||
      (errors.form != null && result.intent !== 'publish'))
  return (
    <section>
      <p>
        <a href="/my/projects">← 我的项目</a>
      </p>
      <ProjectHeading project={project} current="manage" />
      {errorsOnTop ? <Errors list={allErrors} /> : null}
      {project.status === 'draft' ? (
        <div className="card stack">
          <p>
            草稿尚未公开。发布后服务内容、限价、选取方式和权重都不能再修改（只能通过答疑补充说明）。
          </p>
          {project.method === 'direct' && view.invitedName ? (
            <p>
              直接选取的机构：<strong>{view.invitedName}</strong>
              。发布后该机构收到邀请，在截止前答复。
            </p>
          ) : null}
          {result?.intent === 'publish' ? <Errors list={allErrors} /> : null}
          <div className="actions">
            <Form method="post">
              <CsrfInput />
              <button
                type="submit"
                name="intent"
                value="publish"
                className="button button--primary"
              >
                发布公告
              </button>
            </Form>
            <a className="button" href={`/projects/${project.id}/edit`}>
              修改草稿
            </a>
          </div>
        </div>
      ) : null}
      {canCancel ? (
        <Form method="post" className="card stack narrow">
          <CsrfInput />
          <h2>撤销项目</h2>
          <p>
            {project.status === 'draft'
              ? '草稿从未公开，撤销后也不会公开，只留在“我的项目”里。'
              : '截止前可以撤销，撤销原因将公开。'}
          </p>
          <div
            className={
              errors.reason && result?.intent === 'cancel' ? 'field field--invalid' : 'field'
            }
          >
            <label htmlFor="cancel-reason">撤销原因</label>
            <textarea
              id="cancel-reason"
              name="reason"
              defaultValue={typedFor('cancel').reason ?? ''}
              required
              minLength={5}
              maxLength={500}
            />
            {result?.intent === 'cancel' ? <Errors list={errors.reason} /> : null}
          </div>
          <button type="submit" name="intent" value="cancel" className="button">
            撤销项目
          </button>
        </Form>
      ) : null}
      {project.status === 'published' ? (
        <p>
          报价截止前请及时 <a href={`/projects/${project.id}/qa`}>答复机构提问</a>。截止时间{' '}
          {formatDateTime(project.deadlineAt)}
          ，届时平台自动开标。
        </p>
      ) : null}
      {awaitingExplanation ? (
        <p className="card">
          最低报价机构（{awaitingExplanation.agencyName}）的报价异常低，正在等待其书面说明。
        </p>
      ) : null}
      {pendingExplanation ? (
        <Form method="post" className="card stack narrow">
          <CsrfInput />
          <h2>异常低价说明</h2>
          <p>
            {pendingExplanation.agencyName} 报价 {formatFenExact(pendingExplanation.priceFen ?? 0)}
            ：
          </p>
          <blockquote className="scope-text">{pendingExplanation.explanation}</blockquote>
          <fieldset
            className={
              errors.decision && result?.intent === 'decide' ? 'field field--invalid' : 'field'
            }
          >
            <legend>是否采纳</legend>
            <label className="choice">
              <input
                type="radio"
                name="decision"
                value="accepted"
                defaultChecked={typedFor('decide').decision === 'accepted'}
              />{' '}
              采纳，该报价有效
            </label>
            <label className="choice">
              <input
                type="radio"
                name="decision"
                value="rejected"
                defaultChecked={typedFor('decide').decision === 'rejected'}
              />{' '}
              不采纳，该报价无效，顺延下一名
            </label>
            {result?.intent === 'decide' ? <Errors list={errors.decision} /> : null}
          </fieldset>
          <div
            className={
              errors.reason && result?.intent === 'decide' ? 'field field--invalid' : 'field'
            }
          >
            <label htmlFor="decide-reason">理由（公开）</label>
            <textarea
              id="decide-reason"
              name="reason"
              defaultValue={typedFor('decide').reason ?? ''}
              required
            />
            {result?.intent === 'decide' ? <Errors list={errors.reason} /> : null}
          </div>
          <button type="submit" name="intent" value="decide" className="button button--primary">
            提交决定
          </button>
        </Form>
      ) : null}
      {canScore && bids ? (
        <Form method="post" className="card stack">
          <CsrfInput />
          <h2>评审打分（技术分 0–100）</h2>
          <p>
            权重：价格 {project.weightPrice}% · 技术 {project.weightQuality}% · 信用{' '}
            {project.weightCredit}%。提交后平台按公式计算总分并公示。
          </p>
          {bids
            .filter((b) => b.valid)
            .map((b) => {
              const name = `score.${b.id}`
              return (
                <div key={b.id} className={errors[name] ? 'field field--invalid' : 'field'}>
                  <label htmlFor={name}>
                    {b.agencyName}（报价 {formatFenExact(b.priceFen ?? 0)}）
                  </label>
                  <input
                    id={name}
                    name={name}
                    inputMode="numeric"
                    defaultValue={typedFor('scores')[name] ?? ''}
                    required
                  />
                  <Errors list={errors[name]} />
                </div>
              )
            })}
          <button type="submit" name="intent" value="scores" className="button button--primary">
            提交评分
          </button>
        </Form>
      ) : null}
      {project.status === 'failed' || project.status === 'cancelled' ? (
        <Form method="post" className="card">
          <CsrfInput />
          <p>
            {project.status === 'failed' ? '项目流标' : '项目已撤销'}：{project.endReason}
          </p>
          <button type="submit" name="intent" value="republish" className="button button--primary">
            一键重新发布（复制为新草稿）
          </button>
        </Form>
      ) : null}
      <ProjectContractsPanel
        panel={contracts}
        error={
          result?.intent === 'next-ranked' || result?.intent === 'rerun' ? allErrors : undefined
        }
      />
      {project.awardedAt ? (
        <p>
          <a href={`/projects/${project.id}/result`}>查看中选结果和质疑</a>
        </p>
      ) : null}
    </section>
  )
}
