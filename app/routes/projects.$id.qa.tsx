import { parseWithZod } from '@conform-to/zod/v4'
import type {
  ActionFunctionArgs,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import {
  answerQuestion,
  askQuestion,
  type ClarificationRow,
  listClarifications,
  publishClarification,
} from '#models/clarifications.ts'
import { NotFoundError, ValidationError } from '#models/errors.ts'
import { OPENED_STATUSES } from '#models/rules/project-states.ts'
import {
  type ClarificationIntent,
  clarificationIntents,
  clarificationSchemas,
} from '#models/validation/clarifications.ts'
import { AnswerForm, AskForm, SupplementForm } from '../components/clarification-forms.tsx'
import { ProjectNav } from '../components/projects/project-nav.tsx'
import { readForm } from '../csrf.server.ts'
import { throwModelError } from '../route-errors.server.ts'
import { getCtx, requireSignedInCtx } from '../session.server.ts'
import clarificationStyles from '../styles/clarifications.css?url'
import projectStyles from '../styles/projects.css?url'
import { formatDateTime } from '../utils/format.ts'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: projectStyles },
  { rel: 'stylesheet', href: clarificationStyles },
]

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `答疑：${data.project.title} · 中介超市` : '项目不存在 · 中介超市' },
]

const doneMessages: Record<ClarificationIntent, string> = {
  ask: '问题已提交。采购人答复后将公开发布，并通知贵机构。',
  answer: '答复已公开发布，提问机构已收到通知。',
  publish: '补充说明已公开发布。',
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await getCtx(request)
  const list = await listClarifications(ctx, params.id ?? '').catch(throwModelError)
  const url = new URL(request.url)
  const done = url.searchParams.get('done')
  return {
    ...list,
    signedIn: ctx.actor != null,
    signInHref: `/signin?${new URLSearchParams({ redirectTo: url.pathname })}`,
    done: clarificationIntents.find((intent) => intent === done) ?? null,
    // Worked out here: project-queries is server code and must stay out of the page bundle.
    opened: OPENED_STATUSES.includes(list.project.status) && list.project.openedAt != null,
  }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const formData = await readForm(request, context)
  const projectId = params.id ?? ''
  const intent = clarificationIntents.find((i) => i === formData.get('intent'))
  if (!intent) throw new Response('未知的操作', { status: 400 })
  const clarificationId = String(formData.get('clarificationId') ?? '')
  const submission = parseWithZod(formData, { schema: clarificationSchemas[intent] })
  const answer = (status: number, options?: Parameters<typeof submission.reply>[0]) =>
    data({ intent, clarificationId, result: submission.reply(options) }, { status })
  if (submission.status !== 'success') return answer(400)
  const value = submission.value
  try {
    if (value.intent === 'ask') await askQuestion(ctx, projectId, value.question)
    else if (value.intent === 'answer')
      await answerQuestion(ctx, projectId, value.clarificationId, value)
    else await publishClarification(ctx, projectId, value)
  } catch (error) {
    if (error instanceof ValidationError) return answer(400, { fieldErrors: error.fieldErrors })
    // A question that is not this project's: said on the form, not as a missing page.
    if (error instanceof NotFoundError && intent === 'answer')
      return answer(404, { formErrors: [error.message] })
    throwModelError(error)
  }
  return redirect(`/projects/${projectId}/qa?done=${intent}`)
}

