import { getFormProps, type SubmissionResult, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { ValidationError } from '#models/errors.ts'
import {
  addOfferingCase,
  getMyOffering,
  pauseOffering,
  removeOfferingCase,
  resumeOffering,
  updateOffering,
} from '#models/offerings.ts'
import { describeFee } from '#models/rules/fees.ts'
import { fenToYuanText, formatFen } from '#models/rules/money.ts'
import { offeringCaseSchema } from '#models/validation/registry.ts'
import { offeringTermsSchemaFor } from '#models/validation/registry-offerings.ts'
import { CsrfInput } from '../components/csrf-input.tsx'
import { FeeFields, offeringFieldOrder } from '../components/fee-fields.tsx'
import { firstErrorField, TextAreaField, TextField } from '../components/form-fields.tsx'
import { DateField } from '../components/offering-fields.tsx'
import { readForm } from '../csrf.server.ts'
import { throwModelError } from '../route-errors.server.ts'
import { requireSignedInCtx } from '../session.server.ts'
import { formatDate } from '../utils/format.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.item.name ?? '服务报价'} · 中介超市` },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const found = await getMyOffering(ctx, params.id ?? '').catch(throwModelError)
  return { ...found, fee: describeFee(found.offering) }
}

type FormName = 'terms' | 'case'

/** An answer for one of the page's two forms, so the other keeps its own state. */
interface Replyable {
  reply(options?: { fieldErrors?: Record<string, string[]> }): SubmissionResult<string[]>
}

function answerFor(form: FormName, submission: Replyable, error?: unknown) {
  if (error !== undefined && !(error instanceof ValidationError)) return throwModelError(error)
  const fieldErrors = error instanceof ValidationError ? error.fieldErrors : undefined
  return data({ form, result: submission.reply({ fieldErrors }) }, { status: 400 })
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const id = params.id ?? ''
  const formData = await readForm(request, context)
  const intent = formData.get('intent')
  const back = (notice: string) => redirect(`/my/offerings/${id}?${notice}=1`)
  if (intent === 'pause' || intent === 'resume') {
    const change = intent === 'pause' ? pauseOffering : resumeOffering
    try {
      await change(ctx, id)
    } catch (error) {
      if (!(error instanceof ValidationError)) return throwModelError(error)
      return data({ form: 'status' as const, message: error.message }, { status: 400 })
    }
    return back(intent === 'pause' ? 'paused' : 'resumed')
  }
  if (intent === 'remove-case') {
    await removeOfferingCase(ctx, id, String(formData.get('caseId'))).catch(throwModelError)
    return back('case-removed')
  }
  if (intent === 'add-case') {
    const submission = parseWithZod(formData, { schema: offeringCaseSchema })
    if (submission.status !== 'success') return answerFor('case', submission)
    try {
      await addOfferingCase(ctx, id, submission.value)
      return back('case-added')
    } catch (error) {
      return answerFor('case', submission, error)
    }
  }
  // The item's time limit, so a wrong fee and too long a time limit are said together.
  const { item } = await getMyOffering(ctx, id).catch(throwModelError)
  const schema = offeringTermsSchemaFor(item.timeLimitWorkdays)
  const submission = parseWithZod(formData, { schema })
  if (submission.status !== 'success') return answerFor('terms', submission)
  try {
    await updateOffering(ctx, id, submission.value)
    return back('saved')
  } catch (error) {
    return answerFor('terms', submission, error)
  }
}

const notices: Record<string, string> = {
  created: '服务报价已发布。可以继续添加业绩。',
  saved: '修改已保存。',
  paused: '报价已暂停，不再公开展示。',
  resumed: '报价已恢复在售。',
  'case-added': '业绩已添加。',
  'case-removed': '业绩已删除。',
}

