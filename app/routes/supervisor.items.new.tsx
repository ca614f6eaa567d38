import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { createServiceItem, suggestNextItemCode } from '#models/catalogue-admin.ts'
import { listCategories } from '#models/catalogue.ts'
import { newServiceItemSchema } from '#models/validation/catalogue.ts'
import { CsrfInput } from '../components/csrf-input.tsx'
import { firstErrorField, TextField } from '../components/form-fields.tsx'
import { ItemFields, itemFieldOrder } from '../components/item-form.tsx'
import { readForm } from '../csrf.server.ts'
import { answerModelError, throwModelError } from '../route-errors.server.ts'
import { requireSignedInCtx } from '../session.server.ts'

export const meta: MetaFunction = () => [{ title: '新增服务事项 · 中介超市' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const nextCode = await suggestNextItemCode(ctx).catch(throwModelError)
  return { nextCode, categories: await listCategories(ctx.db) }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const formData = await readForm(request, context)
  const submission = parseWithZod(formData, { schema: newServiceItemSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  try {
    const item = await createServiceItem(ctx, submission.value)
    return redirect(`/supervisor/items/${encodeURIComponent(item.code)}?saved=created`)
  } catch (error) {
    return answerModelError(error, submission)
  }
}

const fieldOrder = ['code', ...itemFieldOrder]

export default function NewItemPage() {
  const { nextCode, categories } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const [form, fields] = useForm({
    lastResult,
    defaultValue: { code: nextCode, feeType: '市场调节价' },
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: newServiceItemSchema }),
  })
  const first = firstErrorField(fieldOrder, form.allErrors)
  return (
    <section className="narrow">
      <p>
        <a href="/supervisor/items">← 服务事项管理</a>
      </p>
      <h1>新增服务事项</h1>
      <Form method="post" {...getFormProps(form)} className="stack">
        <CsrfInput />
        <TextField
          meta={fields.code}
          label="事项编号"
          required
          hint={`SI- 加 3 位数字，保存后不能修改；建议使用下一个空号 ${nextCode}`}
          autoComplete="off"
          focus={first === 'code'}
        />
        <ItemFields fields={fields} first={first} categories={categories} />
        <button type="submit" className="button button--primary">
          保存
        </button>
      </Form>
    </section>
  )
}
