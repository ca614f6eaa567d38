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
import { fileAppeal, ruleAppeal } from '#models/credit-appeals.ts'
import { decideFinding, replyToFinding } from '#models/credit-findings.ts'
import { getAgencyCreditPage } from '#models/credit-queries.ts'
import { requireOwnOrganisation } from '#models/profiles.ts'
import { REPLY_WORKDAYS } from '#models/rules/credit-rules.ts'
import {
  appealSchema,
  decideFindingSchema,
  replyFindingSchema,
  ruleAppealSchema,
} from '#models/validation/credit-findings.ts'
import {
  AppealForm,
  DecideForm,
  ReplyForm,
  RuleAppealForm,
} from '../components/credit/credit-forms.tsx'
import { CreditRecordCard } from '../components/credit/credit-record.tsx'
import { Pagination, pageFrom } from '../components/pagination.tsx'
import { TableWrap } from '../components/table-wrap.tsx'
import { answerModelError, throwModelError } from '../route-errors.server.ts'
import { getCtx, requireSignedInCtx } from '../session.server.ts'
import creditStyles from '../styles/credit.css?url'
import { readUploadForm, storeChosenFile } from '../upload.server.ts'
import { formatDate, formatDateTime } from '../utils/format.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: creditStyles }]

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.agency.name} · 信用记录 · 中介超市` : '信用记录 · 中介超市' },
]

const doneMessages: Record<string, string> = {
  replied: '陈述意见已提交并公开，监管部门将作出决定。',
  appealed: '申诉已提交，监管部门裁决后将通知贵机构。',
  decided: '决定已作出并通知该机构。',
  ruled: '申诉裁决已作出并通知该机构。',
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await getCtx(request)
  const url = new URL(request.url)
  const page = await getAgencyCreditPage(ctx, params.id ?? '', { page: pageFrom(url) }).catch(
    throwModelError,
  )
  const done = url.searchParams.get('done')
  return { ...page, done: done && done in doneMessages ? done : null }
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
  const agencyId = params.id ?? ''
  const { formData, fileErrors } = await readUploadForm(request, context)
  const done = (what: string, anchor: string) =>
    redirect(`/agencies/${agencyId}/credit?done=${what}#${anchor}`)
  switch (formData.get('intent')) {
    case 'reply': {
      const submission = parseWithZod(formData, { schema: replyFindingSchema })
      if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
      const { recordId, reply } = submission.value
      return attempt(submission, async () => {
        await replyToFinding(ctx, recordId, reply)
        return done('replied', `record-${recordId}`)
      })
    }
    case 'appeal': {
      // Only an agency may send a file here: refuse others before storing anything.
      try {
        requireOwnOrganisation(ctx, 'agency')
      } catch (error) {
        throwModelError(error)
      }
      const submission = parseWithZod(formData, { schema: appealSchema })
      if (submission.status !== 'success' || Object.keys(fileErrors).length > 0)
        return data(submission.reply({ fieldErrors: fileErrors }), { status: 400 })
      const { recordId, grounds } = submission.value
      return attempt(submission, async () => {
        const uploadId = await storeChosenFile(ctx, formData, 'file')
        await fileAppeal(ctx, recordId, { grounds, uploadId })
        return done('appealed', `record-${recordId}`)
      })
    }
    case 'decide': {
      const submission = parseWithZod(formData, { schema: decideFindingSchema })
      if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
      const { recordId, decision, reason } = submission.value
      return attempt(submission, async () => {
        await decideFinding(ctx, recordId, { confirm: decision === 'confirm', reason })
        return done('decided', `record-${recordId}`)
      })
    }
    case 'rule': {
      const submission = parseWithZod(formData, { schema: ruleAppealSchema })
      if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
      const { appealId, ruling, reason } = submission.value
      return attempt(submission, async () => {
        await ruleAppeal(ctx, appealId, { upheld: ruling === 'upheld', reason })
        return done('ruled', 'records')
      })
    }
    default:
      throw new Response('未知的操作', { status: 400 })
  }
}

export default function AgencyCreditPage() {
  const d = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const { agency } = d
  return (
    <article>
      <p>
        <a href={`/agencies/${agency.id}`}>← {agency.name}</a>
      </p>
      <h1>信用记录</h1>
      <p className="lead">{agency.name}</p>
      {d.done ? (
        <p className="notice" role="status">
          {doneMessages[d.done]}
        </p>
      ) : null}
      <section className="card credit-summary" aria-label="信用分和等级">
        <p className="credit-summary__score">
          <strong>{d.score}</strong> 分 · {d.gradeName}
        </p>
        <p className="field__hint">
          基准 100 分，每一分都来自下列记录；监管认定先给机构 {REPLY_WORKDAYS}{' '}
          个工作日陈述意见，之后才计分；对已生效的记录可以申诉。规则见{' '}
          <a href="/credit/rules">信用评价规则</a>。
        </p>
        {agency.blacklistedUntil ? (
          <p className="badge badge--bad">列入失信名单至 {formatDate(agency.blacklistedUntil)}</p>
        ) : null}
        {agency.exitedAt ? (
          <p className="badge badge--bad">已于 {formatDate(agency.exitedAt)} 清退出市场</p>
        ) : null}
        {d.viewer === 'public' ? (
          <p>
            <a href={`/complaints/new?agency=${agency.id}`}>投诉该机构</a>
          </p>
        ) : null}
      </section>

      {d.blacklist.length > 0 ? (
        <>
          <h2 id="blacklist-records">失信名单记录</h2>
          <TableWrap labelledBy="blacklist-records">
            <table>
              <thead>
                <tr>
                  <th scope="col">列入时间</th>
                  <th scope="col">期限至</th>
                  <th scope="col">原因</th>
                  <th scope="col">状态</th>
                </tr>
              </thead>
              <tbody>
                {d.blacklist.map((e) => (
                  <tr key={e.id}>
                    <td>{formatDateTime(e.startsAt)}</td>
                    <td>{formatDate(e.endsAt)}</td>
                    <td className="credit-wrap">{e.reason}</td>
                    <td className="credit-wrap">
                      {e.liftedAt
                        ? `已解除（${formatDate(e.liftedAt)}）：${e.liftReason ?? ''}`
                        : e.active
                          ? '执行中'
                          : '已期满'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      ) : null}

      <h2 id="records">全部记录（{d.total}）</h2>
      <p>
        <a href={`/agencies/${agency.id}/credit.csv`} download>
          导出 CSV
        </a>
      </p>
      {d.total === 0 ? <p>暂无信用记录。</p> : null}
      <ol className="credit-records">
        {d.records.map((r) => (
          <CreditRecordCard key={r.id} record={r}>
            {r.canReply ? <ReplyForm recordId={r.id} lastResult={lastResult} /> : null}
            {r.canAppeal ? <AppealForm recordId={r.id} lastResult={lastResult} /> : null}
            {r.canDecide ? (
              <DecideForm recordId={r.id} replied={r.reply != null} lastResult={lastResult} />
            ) : null}
            {r.openAppealId ? (
              <RuleAppealForm appealId={r.openAppealId} lastResult={lastResult} />
            ) : null}
          </CreditRecordCard>
        ))}
      </ol>
      <Pagination page={d.page} pageCount={d.pageCount} />
    </article>
  )
}
