import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { cancelContract, decideExtension, requestExtension } from '#models/contract-changes.ts'
import { getContractPage } from '#models/contract-queries.ts'
import {
  decideDelivery,
  pauseForOwner,
  resumeService,
  submitDelivery,
} from '#models/contract-service.ts'
import { refuseContract, setMilestones, signContract } from '#models/contract-signing.ts'
import { requireRole } from '#models/context.ts'
import { contractStatusNames } from '#models/rules/contract-states.ts'
import { contractIntents, contractSchemas } from '#models/validation/contracts.ts'
import { ContractNav } from '../components/contracts/contract-nav.tsx'
import {
  CancelForm,
  DeliverForm,
  DeliveryDecisionForm,
  ExtensionDecisionForm,
  ExtensionForm,
  MilestonesForm,
  PauseForm,
  RefuseForm,
  ResumeForm,
  SignForm,
} from '../components/contracts/contract-forms.tsx'
import {
  ContractTimeline,
  DeliveryRounds,
  MilestoneTable,
  PauseAndExtensionLog,
  ServiceClockPanel,
} from '../components/contracts/contract-records.tsx'
import { answerModelError, throwModelError } from '../route-errors.server.ts'
import { getCtx, requireSignedInCtx } from '../session.server.ts'
import { readUploadForm, storeChosenFile } from '../upload.server.ts'
import { formatDate, formatDateTime } from '../utils/format.ts'

