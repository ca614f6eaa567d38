import { getFormProps, type SubmissionResult, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type {
  ActionFunctionArgs,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import {
  editServiceItem,
  getServiceItemForEditing,
  reinstateServiceItem,
  retireServiceItem,
} from '#models/catalogue-admin.ts'
import { listCategories, type PublicItem } from '#models/catalogue.ts'
import { ValidationError } from '#models/errors.ts'
import { retireServiceItemSchema, serviceItemFieldsSchema } from '#models/validation/catalogue.ts'
import { CsrfInput } from '../components/csrf-input.tsx'
import { firstErrorField, FormErrors, TextAreaField } from '../components/form-fields.tsx'
import { ItemFields, itemFieldOrder } from '../components/item-form.tsx'
import { ItemHistory } from '../components/item-history.tsx'
import { readForm } from '../csrf.server.ts'
import { throwModelError } from '../route-errors.server.ts'
import { requireSignedInCtx } from '../session.server.ts'
import catalogueStyles from '../styles/catalogue.css?url'
import { formatDate } from '../utils/format.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: catalogueStyles }]

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.item.name ?? '服务事项'} · 服务事项管理 · 中介超市` },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const detail = await getServiceItemForEditing(ctx, params.code ?? '').catch(throwModelError)
  return {
    item: detail.item,
    retireReason: detail.retireReason,
    history: detail.history,
    categories: await listCategories(ctx.db),
  }
}

type FormName = 'edit' | 'retire'

/** The form again with its errors beside the fields, tagged with which form it was. */
function answer(form: FormName, result: SubmissionResult<string[]>) {
  return data({ form, result, error: null }, { status: 400 })
}

/** A model's field errors go back to their form; anything else becomes an error page. */
function answerModelFailure(
  form: FormName,
  submission: {
    reply(options: { fieldErrors: Record<string, string[]> }): SubmissionResult<string[]>
  },
  error: unknown,
) {
  if (!(error instanceof ValidationError)) return throwModelError(error)
  return answer(form, submission.reply({ fieldErrors: error.fieldErrors }))
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const code = params.code ?? ''
  const here = `/supervisor/items/${encodeURIComponent(code)}`
  const formData = await readForm(request, context)
  const intent = formData.get('_action')
  if (intent === 'reinstate') {
    try {
      await reinstateServiceItem(ctx, code)
      return redirect(`${here}?saved=reinstated`)
    } catch (error) {
      if (!(error instanceof ValidationError)) return throwModelError(error)
      return data({ form: 'reinstate' as const, result: null, error: error.message }, 400)
    }
  }
  if (intent === 'retire') {
    const submission = parseWithZod(formData, { schema: retireServiceItemSchema })
    if (submission.status !== 'success') return answer('retire', submission.reply())
    try {
      await retireServiceItem(ctx, code, submission.value)
      return redirect(`${here}?saved=retired`)
    } catch (error) {
      return answerModelFailure('retire', submission, error)
    }
  }
  const submission = parseWithZod(formData, { schema: serviceItemFieldsSchema })
  if (submission.status !== 'success') return answer('edit', submission.reply())
  try {
    const { changedFields } = await editServiceItem(ctx, code, submission.value)
    return redirect(`${here}?saved=${changedFields.length > 0 ? 'edited' : 'unchanged'}`)
  } catch (error) {
    return answerModelFailure('edit', submission, error)
  }
}

const savedNotices: Record<string, string> = {
  created: '已新增服务事项。',
  edited: '修改已保存，并记入修订记录和审计日志。',
  unchanged: '没有修改任何内容。',
  retired: '已停用该事项。',
  reinstated: '已恢复该事项。',
}

export default function EditItemPage() {
  const { item, retireReason, history, categories } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const notice = actionData ? undefined : savedNotices[searchParams.get('saved') ?? '']
  const publicHref = `/items/${encodeURIComponent(item.code)}`
  return (
    <section>
      <p>
        <a href="/supervisor/items">← 服务事项管理</a>
      </p>
      <h1>
        {item.name} <span className="mono field__hint">{item.code}</span>
      </h1>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      <p className="link-row">
        {item.retiredAt ? (
          <span className="badge badge--bad">已停用</span>
        ) : (
          <span className="badge badge--ok">有效</span>
        )}
        <a href={publicHref}>查看公开页面</a>
      </p>
      <h2>编辑</h2>
      <EditForm
        // A new version remounts the form, so it shows what was saved.
        key={history[0]?.id ?? 'original'}
        item={item}
        categories={categories}
        lastResult={actionData?.form === 'edit' ? actionData.result : undefined}
      />
      <h2>{item.retiredAt ? '恢复' : '停用'}</h2>
      {item.retiredAt ? (
        <ReinstateForm
          item={item}
          reason={retireReason}
          error={actionData?.form === 'reinstate' ? actionData.error : null}
        />
      ) : (
        <RetireForm lastResult={actionData?.form === 'retire' ? actionData.result : undefined} />
      )}
      <h2>修订记录</h2>
      <ItemHistory entries={history} />
    </section>
  )
}

type Item = Omit<PublicItem, 'retiredAt'> & { retiredAt: Date | string | null }

function EditForm({
  item,
  categories,
  lastResult,
}: {
  item: Item
  categories: string[]
  lastResult: SubmissionResult<string[]> | null | undefined
}) {
  const [form, fields] = useForm({
    id: 'item-edit',
    lastResult,
    defaultValue: {
      ...item,
      qualification: item.qualification ?? '',
      aliases: item.aliases.join('、'),
    },
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: serviceItemFieldsSchema }),
  })
  const first = firstErrorField(itemFieldOrder, form.allErrors)
  return (
    <Form method="post" {...getFormProps(form)} className="stack narrow">
      <CsrfInput />
      <input type="hidden" name="_action" value="edit" />
      <ItemFields fields={fields} first={first} categories={categories} />
      <button type="submit" className="button button--primary">
        保存修改
      </button>
    </Form>
  )
}

function RetireForm({ lastResult }: { lastResult: SubmissionResult<string[]> | null | undefined }) {
  const [form, fields] = useForm({
    id: 'item-retire',
    lastResult,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: retireServiceItemSchema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="stack narrow">
      <p>
        停用后事项从公开清单中隐藏，不再供新的报价和项目选用；事项本身、已有报价和修订记录都会保留，可随时恢复。
      </p>
      <CsrfInput />
      <input type="hidden" name="_action" value="retire" />
      <TextAreaField
        meta={fields.reason}
        label="停用原因"
        rows={2}
        required
        hint="至少 5 个字，将在公开页面显示"
        focus={Boolean(form.allErrors.reason?.length)}
      />
      <button type="submit" className="button align-start">
        停用该事项
      </button>
    </Form>
  )
}

function ReinstateForm({
  item,
  reason,
  error,
}: {
  item: Item
  reason: string | null
  error: string | null
}) {
  return (
    <Form method="post" className="stack narrow">
      <p>
        <span className="badge badge--bad">已停用</span>（{formatDate(item.retiredAt!)}）
        {reason ? `停用原因：${reason}` : null}
      </p>
      <FormErrors id="reinstate-errors" errors={error ? [error] : undefined} />
      <CsrfInput />
      <input type="hidden" name="_action" value="reinstate" />
      <button type="submit" className="button align-start">
        恢复该事项
      </button>
    </Form>
  )
}
