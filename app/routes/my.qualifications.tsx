import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useState } from 'react'
import { ValidationError } from '#models/errors.ts'
import { requireOwnOrganisation } from '#models/profiles.ts'
import {
  addQualification,
  catalogueQualificationTypes,
  listMyQualifications,
  removeQualification,
} from '#models/qualifications.ts'
import {
  OTHER_QUALIFICATION,
  type QualificationStatus,
  qualificationStatusNames,
} from '#models/rules/qualifications.ts'
import { qualificationSchema } from '#models/validation/registry.ts'
import { CsrfInput } from '../components/csrf-input.tsx'
import { firstErrorField, FormErrors, SelectField, TextField } from '../components/form-fields.tsx'
import { DateField, FileField, useHydrated } from '../components/offering-fields.tsx'
import { RemoveRowForm } from '../components/remove-row-form.tsx'
import { answerModelError, throwModelError } from '../route-errors.server.ts'
import { requireSignedInCtx } from '../session.server.ts'
import { readUploadForm, storeChosenFile } from '../upload.server.ts'
import { formatDate } from '../utils/format.ts'

export const meta: MetaFunction = () => [{ title: '资质 · 中介超市' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const list = await listMyQualifications(ctx).catch(throwModelError)
  return { list, types: await catalogueQualificationTypes(ctx.db) }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  try {
    requireOwnOrganisation(ctx, 'agency')
  } catch (error) {
    throwModelError(error)
  }
  const { formData, fileErrors } = await readUploadForm(request, context)
  if (formData.get('intent') === 'remove') {
    try {
      await removeQualification(ctx, String(formData.get('id')))
      return redirect('/my/qualifications?removed=1')
    } catch (error) {
      // Refused while sealed bids need it: said above the table, the form below stays as it was.
      if (error instanceof ValidationError)
        return data({ removeError: error.message }, { status: 400 })
      return throwModelError(error)
    }
  }
  const submission = parseWithZod(formData, { schema: qualificationSchema })
  if (submission.status !== 'success' || Object.keys(fileErrors).length > 0)
    return data(submission.reply({ fieldErrors: fileErrors }), { status: 400 })
  try {
    const scanUploadId = await storeChosenFile(ctx, formData, 'scan')
    await addQualification(ctx, { ...submission.value, scanUploadId })
    return redirect('/my/qualifications?added=1')
  } catch (error) {
    return answerModelError(error, submission)
  }
}

const statusBadge: Record<QualificationStatus, string> = {
  valid: 'badge badge--ok',
  expired: 'badge badge--bad',
  not_yet_valid: 'badge badge--warn',
}

const fieldOrder = [
  'type',
  'otherType',
  'level',
  'number',
  'issuer',
  'validFrom',
  'validTo',
  'scan',
] as const

export default function QualificationsPage() {
  const { list, types } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const removeError = actionData && 'removeError' in actionData ? actionData.removeError : null
  const lastResult = actionData && !('removeError' in actionData) ? actionData : undefined
  const [params] = useSearchParams()
  const hydrated = useHydrated()
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: qualificationSchema }),
  })
  const [type, setType] = useState(fields.type.initialValue ?? '')
  const first = firstErrorField(fieldOrder, form.allErrors)
  const typeOptions = [...types, OTHER_QUALIFICATION].map((t) => ({ value: t, label: t }))
  return (
    <section>
      {params.get('added') ? (
        <p className="notice" role="status">
          资质已添加。
        </p>
      ) : null}
      {params.get('removed') ? (
        <p className="notice" role="status">
          资质已删除。
        </p>
      ) : null}
      <h1>本机构资质</h1>
      <p className="lead">
        资质在有效期内才计入参与竞价的资格；过期的资质会标为“已过期”，请及时更新。
      </p>
      <FormErrors id="remove-errors" errors={removeError ? [removeError] : undefined} />
      {list.length === 0 ? (
        <p>尚未登记资质。</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">资质类型</th>
                <th scope="col">状态</th>
                <th scope="col">有效期</th>
                <th scope="col">证书编号</th>
                <th scope="col">等级</th>
                <th scope="col">发证机关</th>
                <th scope="col">扫描件</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {list.map((q) => (
                <tr key={q.id}>
                  <td>{q.type}</td>
                  <td>
                    <span className={statusBadge[q.status]}>
                      {qualificationStatusNames[q.status]}
                    </span>
                  </td>
                  <td>
                    {formatDate(q.validFrom)} 至 {q.validTo ? formatDate(q.validTo) : '长期有效'}
                  </td>
                  <td className="mono">{q.number}</td>
                  <td>{q.level || '—'}</td>
                  <td>{q.issuer}</td>
                  <td>{q.scanUploadId ? <a href={`/uploads/${q.scanUploadId}`}>查看</a> : '—'}</td>
                  <td>
                    <RemoveRowForm
                      name="id"
                      value={q.id}
                      label={`删除资质 ${q.type} ${q.number}`}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>添加资质</h2>
      <Form
        method="post"
        encType="multipart/form-data"
        {...getFormProps(form)}
        className="stack narrow"
      >
        <CsrfInput />
        <div onChange={(e) => setType((e.target as HTMLSelectElement).value)}>
          <SelectField
            meta={fields.type}
            label="资质类型"
            options={typeOptions}
            focus={first === 'type'}
          />
        </div>
        <div hidden={hydrated && type !== OTHER_QUALIFICATION}>
          <TextField
            meta={fields.otherType}
            label={hydrated ? '资质名称' : '资质名称（资质类型选“其他”时填写）'}
            focus={first === 'otherType'}
          />
        </div>
        <TextField
          meta={fields.level}
          label="资质等级（选填）"
          hint="如 甲级、乙级"
          focus={first === 'level'}
        />
        <TextField meta={fields.number} label="证书编号" required focus={first === 'number'} />
        <TextField meta={fields.issuer} label="发证机关" required focus={first === 'issuer'} />
        <DateField
          meta={fields.validFrom}
          label="生效日期"
          required
          focus={first === 'validFrom'}
        />
        <DateField
          meta={fields.validTo}
          label="有效期至"
          hint="长期有效的证书请留空"
          focus={first === 'validTo'}
        />
        <FileField
          meta={fields.scan}
          label="证书扫描件（选填）"
          hint="PDF、JPG 或 PNG，不超过 10 MB"
          accept="application/pdf,image/png,image/jpeg"
          focus={first === 'scan'}
        />
        <button type="submit" className="button button--primary">
          添加
        </button>
      </Form>
    </section>
  )
}
