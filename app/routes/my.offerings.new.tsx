import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { createOffering, listOfferableItems } from '#models/offerings.ts'
import { newOfferingSchemaFor } from '#models/validation/registry-offerings.ts'
import { CsrfInput } from '../components/csrf-input.tsx'
import { FeeFields, offeringFieldOrder } from '../components/fee-fields.tsx'
import { firstErrorField, TextAreaField, TextField } from '../components/form-fields.tsx'
import { GroupedSelectField, type OptionGroup } from '../components/offering-fields.tsx'
import { readForm } from '../csrf.server.ts'
import { answerModelError, throwModelError } from '../route-errors.server.ts'
import { requireSignedInCtx } from '../session.server.ts'

export const meta: MetaFunction = () => [{ title: '发布服务报价 · 中介超市' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const items = await listOfferableItems(ctx).catch(throwModelError)
  const groups = new Map<string, OptionGroup>()
  for (const item of items) {
    const group = groups.get(item.category) ?? { label: item.category, options: [] }
    group.options.push({
      value: item.code,
      // Said before publishing: without the certificate the offering cannot take part.
      label: `${item.name}（时限 ${item.timeLimitWorkdays} 个工作日${
        item.holdsQualification ? '' : `；需「${item.qualification}」，本机构尚未登记`
      }）`,
    })
    groups.set(item.category, group)
  }
  return {
    groups: [...groups.values()],
    itemLimits: Object.fromEntries(items.map((item) => [item.code, item.timeLimitWorkdays])),
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const formData = await readForm(request, context)
  const items = await listOfferableItems(ctx).catch(throwModelError)
  const itemLimits = Object.fromEntries(items.map((item) => [item.code, item.timeLimitWorkdays]))
  const submission = parseWithZod(formData, { schema: newOfferingSchemaFor(itemLimits) })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  try {
    const offering = await createOffering(ctx, submission.value)
    return redirect(`/my/offerings/${offering.id}?created=1`)
  } catch (error) {
    return answerModelError(error, submission)
  }
}

export default function NewOfferingPage() {
  const { groups, itemLimits } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    defaultValue: { feeKind: 'fixed' },
    onValidate: ({ formData }) =>
      parseWithZod(formData, { schema: newOfferingSchemaFor(itemLimits) }),
  })
  const first = firstErrorField(offeringFieldOrder, form.allErrors)
  return (
    <section>
      <p>
        <a href="/my/offerings">← 服务报价</a>
      </p>
      <h1>发布服务报价</h1>
      {groups.length === 0 ? (
        <p>清单中的服务事项本机构都已发布报价，可在列表中修改。</p>
      ) : (
        <Form method="post" {...getFormProps(form)} className="stack narrow">
          <CsrfInput />
          <GroupedSelectField
            meta={fields.serviceItemCode}
            label="服务事项"
            groups={groups}
            required
            hint="每个事项只能发布一条报价；承诺时限不能超过事项规定的时限。标明「本机构尚未登记」资质的事项也可发布，但登记有效资质前不能参与其项目"
            focus={first === 'serviceItemCode'}
          />
          <FeeFields fields={fields} first={first} />
          <TextField
            meta={fields.timeLimitDays}
            label="承诺时限（工作日）"
            inputMode="numeric"
            required
            focus={first === 'timeLimitDays'}
          />
          <TextAreaField
            meta={fields.scope}
            label="服务范围（选填）"
            hint="服务内容、交付成果、不含的工作等"
            focus={first === 'scope'}
          />
          <button type="submit" className="button button--primary">
            发布
          </button>
        </Form>
      )}
    </section>
  )
}
