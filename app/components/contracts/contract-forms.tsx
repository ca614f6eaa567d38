import { getFormProps, type Submission, type SubmissionResult, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form } from '@remix-run/react'
import type { ReactNode } from 'react'
import type { z } from 'zod'
import { type ContractIntent, contractSchemas } from '#models/validation/contracts.ts'
import { CsrfInput } from '../csrf-input.tsx'
import { FormErrors, RadioGroup, TextAreaField, TextField } from '../form-fields.tsx'
import { FileField } from '../offering-fields.tsx'

type LastResult = SubmissionResult<string[]> | undefined
/** Every field any contract form has; each form uses a few. */
interface ContractFields {
  milestones?: string
  reason?: string
  workdays?: string
  decision?: string
  decisionReason?: string
  note?: string
  file1?: File
  file2?: File
  file3?: File
}

/** The action's answer belongs to the form that sent it. */
const ownResult = (lastResult: LastResult, intent: ContractIntent) =>
  lastResult?.initialValue?.intent === intent ? lastResult : undefined

/** One contract action: its intent, Conform validation on both sides, CSRF, and its fields. */
function useContractForm(
  intent: ContractIntent,
  lastResult: LastResult,
  defaultValue?: Partial<Record<keyof ContractFields, string>>,
) {
  const schema = contractSchemas[intent] as z.ZodType
  return useForm<ContractFields>({
    id: `contract-${intent}`,
    defaultValue,
    lastResult: ownResult(lastResult, intent),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    // The schemas differ per intent; the fields are all typed text or files on the wire.
    onValidate: ({ formData }) =>
      parseWithZod(formData, { schema }) as unknown as Submission<ContractFields>,
  })
}

function Shell({
  intent,
  form,
  title,
  children,
  submit,
  danger,
  multipart,
}: {
  intent: ContractIntent
  form: ReturnType<typeof useContractForm>[0]
  title?: string
  children?: ReactNode
  submit: string
  danger?: boolean
  multipart?: boolean
}) {
  return (
    <Form
      method="post"
      encType={multipart ? 'multipart/form-data' : undefined}
      {...getFormProps(form)}
      className="card stack contract-form"
    >
      {title ? <h3>{title}</h3> : null}
      <CsrfInput />
      <input type="hidden" name="intent" value={intent} />
      <FormErrors id={`${form.id}-errors`} errors={form.errors} />
      {children}
      <button type="submit" className={danger ? 'button button--danger' : 'button button--primary'}>
        {submit}
      </button>
    </Form>
  )
}

export function MilestonesForm({
  lastResult,
  current,
}: {
  lastResult: LastResult
  current: string
}) {
  const [form, fields] = useContractForm('milestones', lastResult, { milestones: current })
  return (
    <Shell intent="milestones" form={form} title="付款节点（可选）" submit="保存付款节点">
      <TextAreaField
        meta={fields.milestones}
        label="每行一个节点：名称 比例%"
        hint="例如「合同签订 30%」「成果验收 70%」，比例合计 100%。留空表示验收后一次付清。任何一方签字后不能再改。"
        rows={4}
      />
    </Shell>
  )
}

export function SignForm({ lastResult, label }: { lastResult: LastResult; label: string }) {
  const [form] = useContractForm('sign', lastResult)
  return (
    <Shell intent="sign" form={form} submit={label}>
      <p>签字即表示同意本合同全部条款；双方签字后合同生效，服务开始计时。</p>
    </Shell>
  )
}

export function RefuseForm({ lastResult }: { lastResult: LastResult }) {
  const [form, fields] = useContractForm('refuse', lastResult)
  return (
    <Shell intent="refuse" form={form} title="拒绝签约" submit="拒绝签订合同" danger>
      <TextAreaField
        meta={fields.reason}
        label="拒签理由"
        hint="拒签将计入贵机构信用记录，采购人可另选其他机构。"
        rows={3}
        required
      />
    </Shell>
  )
}