export const meta: MetaFunction = () => [{ title: '服务合同 · 中介超市' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await getCtx(request)
  const page = await getContractPage(ctx, params.id ?? '').catch(throwModelError)
  const done = new URL(request.url).searchParams.get('done')
  return { ...page, done }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const id = params.id ?? ''
  // Only parties may send files here: refuse others before storing anything.
  try {
    requireRole(ctx, 'agency', 'department', 'enterprise')
  } catch (error) {
    throwModelError(error)
  }
  const { formData, fileErrors } = await readUploadForm(request, context)
  const intent = contractIntents.find((i) => i === formData.get('intent'))
  if (!intent) throw new Response('未知的操作', { status: 400 })
  const submission = parseWithZod(formData, { schema: contractSchemas[intent] })
  if (submission.status !== 'success' || Object.keys(fileErrors).length > 0)
    return data(submission.reply({ fieldErrors: fileErrors }), { status: 400 })
  const v = submission.value
  try {
    if (v.intent === 'milestones') await setMilestones(ctx, id, v.milestones)
    else if (v.intent === 'sign') await signContract(ctx, id)
    else if (v.intent === 'refuse') await refuseContract(ctx, id, v.reason)
    else if (v.intent === 'pause') await pauseForOwner(ctx, id, v.reason)
    else if (v.intent === 'resume') await resumeService(ctx, id)
    else if (v.intent === 'extension') await requestExtension(ctx, id, v)
    else if (v.intent === 'extension-decision')
      await decideExtension(ctx, id, {
        approve: v.decision === 'approve',
        reason: v.decisionReason,
      })
    else if (v.intent === 'deliver') {
      const uploadIds: string[] = []
      for (const field of ['file1', 'file2', 'file3']) {
        const stored = await storeChosenFile(ctx, formData, field)
        if (stored) uploadIds.push(stored)
      }
      await submitDelivery(ctx, id, { note: v.note, uploadIds })
    } else if (v.intent === 'delivery-decision')
      await decideDelivery(ctx, id, { accept: v.decision === 'accept', reason: v.reason ?? '' })
    else await cancelContract(ctx, id, v.reason)
  } catch (error) {
    return answerModelError(error, submission)
  }
  return redirect(`/contracts/${id}?done=${intent}`)
}

const doneMessages: Record<string, string> = {
  milestones: '付款节点已保存。',
  sign: '已签字。',
  refuse: '已拒签，采购人已收到通知。',
  pause: '已登记等待业主，服务计时暂停。',
  resume: '服务计时已恢复。',
  extension: '延期申请已提交，等待采购人决定。',
  'extension-decision': '决定已提交。',
  deliver: '成果已提交，等待采购人验收。',
  'delivery-decision': '验收结论已提交。',
  cancel: '合同已解除。',
}

export default function ContractPage() {
  const page = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const { contract, can, clock } = page
  const milestoneText = page.milestones
    .map((m) => `${m.name} ${m.shareBasisPoints / 100}%`)
    .join('\n')
  return (
    <>
      <ContractNav contractId={contract.id} current="contract" />
      {page.done && doneMessages[page.done] ? (
        <p className="notice" role="status">
          {doneMessages[page.done]}
        </p>
      ) : null}

      <section className="contract-section" aria-labelledby="terms-title">
        <h2 id="terms-title">合同要点</h2>
        <dl className="facts">
          <dt>状态</dt>
          <dd>{contractStatusNames[contract.status]}</dd>
          <dt>服务时限</dt>
          <dd>{contract.timeLimitWorkdays} 个工作日（自双方签字次日起计）</dd>
          <dt>签约期限</dt>
          <dd>{formatDateTime(contract.signDueAt)} 前双方在线签订</dd>
          <dt>采购人签字</dt>
          <dd>{contract.buyerSignedAt ? formatDateTime(contract.buyerSignedAt) : '待签'}</dd>
          <dt>承接机构签字</dt>
          <dd>{contract.agencySignedAt ? formatDateTime(contract.agencySignedAt) : '待签'}</dd>
          {contract.endReason ? (
            <>
              <dt>终止原因</dt>
              <dd>{contract.endReason}</dd>
            </>
          ) : null}
          {contract.acceptedAt ? (
            <>
              <dt>验收日期</dt>
              <dd>{formatDate(contract.acceptedAt)}</dd>
              <dt>付款期限</dt>
              <dd>{contract.paymentDueAt ? formatDate(contract.paymentDueAt) : '—'}</dd>
            </>
          ) : null}
        </dl>
        <h3>服务范围</h3>
        <p className="prewrap">{contract.scope}</p>
        <MilestoneTable milestones={page.milestones} />
      </section>

      {can.setMilestones ? (
        <MilestonesForm lastResult={lastResult} current={milestoneText} />
      ) : null}
      {can.sign ? (
        <SignForm
          lastResult={lastResult}
          label={page.viewer === 'buyer' ? '以采购人身份签订合同' : '以承接机构身份签订合同'}
        />
      ) : null}
      {can.refuse ? <RefuseForm lastResult={lastResult} /> : null}

      {clock ? (
        <ServiceClockPanel
          clock={clock}
          timeLimit={contract.timeLimitWorkdays}
          extended={contract.extendedWorkdays}
          status={contract.status}
        />
      ) : null}
      {can.resume ? <ResumeForm lastResult={lastResult} /> : null}
      {can.pause ? <PauseForm lastResult={lastResult} /> : null}
      {page.openExtension && can.decideExtension ? (
        <ExtensionDecisionForm
          lastResult={lastResult}
          workdays={page.openExtension.workdays}
          reason={page.openExtension.reason}
        />
      ) : null}
      {can.requestExtension ? <ExtensionForm lastResult={lastResult} /> : null}
      <PauseAndExtensionLog pauses={page.pauses} extensions={page.extensions} />

      {contract.startedAt ? (
        <section className="contract-section" aria-labelledby="delivery-title">
          <h2 id="delivery-title">成果交付与验收</h2>
          <DeliveryRounds rounds={page.rounds} />
        </section>
      ) : null}
      {can.deliver ? <DeliverForm lastResult={lastResult} /> : null}
      {can.decideDelivery ? <DeliveryDecisionForm lastResult={lastResult} /> : null}
      {can.cancel ? <CancelForm lastResult={lastResult} /> : null}

      <ContractTimeline events={page.timeline} />
    </>
  )
}
