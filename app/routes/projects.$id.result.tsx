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
import { ProjectNav } from '../components/projects/project-nav.tsx'
import { AwardResult } from '../components/projects/award-result.tsx'
import { projectStatusNames, statusBadgeClass } from '../components/projects/project-labels.ts'
import { answerModelError, throwModelError } from '../route-errors.server.ts'
import { getCtx, requireSignedInCtx } from '../session.server.ts'
import objectionStyles from '../styles/objections.css?url'
import projectStyles from '../styles/projects.css?url'
import { readUploadForm, storeChosenFile } from '../upload.server.ts'

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

export default function ProjectResultPage() {
  const d = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const { project: p, result, panel } = d
  const opened = OPENED_STATUSES.includes(p.status) && p.openedAt != null
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
      <AwardResult
        project={p}
        result={result}
        buyerName={d.buyerName}
        winnerName={d.winnerName}
        publicityOpen={d.publicityOpen}
        openObjections={panel.open}
        signing={d.signing}
      />

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
