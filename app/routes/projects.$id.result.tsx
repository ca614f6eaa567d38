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
import { platformNow } from '#models/clock.ts'
import { projectSigningHistory } from '#models/contract-public.ts'
import { getObjectionsPanel } from '#models/objection-queries.ts'
import {
  answerObjection,
  escalateObjection,
  fileObjection,
  withdrawObjection,
} from '#models/objections.ts'
import { requireOwnOrganisation } from '#models/profiles.ts'
import type { ProjectResult } from '#models/project-award.ts'
import { getProject } from '#models/project-queries.ts'
import { formatFen } from '#models/rules/money.ts'
import {
  ANSWER_WORKDAYS,
  checkPublicityOpen,
  ESCALATION_WORKDAYS,
} from '#models/rules/objections.ts'
import { IllegalTransitionError, OPENED_STATUSES } from '#models/rules/project-states.ts'
import {
  answerObjectionSchema,
  escalateObjectionSchema,
  fileObjectionSchema,
  withdrawObjectionSchema,
} from '#models/validation/objections.ts'
import {
  AnswerObjectionForm,
  EscalateObjectionForm,
  FileObjectionForm,
  WithdrawObjectionForm,
} from '../components/objections/objection-forms.tsx'
import { ObjectionRecord } from '../components/objections/objection-record.tsx'
import { ResultRanking } from '../components/objections/result-ranking.tsx'
import { ProjectNav } from '../components/projects/project-nav.tsx'
import { SigningHistory } from '../components/projects/signing-history.tsx'
import {
  projectStatusNames,
  selectionMethodNames,
  statusBadgeClass,
} from '../components/projects/project-labels.ts'
import { answerModelError, throwModelError } from '../route-errors.server.ts'
import { getCtx, requireSignedInCtx } from '../session.server.ts'
import objectionStyles from '../styles/objections.css?url'
import projectStyles from '../styles/projects.css?url'
import { readUploadForm, storeChosenFile } from '../upload.server.ts'
import { formatDateTime } from '../utils/format.ts'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: projectStyles },
  { rel: 'stylesheet', href: objectionStyles },
]

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `中选结果 · ${data.project.title} · 中介超市` : '中选结果 · 中介超市' },
]

const doneMessages: Record<string, string> = {
  filed: `质疑已提交并公开，采购人应在 ${ANSWER_WORKDAYS} 个工作日内书面答复。`,
  answered: '答复已提交并公开。',
  escalated: '已提请监管部门处理，裁决后将通知全部参与机构。',
  withdrawn: '质疑已撤回。',
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await getCtx(request)
  const view = await getProject(ctx, params.id ?? '').catch(throwModelError)
  const p = view.project
  const [panel, now, signing] = await Promise.all([
    getObjectionsPanel(ctx, p),
    platformNow(ctx.db),
    p.awardedAt ? projectSigningHistory(ctx.db, p.id) : [],
  ])
  const done = new URL(request.url).searchParams.get('done')
  return {
    project: {
      id: p.id,
      title: p.title,
      status: p.status,
      method: p.method,
      openedAt: p.openedAt,
      awardedAt: p.awardedAt,
      awardedPriceFen: p.awardedPriceFen,
      publicityEndsAt: p.publicityEndsAt,
      awardFinalAt: p.awardFinalAt,
      endReason: p.endReason,
    },
    result: p.result as ProjectResult | null,
    buyerName: view.buyerName,
    winnerName: view.winnerName,
    publicityOpen: checkPublicityOpen(p, now).ok,
    signedIn: ctx.actor != null,
    panel,
    signing,
    done: done && done in doneMessages ? done : null,
  }
}

