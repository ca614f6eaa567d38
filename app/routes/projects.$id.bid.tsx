import type { SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type {
  ActionFunctionArgs,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { receiptDocument } from '#models/bid-receipts.ts'
import { submitBid, withdrawBid } from '#models/bids.ts'
import { submissionOrigin } from '#models/collusion-origin.ts'
import { NotFoundError, ValidationError } from '#models/errors.ts'
import { explainLowPrice, respondToInvitation } from '#models/project-evaluation.ts'
import { requireOwnOrganisation } from '#models/profiles.ts'
import { canRemedy } from '#models/rules/eligibility.ts'
import { formatFenExact } from '#models/rules/money.ts'
import { IllegalTransitionError } from '#models/rules/project-states.ts'
import {
  acceptInvitationSchema,
  declineInvitationSchema,
  explainLowPriceSchema,
  withdrawBidSchema,
} from '#models/validation/bid-responses.ts'
import { bidFormSchema } from '#models/validation/projects.ts'
import { loadBidPage } from '../bid-page.server.ts'
import { BidForm } from '../components/bid-form.tsx'
import { BidReceiptCard } from '../components/bid-receipt.tsx'
import { ExplainForm, InvitationForms, WithdrawForm } from '../components/bid-response-forms.tsx'
import { BidOutcome, BidStatus, ProjectSummary } from '../components/bid-summary.tsx'
import { FormErrors } from '../components/form-fields.tsx'
import { throwModelError } from '../route-errors.server.ts'
import { requireSignedInCtx } from '../session.server.ts'
import bidStyles from '../styles/bids.css?url'
import { readUploadForm, storeChosenFile } from '../upload.server.ts'
import { formatDateTime } from '../utils/format.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: bidStyles }]

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: `${data?.project.method === 'lottery' ? '报名' : '报价'}：${data?.project.title ?? '项目'} · 中介超市`,
  },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const pasted = new URL(request.url).searchParams.get('receipt')
  return loadBidPage(ctx, params.id ?? '', pasted?.slice(0, 5000) ?? null).catch(throwModelError)
}

type Intent = 'bid' | 'withdraw' | 'explain' | 'accept' | 'decline'

interface Replyable {
  reply(options?: {
    fieldErrors?: Record<string, string[]>
    formErrors?: string[]
  }): SubmissionResult<string[]>
}

/** A refused answer goes back to the form that sent it; other errors become pages. */
function refused(intent: Intent, submission: Replyable, error: unknown) {
  if (error instanceof ValidationError)
    return data(
      { intent, result: submission.reply({ fieldErrors: error.fieldErrors }), receipt: null },
      { status: 400 },
    )
  if (error instanceof NotFoundError)
    return data(
      { intent, result: submission.reply({ formErrors: [error.message] }), receipt: null },
      { status: 404 },
    )
  if (error instanceof IllegalTransitionError) throw new Response(error.message, { status: 409 })
  return throwModelError(error)
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  try {
    requireOwnOrganisation(ctx, 'agency')
  } catch (error) {
    throwModelError(error)
  }
  const id = params.id ?? ''
  const { formData, fileErrors } = await readUploadForm(request, context)
  const intent = String(formData.get('intent') ?? 'bid') as Intent
  const done = (what: string) => redirect(`/projects/${id}/bid?done=${what}`)

  if (intent === 'withdraw') {
    const submission = parseWithZod(formData, { schema: withdrawBidSchema })
    if (submission.status !== 'success')
      return data({ intent, result: submission.reply(), receipt: null }, { status: 400 })
    return withdrawBid(ctx, id).then(
      () => done('withdrawn'),
      (error: unknown) => refused(intent, submission, error),
    )
  }
  if (intent === 'explain') {
    const submission = parseWithZod(formData, { schema: explainLowPriceSchema })
    if (submission.status !== 'success')
      return data({ intent, result: submission.reply(), receipt: null }, { status: 400 })
    return explainLowPrice(ctx, id, submission.value.explanation).then(
      () => done('explained'),
      (error: unknown) => refused(intent, submission, error),
    )
  }
  if (intent === 'accept') {
    const submission = parseWithZod(formData, { schema: acceptInvitationSchema })
    if (submission.status !== 'success')
      return data({ intent, result: submission.reply(), receipt: null }, { status: 400 })
    return respondToInvitation(ctx, id, { accept: true, priceFen: submission.value.price }).then(
      () => done('accepted'),
      (error: unknown) => refused(intent, submission, error),
    )
  }
  if (intent === 'decline') {
    const submission = parseWithZod(formData, { schema: declineInvitationSchema })
    if (submission.status !== 'success')
      return data({ intent, result: submission.reply(), receipt: null }, { status: 400 })
    return respondToInvitation(ctx, id, { accept: false, reason: submission.value.reason }).then(
      () => done('declined'),
      (error: unknown) => refused(intent, submission, error),
    )
  }

  const submission = parseWithZod(formData, { schema: bidFormSchema })
  if (submission.status !== 'success' || Object.keys(fileErrors).length > 0)
    return data(
      { intent: 'bid', result: submission.reply({ fieldErrors: fileErrors }), receipt: null },
      { status: 400 },
    )
  try {
    const uploaded = await storeChosenFile(ctx, formData, 'proposalFile', ['application/pdf'])
    // No new file chosen (undefined): a revision keeps the one already sent.
    const receipt = await submitBid(ctx, id, {
      ...submission.value,
      proposalUploadId: uploaded ?? undefined,
      origin: submissionOrigin(
        context.clientIp,
        request.headers.get('user-agent'),
        context.csrfToken,
      ),
    })
    return { intent: 'bid' as const, result: undefined, receipt: receiptDocument(receipt) }
  } catch (error) {
    return refused('bid', submission, error)
  }
}

