import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import {
  addPractitioner,
  listMyPractitioners,
  maskCertificateNumber,
  removePractitioner,
} from '#models/practitioners.ts'
import { practitionerSchema } from '#models/validation/registry.ts'
import { CsrfInput } from '../components/csrf-input.tsx'
import { firstErrorField, TextField } from '../components/form-fields.tsx'
import { RemoveRowForm } from '../components/remove-row-form.tsx'
import { readForm } from '../csrf.server.ts'
import { answerModelError, throwModelError } from '../route-errors.server.ts'
import { requireSignedInCtx } from '../session.server.ts'

export const meta: MetaFunction = () => [{ title: '执业人员 · 中介超市' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const list = await listMyPractitioners(ctx).catch(throwModelError)
  return list.map((p) => ({ ...p, publicNumber: maskCertificateNumber(p.certificateNumber) }))
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const formData = await readForm(request, context)
  if (formData.get('intent') === 'remove') {
    await removePractitioner(ctx, String(formData.get('id'))).catch(throwModelError)
    return redirect('/my/practitioners?removed=1')
  }
  const submission = parseWithZod(formData, { schema: practitionerSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  try {
    await addPractitioner(ctx, submission.value)
    return redirect('/my/practitioners?added=1')
  } catch (error) {
    return answerModelError(error, submission)
  }
}

const fieldOrder = ['name', 'certificateType', 'certificateNumber'] as const

export default function PractitionersPage() {
  const list = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const [params] = useSearchParams()
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: practitionerSchema }),
  })
  const first = firstErrorField(fieldOrder, form.allErrors)
  return (
    <section>
      {params.get('added') ? (
        <p className="notice" role="status">
          执业人员已添加。
        </p>
      ) : null}
      {params.get('removed') ? (
        <p className="notice" role="status">
          执业人员已删除。
        </p>
      ) : null}
      <h1>执业人员</h1>
      <p className="lead">公开页面只显示证书编号的首尾几位，完整编号仅本机构和监管人员可见。</p>
      {list.length === 0 ? (
        <p>尚未登记执业人员。</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">姓名</th>
                <th scope="col">证书类型</th>
                <th scope="col">证书编号</th>
                <th scope="col">公开显示为</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {list.map((p) => (
                <tr key={p.id}>
                  <td>{p.name}</td>
                  <td>{p.certificateType}</td>
                  <td className="mono">{p.certificateNumber}</td>
                  <td className="mono">{p.publicNumber}</td>
                  <td>
                    <RemoveRowForm name="id" value={p.id} label={`删除执业人员 ${p.name}`} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>添加执业人员</h2>
      <Form method="post" {...getFormProps(form)} className="stack narrow">
        <CsrfInput />
        <TextField meta={fields.name} label="姓名" required focus={first === 'name'} />
        <TextField
          meta={fields.certificateType}
          label="证书类型"
          required
          hint="如 注册测绘师、一级注册建造师、环境影响评价工程师"
          focus={first === 'certificateType'}
        />
        <TextField
          meta={fields.certificateNumber}
          label="证书编号"
          required
          autoComplete="off"
          focus={first === 'certificateNumber'}
        />
        <button type="submit" className="button button--primary">
          添加
        </button>
      </Form>
    </section>
  )
}