/** A refused step comes back to its form; an illegal move (a race) is a 409 on the same form. */
async function attempt(submission: Submission<unknown>, work: () => Promise<Response>) {
  try {
    return await work()
  } catch (error) {
    if (error instanceof IllegalTransitionError)
      return data(submission.reply({ formErrors: [error.message] }), { status: 409 })
    return answerModelError(error, submission)
  }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const projectId = params.id ?? ''
  const { formData, fileErrors } = await readUploadForm(request, context)
  const done = (what: string) => redirect(`/projects/${projectId}/result?done=${what}#objections`)
  switch (formData.get('intent')) {
    case 'file': {
      // Only an agency may send a file here: refuse others before storing anything.
      try {
        requireOwnOrganisation(ctx, 'agency')
      } catch (error) {
        throwModelError(error)
      }
      const submission = parseWithZod(formData, { schema: fileObjectionSchema })
      if (submission.status !== 'success' || Object.keys(fileErrors).length > 0)
        return data(submission.reply({ fieldErrors: fileErrors }), { status: 400 })
      return attempt(submission, async () => {
        const uploadId = await storeChosenFile(ctx, formData, 'file')
        await fileObjection(ctx, projectId, { grounds: submission.value.grounds, uploadId })
        return done('filed')
      })
    }
    case 'answer': {
      const submission = parseWithZod(formData, { schema: answerObjectionSchema })
      if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
      const { objectionId, answer } = submission.value
      return attempt(submission, async () => {
        await answerObjection(ctx, objectionId, { answer })
        return done('answered')
      })
    }
    case 'escalate': {
      const submission = parseWithZod(formData, { schema: escalateObjectionSchema })
      if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
      const { objectionId, reason } = submission.value
      return attempt(submission, async () => {
        await escalateObjection(ctx, objectionId, { reason })
        return done('escalated')
      })
    }
    case 'withdraw': {
      const submission = parseWithZod(formData, { schema: withdrawObjectionSchema })
      if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
      return attempt(submission, async () => {
        await withdrawObjection(ctx, submission.value.objectionId)
        return done('withdrawn')
      })
    }
    default:
      throw new Response('未知的操作', { status: 400 })
  }
}

function AwardState({ data: d }: { data: ReturnType<typeof useLoaderData<typeof loader>> }) {
  const p = d.project
  if (p.awardFinalAt)
    return (
      <>
        <span className="badge badge--ok">已生效</span> {formatDateTime(p.awardFinalAt)}
        {p.method === 'direct' ? '（直接选取，无公示期）' : ''}
      </>
    )
  if (d.publicityOpen) return <>公示中，质疑请在公示期内提出</>
  return <>公示期已满，待质疑全部办结后生效（现有 {d.panel.open} 件未办结）</>
}