export default function OfferingPage() {
  const { offering, item, cases, fee, holdsRequiredQualification } = useLoaderData<typeof loader>()
  const answer = useActionData<typeof action>()
  const [params] = useSearchParams()
  const [termsForm, terms] = useForm({
    id: 'terms',
    lastResult: answer?.form === 'terms' ? answer.result : undefined,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    defaultValue: {
      feeKind: offering.feeKind,
      feeFixed: offering.feeKind === 'fixed' ? fenToYuanText(offering.feeMinFen) : '',
      feeMin: offering.feeKind === 'fixed' ? '' : fenToYuanText(offering.feeMinFen),
      feeMax: offering.feeKind === 'fixed' ? '' : fenToYuanText(offering.feeMaxFen),
      feeRule: offering.feeRule,
      feeExample: offering.feeExample,
      timeLimitDays: String(offering.timeLimitDays),
      scope: offering.scope,
    },
    onValidate: ({ formData }) =>
      parseWithZod(formData, { schema: offeringTermsSchemaFor(item.timeLimitWorkdays) }),
  })
  const [caseForm, caseFields] = useForm({
    id: 'case',
    lastResult: answer?.form === 'case' ? answer.result : undefined,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: offeringCaseSchema }),
  })
  const firstTerm = firstErrorField(offeringFieldOrder, termsForm.allErrors)
  const firstCase = firstErrorField(
    ['title', 'clientName', 'completedOn', 'amount'],
    caseForm.allErrors,
  )
  const notice = [...params.keys()].map((key) => notices[key]).find(Boolean)
  const paused = offering.pausedAt != null
  return (
    <section>
      <p>
        <a href="/my/offerings">← 服务报价</a>
      </p>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      <h1>{item.name}</h1>
      <dl className="details">
        <dt>状态</dt>
        <dd>
          {paused ? (
            <span className="badge badge--warn">已暂停</span>
          ) : (
            <span className="badge badge--ok">在售</span>
          )}
          {item.retiredAt ? <span className="badge badge--bad"> 事项已停用</span> : null}
        </dd>
        <dt>当前收费</dt>
        <dd>{fee}</dd>
        {offering.feeKind === 'rule' ? (
          <>
            <dt>计算示例</dt>
            <dd>{offering.feeExample}</dd>
          </>
        ) : null}
        <dt>承诺时限</dt>
        <dd>
          {offering.timeLimitDays} 个工作日（事项规定 {item.timeLimitWorkdays} 个工作日）
        </dd>
        <dt>所需资质</dt>
        <dd>
          {item.qualification ?? '无'}
          {holdsRequiredQualification === false ? (
            <>
              {' '}
              <span className="badge badge--warn">本机构尚无有效的该资质</span>{' '}
              <a href="/my/qualifications">去登记</a>
            </>
          ) : null}
        </dd>
      </dl>
      <Form method="post">
        <CsrfInput />
        {answer?.form === 'status' ? (
          <p className="field__error" role="alert" id="status-error">
            {answer.message}
          </p>
        ) : null}
        <p>
          <button
            type="submit"
            name="intent"
            value={paused ? 'resume' : 'pause'}
            className="button"
            aria-describedby={answer?.form === 'status' ? 'status-error' : undefined}
          >
            {paused ? '恢复在售' : '暂停报价'}
          </button>
        </p>
      </Form>

      <h2>修改报价</h2>
      <Form method="post" {...getFormProps(termsForm)} className="stack narrow">
        <CsrfInput />
        <input type="hidden" name="intent" value="update" />
        <FeeFields fields={terms} first={firstTerm} />
        <TextField
          meta={terms.timeLimitDays}
          label="承诺时限（工作日）"
          inputMode="numeric"
          required
          hint={`不能超过 ${item.timeLimitWorkdays} 个工作日`}
          focus={firstTerm === 'timeLimitDays'}
        />
        <TextAreaField meta={terms.scope} label="服务范围（选填）" focus={firstTerm === 'scope'} />
        <button type="submit" className="button button--primary">
          保存修改
        </button>
      </Form>

      <h2>业绩</h2>
      {cases.length === 0 ? (
        <p>尚未添加业绩。</p>
      ) : (
        <ul className="card-list">
          {cases.map((c) => (
            <li key={c.id} className="card">
              <strong>{c.title}</strong>
              <p>
                委托单位：{c.clientName} · 完成日期：{formatDate(c.completedOn)}
                {c.amountFen != null ? ` · 合同金额：${formatFen(c.amountFen)}` : ''}
              </p>
              <Form method="post">
                <CsrfInput />
                <input type="hidden" name="caseId" value={c.id} />
                <button
                  type="submit"
                  name="intent"
                  value="remove-case"
                  className="button button--quiet"
                  aria-label={`删除业绩 ${c.title}`}
                >
                  删除
                </button>
              </Form>
            </li>
          ))}
        </ul>
      )}
      <h3>添加业绩</h3>
      <Form method="post" {...getFormProps(caseForm)} className="stack narrow">
        <CsrfInput />
        <input type="hidden" name="intent" value="add-case" />
        <TextField
          meta={caseFields.title}
          label="项目名称"
          required
          focus={firstCase === 'title'}
        />
        <TextField
          meta={caseFields.clientName}
          label="委托单位"
          required
          focus={firstCase === 'clientName'}
        />
        <DateField
          meta={caseFields.completedOn}
          label="完成日期"
          required
          focus={firstCase === 'completedOn'}
        />
        <TextField
          meta={caseFields.amount}
          label="合同金额（元，选填）"
          hint="可填 12000 或 1.2万"
          focus={firstCase === 'amount'}
        />
        <button type="submit" className="button button--primary">
          添加业绩
        </button>
      </Form>
    </section>
  )
}