export function PauseForm({ lastResult }: { lastResult: LastResult }) {
  const [form, fields] = useContractForm('pause', lastResult)
  return (
    <Shell intent="pause" form={form} title="登记等待业主" submit="暂停服务计时">
      <TextAreaField
        meta={fields.reason}
        label="采购人尚需提供什么"
        hint="例如设计图纸、现场条件、补充资料。等待期间不计入服务时限，双方可见。"
        rows={3}
        required
      />
    </Shell>
  )
}

export function ResumeForm({ lastResult }: { lastResult: LastResult }) {
  const [form] = useContractForm('resume', lastResult)
  return (
    <Shell intent="resume" form={form} submit="资料已提供，恢复计时">
      <p>服务计时正处于等待业主状态。</p>
    </Shell>
  )
}

export function ExtensionForm({ lastResult }: { lastResult: LastResult }) {
  const [form, fields] = useContractForm('extension', lastResult)
  return (
    <Shell intent="extension" form={form} title="申请延期" submit="提交延期申请">
      <TextField meta={fields.workdays} label="延期（工作日）" inputMode="numeric" required />
      <TextAreaField meta={fields.reason} label="延期理由" rows={3} required />
    </Shell>
  )
}

export function ExtensionDecisionForm({
  lastResult,
  workdays,
  reason,
}: {
  lastResult: LastResult
  workdays: number
  reason: string
}) {
  const [form, fields] = useContractForm('extension-decision', lastResult)
  return (
    <Shell intent="extension-decision" form={form} title="延期申请待您决定" submit="提交决定">
      <p>
        承接机构申请延期 <strong>{workdays}</strong> 个工作日：{reason}
      </p>
      <RadioGroup
        meta={fields.decision}
        legend="决定"
        options={[
          { value: 'approve', label: '同意延期' },
          { value: 'decline', label: '不同意' },
        ]}
      />
      <TextAreaField meta={fields.decisionReason} label="理由" rows={2} required />
    </Shell>
  )
}

export function DeliverForm({ lastResult }: { lastResult: LastResult }) {
  const [form, fields] = useContractForm('deliver', lastResult)
  const accept = 'application/pdf,image/png,image/jpeg'
  const hint = 'PDF、JPG 或 PNG，每个不超过 10 MB'
  return (
    <Shell intent="deliver" form={form} title="提交服务成果" submit="提交成果，请求验收" multipart>
      <TextAreaField meta={fields.note} label="交付说明" rows={4} required />
      <FileField meta={fields.file1} label="成果文件 1" hint={hint} accept={accept} />
      <FileField meta={fields.file2} label="成果文件 2（选填）" accept={accept} />
      <FileField meta={fields.file3} label="成果文件 3（选填）" accept={accept} />
    </Shell>
  )
}

export function DeliveryDecisionForm({ lastResult }: { lastResult: LastResult }) {
  const [form, fields] = useContractForm('delivery-decision', lastResult)
  return (
    <Shell intent="delivery-decision" form={form} title="验收" submit="提交验收结论">
      <RadioGroup
        meta={fields.decision}
        legend="验收结论"
        options={[
          { value: 'accept', label: '验收通过', hint: '服务计时停止，进入付款和评价' },
          { value: 'return', label: '退回修改', hint: '须写明理由，服务继续计时' },
        ]}
      />
      <TextAreaField meta={fields.reason} label="验收意见" rows={3} />
    </Shell>
  )
}

export function CancelForm({ lastResult }: { lastResult: LastResult }) {
  const [form, fields] = useContractForm('cancel', lastResult)
  return (
    <Shell intent="cancel" form={form} title="解除合同" submit="解除合同" danger>
      <TextAreaField
        meta={fields.reason}
        label="解除理由（将公开）"
        hint="在线支付的款项将通过 Stripe 原路退回；线下支付的款项请双方线下结算。"
        rows={3}
        required
      />
    </Shell>
  )
}