export default function ProjectResultPage() {
  const d = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const { project: p, result, panel } = d
  const opened = OPENED_STATUSES.includes(p.status) && p.openedAt != null
  // Failed after contracts were offered: nobody signed and the buyer runs the procedure again.
  const unsigned = p.status === 'failed' && d.signing.length > 0
  const revoked = result != null && !unsigned && (p.status === 'opened' || p.status === 'failed')
  const live = result != null && !revoked && !unsigned
  // After a refusal or lapse the winner is the next-ranked agency offered the contract (递补).
  const passedOn = d.signing.findLast((c) => c.status !== 'refused' && c.status !== 'lapsed')
  return (
    <article>
      <p>
        <a href={`/projects/${p.id}`}>← 项目公告</a>
      </p>
      <h1>中选结果与质疑</h1>
      <p className="lead">
        {p.title} <span className={statusBadgeClass(p.status)}>{projectStatusNames[p.status]}</span>
      </p>
      <ProjectNav
        projectId={p.id}
        method={p.method}
        opened={opened}
        awarded={p.awardedAt != null}
        current="result"
      />
      {d.done ? (
        <p className="notice" role="status">
          {doneMessages[d.done]}
        </p>
      ) : null}

      <h2>中选结果</h2>
      {p.endReason && p.status === 'failed' ? (
        <p className="card" role="note">
          流标原因：{p.endReason}
        </p>
      ) : null}
      {revoked ? (
        <p className="card" role="note">
          以下为原公示的中选结果，已因质疑成立被撤销
          {p.status === 'opened' ? '，项目正在重新评审' : ''}。
        </p>
      ) : null}
      {result == null ? (
        <p>{p.status === 'failed' ? '本项目未产生中选结果。' : '尚未公布中选结果。'}</p>
      ) : (
        <>
          <dl className="facts">
            <dt>采购人</dt>
            <dd>{d.buyerName}</dd>
            <dt>选取方式</dt>
            <dd>{selectionMethodNames[p.method]}</dd>
            {live ? (
              <>
                <dt>中选机构</dt>
                <dd>
                  {d.winnerName}
                  {passedOn && passedOn.rank > 1
                    ? `（排名第 ${passedOn.rank} 名，按排名递补）`
                    : ''}
                </dd>
                <dt>中选金额</dt>
                <dd>{p.awardedPriceFen != null ? formatFen(p.awardedPriceFen) : '—'}</dd>
                <dt>公布时间</dt>
                <dd>{p.awardedAt ? formatDateTime(p.awardedAt) : '—'}</dd>
                {p.method !== 'direct' && p.publicityEndsAt ? (
                  <>
                    <dt>公示截止</dt>
                    <dd>{formatDateTime(p.publicityEndsAt)}</dd>
                  </>
                ) : null}
                <dt>结果状态</dt>
                <dd>
                  <AwardState data={d} />
                </dd>
              </>
            ) : null}
          </dl>
          <ResultRanking result={result} />
          {live || unsigned ? <SigningHistory entries={d.signing} /> : null}
          {p.method === 'lottery' ? (
            <p>
              抽取的种子、秘密值和全部输入见 <a href={`/projects/${p.id}/draw`}>随机抽取记录</a>
              ，任何人都可以重新计算核对。
            </p>
          ) : null}
        </>
      )}

      <h2 id="objections">质疑（{panel.objections.length}）</h2>
      {p.method === 'direct' ? (
        <p className="field__hint">直接选取的项目没有公示期，不适用质疑程序。</p>
      ) : (
        <p className="field__hint">
          参与本项目的机构可在公示期内对中选结果提出质疑；采购人应在 {ANSWER_WORKDAYS}{' '}
          个工作日内书面答复；质疑人对答复不满意或采购人逾期未答复的，可提请监管部门处理（答复后{' '}
          {ESCALATION_WORKDAYS}{' '}
          个工作日内）。监管部门认定质疑成立的，重新评审或重新组织采购。公示期满且没有未办结的质疑，中选结果生效。
        </p>
      )}
      {panel.objections.length === 0 ? <p>暂无质疑。</p> : null}
      <div className="objections">
        {panel.objections.map((o) => (
          <ObjectionRecord key={o.id} objection={o}>
            {o.canAnswer ? (
              <AnswerObjectionForm objectionId={o.id} lastResult={lastResult} />
            ) : null}
            {o.canEscalate ? (
              <EscalateObjectionForm
                objectionId={o.id}
                answered={o.answeredAt != null}
                lastResult={lastResult}
              />
            ) : o.escalationBlockedBy && o.mine && !o.escalatedAt ? (
              <p className="objection__meta">{o.escalationBlockedBy}</p>
            ) : null}
            {o.canWithdraw ? (
              <WithdrawObjectionForm objectionId={o.id} lastResult={lastResult} />
            ) : null}
          </ObjectionRecord>
        ))}
      </div>
      {panel.filing?.ok ? (
        <FileObjectionForm lastResult={lastResult} />
      ) : panel.filing ? (
        <p className="card">{panel.filing.reason}</p>
      ) : !d.signedIn && d.publicityOpen ? (
        <p>
          参与本项目的机构请{' '}
          <a href={`/signin?redirectTo=${encodeURIComponent(`/projects/${p.id}/result`)}`}>登录</a>{' '}
          后提出质疑。
        </p>
      ) : null}
    </article>
  )
}