function ClarificationItem({
  row,
  number,
  answerForm,
}: {
  row: ClarificationRow
  number: number
  answerForm: React.ReactNode
}) {
  const pending = row.answeredAt == null
  return (
    <li className="card clarification" id={`q-${row.id}`}>
      <p className="clarification__head">
        <strong>{row.kind === 'supplement' ? '补充说明' : `问题 ${number}`}</strong>
        {row.mine ? <span className="badge">本机构提问</span> : null}
        {pending ? <span className="badge badge--warn">待答复</span> : null}
        {row.changesScope ? <span className="badge badge--bad">变更采购需求</span> : null}
      </p>
      {row.kind === 'question' ? (
        <div className="clarification__part">
          <p className="clarification__meta">
            提问 ·{' '}
            <time dateTime={new Date(row.askedAt).toISOString()}>
              {formatDateTime(row.askedAt)}
            </time>
          </p>
          {row.question != null ? (
            <p className="clarification__text">{row.question}</p>
          ) : (
            <p className="field__hint">提问内容将与答复一并公开。</p>
          )}
        </div>
      ) : null}
      {row.answer != null && row.answeredAt != null ? (
        <div className="clarification__part clarification__answer">
          <p className="clarification__meta">
            {row.kind === 'supplement' ? '采购人发布' : '采购人答复'} ·{' '}
            <time dateTime={new Date(row.answeredAt).toISOString()}>
              {formatDateTime(row.answeredAt)}
            </time>
          </p>
          <p className="clarification__text">{row.answer}</p>
          {row.changesScope && row.deadlineBefore && row.deadlineAfter ? (
            <p className="clarification__deadline">
              {new Date(row.deadlineAfter) > new Date(row.deadlineBefore)
                ? `截止时间由 ${formatDateTime(row.deadlineBefore)} 顺延至 ${formatDateTime(row.deadlineAfter)}`
                : `截止时间 ${formatDateTime(row.deadlineAfter)} 距发布时已超过 2 个工作日，未变更`}
            </p>
          ) : null}
        </div>
      ) : null}
      {answerForm}
    </li>
  )
}

export default function ClarificationsPage() {
  const { project, open, isBuyer, isAgency, rows, signedIn, signInHref, done, opened } =
    useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>()
  const resultFor = (intent: ClarificationIntent, id = '') =>
    reply?.intent === intent && reply.clarificationId === id ? reply.result : undefined
  const word = project.method === 'lottery' ? '报名' : '报价'
  let questionNumber = 0
  return (
    <article>
      <p>
        <a href={`/projects/${project.id}`}>← 采购公告</a>
      </p>
      <h1>答疑：{project.title}</h1>
      <ProjectNav
        projectId={project.id}
        method={project.method}
        opened={opened}
        awarded={project.awardedAt != null}
        current="qa"
      />
      {done ? (
        <p className="notice" role="status">
          {doneMessages[done]}
        </p>
      ) : null}
      <dl className="facts">
        <dt>采购人</dt>
        <dd>{project.buyerName}</dd>
        <dt>{word}截止</dt>
        <dd>{formatDateTime(project.deadlineAt)}（以平台数据库时钟为准）</dd>
        <dt>答疑</dt>
        <dd>
          {open
            ? '截止前中介机构可提问，采购人公开答复；提问机构名称不公开。'
            : project.status === 'draft'
              ? '草稿尚未发布，发布后中介机构才能提问。'
              : '已结束（截止时间已过或项目不在公告期）。'}
        </dd>
      </dl>

      <h2>问题与答复</h2>
      {rows.length === 0 ? (
        <p>暂无答疑。</p>
      ) : (
        <ol className="card-list clarifications">
          {rows.map((row) => {
            if (row.kind === 'question') questionNumber += 1
            const canAnswer = isBuyer && open && row.kind === 'question' && row.answeredAt == null
            return (
              <ClarificationItem
                key={row.id}
                row={row}
                number={questionNumber}
                answerForm={
                  canAnswer ? (
                    <AnswerForm clarificationId={row.id} lastResult={resultFor('answer', row.id)} />
                  ) : null
                }
              />
            )
          })}
        </ol>
      )}

      {/* Keyed by the row count: a form whose text was just published starts empty again. */}
      {open && isAgency ? <AskForm key={rows.length} lastResult={resultFor('ask')} /> : null}
      {open && isBuyer ? (
        <SupplementForm key={rows.length} lastResult={resultFor('publish')} />
      ) : null}
      {open && !signedIn ? (
        <p className="card">
          中介机构请<a href={signInHref}>登录</a>后提问；提问机构的名称不会向采购人或公众显示。
        </p>
      ) : null}
    </article>
  )
}