const doneMessages: Record<string, string> = {
  withdrawn: '已撤回。截止前仍可重新提交。',
  explained: '说明已提交，请等待采购人决定。',
  accepted: '已接受邀请，项目由贵机构承接。',
  declined: '已谢绝邀请。',
}

export default function BidPage() {
  const page = useLoaderData<typeof loader>()
  const answer = useActionData<typeof action>()
  const [params] = useSearchParams()
  const { project, eligibility, bid } = page
  const noun = project.method === 'lottery' ? '报名' : '报价'
  const resultFor = (intent: Intent) =>
    answer?.intent === intent ? (answer.result ?? undefined) : undefined
  const live = bid && !bid.withdrawnAt ? bid : null
  const done = params.get('done')
  const bidRefusedLate = !eligibility.biddingOpen && resultFor('bid')?.error
  const capHint = `不得高于最高限价 ${formatFenExact(project.budgetCapFen)}${
    eligibility.offeringFeeMaxFen != null
      ? `，也不得高于贵机构公布的收费上限 ${formatFenExact(eligibility.offeringFeeMaxFen)}`
      : ''
  }`
  return (
    <article className="bid-page">
      <p>
        <a href={`/projects/${project.id}`}>← 项目公告</a> · <a href="/my/bids">我的报价</a>
      </p>
      <h1>
        {noun}：{project.title}
      </h1>
      {done && doneMessages[done] ? (
        <p className="notice" role="status">
          {doneMessages[done]}
        </p>
      ) : null}
      {answer?.receipt ? <BidReceiptCard receipt={answer.receipt} noun={noun} /> : null}
      {bidRefusedLate ? (
        <FormErrors id="bid-late" errors={Object.values(bidRefusedLate).flat() as string[]} />
      ) : null}
      <ProjectSummary project={project} eligibility={eligibility} />
      {project.method === 'direct' ? (
        <section aria-labelledby="invite-title">
          <h2 id="invite-title">直接选取邀请</h2>
          {!project.invited ? (
            <p>本项目为企业直接选取，未邀请贵机构，不接受报价。</p>
          ) : eligibility.biddingOpen ? (
            <>
              <p>
                采购人邀请贵机构直接承接本项目，请在 {formatDateTime(project.deadlineAt)} 前答复。
              </p>
              <InvitationForms
                capHint={capHint}
                acceptResult={resultFor('accept')}
                declineResult={resultFor('decline')}
              />
            </>
          ) : (
            <BidOutcome project={project} bid={null} openedPrice={null} check={null} />
          )}
        </section>
      ) : (
        <>
          <BidStatus bid={bid} noun={noun} />
          {eligibility.biddingOpen ? (
            <>
              <h2>{live ? `修改${noun}` : `提交${noun}`}</h2>
              {eligibility.eligible ? (
                <BidForm
                  key={`${live?.revision ?? 0}-${page.submissionKey}`}
                  noun={noun}
                  revising={live != null}
                  capFen={project.budgetCapFen}
                  offeringFeeMaxFen={eligibility.offeringFeeMaxFen}
                  itemTimeLimitDays={eligibility.itemTimeLimitDays}
                  offeringTimeLimitDays={eligibility.offeringTimeLimitDays}
                  submissionKey={page.submissionKey}
                  defaults={{ timeLimitDays: live?.timeLimitDays, proposal: live?.proposal }}
                  currentFileId={live?.proposalUploadId ?? null}
                  lastResult={resultFor('bid')}
                />
              ) : (
                <p>
                  {canRemedy(eligibility.reasons)
                    ? `贵机构暂不符合参与条件，补齐后即可${noun}。`
                    : `贵机构目前不能${noun}，原因见上。`}
                </p>
              )}
              {live ? <WithdrawForm noun={noun} lastResult={resultFor('withdraw')} /> : null}
            </>
          ) : (
            <BidOutcome
              project={project}
              bid={bid}
              openedPrice={page.openedPrice}
              check={page.check}
              pasted={params.get('receipt') ?? ''}
            />
          )}
          {project.status === 'opened' &&
          live?.explanationDueAt &&
          !live.explanation &&
          !live.explanationDecision ? (
            <ExplainForm
              dueAt={formatDateTime(live.explanationDueAt)}
              lastResult={resultFor('explain')}
            />
          ) : null}
        </>
      )}
    </article>
  )
}
