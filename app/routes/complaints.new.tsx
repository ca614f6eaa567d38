import { randomUUID } from 'node:crypto'
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
  complaintTargetFromQuery,
  findOrganisationByText,
  findProjectByText,
  listMyComplaints,
} from '#models/complaint-queries.ts'
import { fileComplaint } from '#models/complaints.ts'
import type { Database } from '#models/db/client.ts'
import { ForbiddenError, ValidationError } from '#models/errors.ts'
import {
  COMPLAINT_ANSWER_WORKDAYS,
  type FileComplaintForm as ComplaintForm,
  fileComplaintSchema,
} from '#models/validation/complaints.ts'
import { FileComplaintForm } from '../components/credit/complaint-forms.tsx'
import { ComplaintItem } from '../components/credit/complaint-item.tsx'
import { answerModelError, throwModelError } from '../route-errors.server.ts'
import { requireSignedInCtx } from '../session.server.ts'
import creditStyles from '../styles/credit.css?url'
import { readUploadForm, storeChosenFile } from '../upload.server.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: creditStyles }]

export const meta: MetaFunction = () => [{ title: '我要投诉 · 中介超市' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const url = new URL(request.url)
  const [chosen, mine] = await Promise.all([
    complaintTargetFromQuery(ctx.db, url),
    listMyComplaints(ctx),
  ])
  return {
    chosen,
    mine: mine.map((c) => ({ ...c, late: c.answeredAt != null && c.answeredAt > c.answerDueAt })),
    isSupervisor: ctx.actor.role === 'supervisor',
    done: url.searchParams.get('done') === '1',
    // A fresh key per page view: sending this page's form twice files one complaint.
    submissionKey: randomUUID(),
  }
}

/** The typed target (a name, USCC or link), or the one a 投诉 link fixed, as ids. */
async function resolveTarget(db: Database, form: ComplaintForm) {
  if (form.targetType === 'project') {
    const project = form.targetId
      ? { id: form.targetId }
      : await findProjectByText(db, form.target ?? '')
    if (!project) throw ValidationError.field('target', '找不到该项目，请粘贴项目公告的链接')
    return { projectId: project.id }
  }
  const org = form.targetId
    ? { id: form.targetId }
    : await findOrganisationByText(db, form.targetType, form.target ?? '')
  if (!org)
    throw ValidationError.field(
      'target',
      '找不到唯一对应的机构或单位，请填写全称、统一社会信用代码，或粘贴其页面链接',
    )
  return { targetOrganisationId: org.id }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  // Refuse before storing any file.
  if (ctx.actor.role === 'supervisor')
    throwModelError(new ForbiddenError('监管人员不提交投诉，发现问题请直接记录监管认定'))
  const { formData, fileErrors } = await readUploadForm(request, context)
  const submission = parseWithZod(formData, { schema: fileComplaintSchema })
  if (submission.status !== 'success' || Object.keys(fileErrors).length > 0)
    return data(submission.reply({ fieldErrors: fileErrors }), { status: 400 })
  const form = submission.value
  try {
    const target = await resolveTarget(ctx.db, form)
    const uploadId = await storeChosenFile(ctx, formData, 'file')
    await fileComplaint(ctx, {
      targetType: form.targetType,
      ...target,
      subject: form.subject,
      grounds: form.grounds,
      uploadId,
      submissionKey: form.submissionKey,
    })
    return redirect('/complaints/new?done=1#mine')
  } catch (error) {
    return answerModelError(error, submission)
  }
}

export default function NewComplaintPage() {
  const d = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  return (
    <article className="narrow">
      <p>
        <a href="/complaints">← 投诉处理结果</a>
      </p>
      <h1>我要投诉</h1>
      <p className="lead">
        对中介机构、项目业主或采购项目的违规行为，可向监管部门投诉。监管部门在{' '}
        {COMPLAINT_ANSWER_WORKDAYS} 个工作日内答复；处理结果公开，投诉人不公开。
      </p>
      {d.done ? (
        <p className="notice" role="status">
          投诉已提交，监管部门将在 {COMPLAINT_ANSWER_WORKDAYS} 个工作日内答复，结果会通知您。
        </p>
      ) : null}
      {d.isSupervisor ? (
        <p className="card">
          监管人员不提交投诉。发现机构违规，请在 <a href="/supervisor/findings">信用认定</a>{' '}
          中直接记录。
        </p>
      ) : (
        <FileComplaintForm
          key={d.submissionKey}
          chosen={d.chosen}
          lastResult={lastResult}
          submissionKey={d.submissionKey}
        />
      )}
      {d.mine.length > 0 ? (
        <>
          <h2 id="mine">本单位提交的投诉</h2>
          <ol className="credit-records">
            {d.mine.map((c) => (
              <ComplaintItem key={c.id} complaint={c} late={c.late} />
            ))}
          </ol>
        </>
      ) : null}
    </article>
  )
}
