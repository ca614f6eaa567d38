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
import { getContractEvaluations } from '#models/evaluation-queries.ts'
import { hideEvaluationComment, rateContract, replyToEvaluation } from '#models/evaluations.ts'
import { contractTerms } from '#models/contract-terms.ts'
import { raterKindNames } from '#models/rules/evaluations.ts'
import {
  approvalRatingSchema,
  buyerRatingSchema,
  hideCommentSchema,
  replySchema,
} from '#models/validation/evaluations.ts'
import { ContractNav } from '../components/contracts/contract-nav.tsx'
import {
  HideCommentForm,
  RatingForm,
  ReplyForm,
} from '../components/evaluations/evaluation-forms.tsx'
import { EvaluationBody } from '../components/evaluations/score-stars.tsx'
import { readForm } from '../csrf.server.ts'
import { answerModelError, throwModelError } from '../route-errors.server.ts'
import { getCtx, requireSignedInCtx } from '../session.server.ts'
import evaluationStyles from '../styles/evaluations.css?url'
import { formatDateTime } from '../utils/format.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: evaluationStyles }]

export const meta: MetaFunction = () => [{ title: '服务评价 · 服务合同 · 中介超市' }]

const doneMessages: Record<string, string> = {
  rated: '评价已提交，将公开显示在承接机构的主页上。',
  replied: '回复已提交并公开。',
  hidden: '评价文字已隐藏，理由已公开显示。',
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await getCtx(request)
  const view = await getContractEvaluations(ctx, params.id ?? '').catch(throwModelError)
  const done = new URL(request.url).searchParams.get('done')
  return {
    ...view,
    evaluationWorkdays: contractTerms().evaluationWorkdays,
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

export async function action({ request, context, params }: ActionFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const contractId = params.id ?? ''
  const formData = await readForm(request, context)
  const done = (what: string) => redirect(`/contracts/${contractId}/evaluation?done=${what}`)
  switch (formData.get('intent')) {
    case 'rate': {
      const submission = parseWithZod(formData, { schema: buyerRatingSchema })
      if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
      return attempt(submission, async () => {
        await rateContract(ctx, contractId, submission.value)
        return done('rated')
      })
    }
    case 'rate-quality': {
      const submission = parseWithZod(formData, { schema: approvalRatingSchema })
      if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
      return attempt(submission, async () => {
        await rateContract(ctx, contractId, submission.value)
        return done('rated')
      })
    }
    case 'reply': {
      const submission = parseWithZod(formData, { schema: replySchema })
      if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
      const { evaluationId, reply } = submission.value
      return attempt(submission, async () => {
        await replyToEvaluation(ctx, evaluationId, reply)
        return done('replied')
      })
    }
    case 'hide': {
      const submission = parseWithZod(formData, { schema: hideCommentSchema })
      if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
      const { evaluationId, reason } = submission.value
      return attempt(submission, async () => {
        await hideEvaluationComment(ctx, evaluationId, reason)
        return done('hidden')
      })
    }
    default:
      throw new Response('未知的操作', { status: 400 })
  }
}

/** When rating opens or closes, in words for everyone who looks. */
function WindowLine({ d }: { d: ReturnType<typeof useLoaderData<typeof loader>> }) {
  const { contract } = d
  if (contract.status !== 'accepted' || !contract.evaluationDueAt)
    return <p>合同验收通过后方可评价。</p>
  return (
    <p>
      验收时间 {contract.acceptedAt ? formatDateTime(contract.acceptedAt) : '—'}，评价截止{' '}
      <strong>{formatDateTime(contract.evaluationDueAt)}</strong>
      {d.windowOpen ? '' : '（已截止）'}。
    </p>
  )
}

export default function ContractEvaluationPage() {
  const d = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  return (
    <>
      <ContractNav contractId={d.contract.id} current="evaluation" />
      {d.done ? (
        <p className="notice" role="status">
          {doneMessages[d.done]}
        </p>
      ) : null}
      <h2>服务评价</h2>
      <p className="field__hint">
        验收通过后 {d.evaluationWorkdays}{' '}
        个工作日内，采购人可对服务质量、服务时效、服务态度、收费合理和执业规范逐项打分（1–5
        分）；负责审批的部门可对服务成果质量单独打分。评价公开显示在承接机构的主页上，承接机构可对每条评价回复一次。
      </p>
      <WindowLine d={d} />

      {d.evaluations.length === 0 ? <p>暂无评价。</p> : null}
      <div className="evaluations">
        {d.evaluations.map((e) => (
          <div key={e.id} className="card">
            <EvaluationBody evaluation={e} heading={`${raterKindNames[e.raterKind]}的评价`}>
              {e.originalComment ? (
                <details className="evaluation__original">
                  <summary>查看被隐藏的原文（仅监管人员可见）</summary>
                  <p className="evaluation__text">{e.originalComment}</p>
                </details>
              ) : null}
              {e.canReply ? <ReplyForm evaluationId={e.id} lastResult={lastResult} /> : null}
              {e.canHide ? <HideCommentForm evaluationId={e.id} lastResult={lastResult} /> : null}
            </EvaluationBody>
          </div>
        ))}
      </div>

      {d.rating?.open ? (
        <RatingForm kind={d.rating.kind} lastResult={lastResult} />
      ) : d.rating?.reason ? (
        <p className="card" role="note">
          {d.rating.reason}
        </p>
      ) : null}
    </>
  )
}
