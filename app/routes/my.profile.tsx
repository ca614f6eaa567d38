import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import {
  approvalAuthorities,
  getMyProfile,
  requireOwnOrganisation,
  updateMyProfile,
} from '#models/profiles.ts'
import { roleNames } from '#models/roles.ts'
import { imageContentTypes } from '#models/rules/file-types.ts'
import { OUTSIDE_HENAN, profileSchema } from '#models/validation/registry.ts'
import { CsrfInput } from '../components/csrf-input.tsx'
import {
  firstErrorField,
  SelectField,
  TextAreaField,
  TextField,
} from '../components/form-fields.tsx'
import { FileField } from '../components/offering-fields.tsx'
import { RegionSelect } from '../components/region-select.tsx'
import { answerModelError, throwModelError } from '../route-errors.server.ts'
import { requireSignedInCtx } from '../session.server.ts'
import { readUploadForm, storeChosenFile } from '../upload.server.ts'

export const meta: MetaFunction = () => [{ title: '机构资料 · 中介超市' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const profile = await getMyProfile(ctx).catch(throwModelError)
  return { ...profile, authorityOptions: await approvalAuthorities(ctx.db) }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  try {
    requireOwnOrganisation(ctx, 'agency', 'department', 'enterprise')
  } catch (error) {
    throwModelError(error)
  }
  const { formData, fileErrors } = await readUploadForm(request, context)
  const submission = parseWithZod(formData, { schema: profileSchema })
  if (submission.status !== 'success' || Object.keys(fileErrors).length > 0)
    return data(submission.reply({ fieldErrors: fileErrors }), { status: 400 })
  try {
    const logoId = await storeChosenFile(ctx, formData, 'logo', imageContentTypes)
    const { removeLogo } = submission.value
    await updateMyProfile(ctx, {
      ...submission.value,
      logoUploadId: logoId ?? (removeLogo ? null : undefined),
      approvalAuthority: submission.value.approvalAuthority ?? null,
    })
    return redirect('/my/profile?saved=1')
  } catch (error) {
    return answerModelError(error, submission)
  }
}

const fieldOrder = [
  'name',
  'legalRepresentative',
  'regionCode',
  'approvalAuthority',
  'address',
  'contactName',
  'contactPhone',
  'contactEmail',
  'introduction',
  'logo',
] as const

export default function ProfilePage() {
  const org = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const [params] = useSearchParams()
  // Legal representative is required here, so an empty one means the form was never saved.
  const region = org.regionCode ?? (org.legalRepresentative ? OUTSIDE_HENAN : '')
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    defaultValue: { ...org, regionCode: region },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: profileSchema }),
  })
  const first = firstErrorField(fieldOrder, form.allErrors)
  const title =
    org.kind === 'agency' ? '机构资料' : org.kind === 'department' ? '单位资料' : '企业资料'
  return (
    <section>
      {params.get('saved') ? (
        <p className="notice" role="status">
          资料已保存。
        </p>
      ) : null}
      <h1>{title}</h1>
      <dl className="details">
        <dt>机构类型</dt>
        <dd>{roleNames[org.kind]}</dd>
        <dt>统一社会信用代码</dt>
        <dd className="mono">{org.uscc}</dd>
      </dl>
      <p className="field__hint">
        统一社会信用代码和机构类型注册后不能修改；名称修改会记入审计日志。
      </p>
      {org.kind === 'agency' ? (
        <p>
          <a href={`/agencies/${org.id}`}>查看本机构的公开页面</a>
        </p>
      ) : null}
      <Form
        method="post"
        encType="multipart/form-data"
        {...getFormProps(form)}
        className="stack narrow"
      >
        <CsrfInput />
        <TextField meta={fields.name} label="名称" required focus={first === 'name'} />
        <TextField
          meta={fields.legalRepresentative}
          label="法定代表人"
          required
          focus={first === 'legalRepresentative'}
        />
        <RegionSelect meta={fields.regionCode} focus={first === 'regionCode'} />
        {org.kind === 'department' ? (
          <SelectField
            meta={fields.approvalAuthority}
            label="审批职能（可选）"
            options={org.authorityOptions.map((name) => ({ value: name, label: name }))}
            focus={first === 'approvalAuthority'}
          />
        ) : null}
        <TextField
          meta={fields.address}
          label="详细地址"
          required
          autoComplete="street-address"
          focus={first === 'address'}
        />
        <TextField
          meta={fields.contactName}
          label="联系人"
          required
          autoComplete="name"
          focus={first === 'contactName'}
        />
        <TextField
          meta={fields.contactPhone}
          label="联系电话"
          type="tel"
          inputMode="tel"
          required
          hint="手机号或带区号的座机号"
          focus={first === 'contactPhone'}
        />
        <TextField
          meta={fields.contactEmail}
          label="联系邮箱（选填）"
          type="email"
          autoComplete="email"
          focus={first === 'contactEmail'}
        />
        <TextAreaField
          meta={fields.introduction}
          label="简介（选填）"
          hint="主要业务、服务领域、团队情况等，最多 2000 字"
          rows={6}
          focus={first === 'introduction'}
        />
        {org.logoUploadId ? (
          <div className="field">
            <span>当前标志</span>
            <img src={`/uploads/${org.logoUploadId}`} alt={`${org.name}的标志`} width={96} />
            <label className="choice">
              <input {...getInputProps(fields.removeLogo, { type: 'checkbox' })} />
              <span>删除当前标志</span>
            </label>
          </div>
        ) : null}
        <FileField
          meta={fields.logo}
          label={org.logoUploadId ? '更换标志（选填）' : '标志（选填）'}
          hint="JPG 或 PNG 图片，不超过 10 MB"
          accept="image/png,image/jpeg"
          focus={first === 'logo'}
        />
        <button type="submit" className="button button--primary">
          保存
        </button>
      </Form>
    </section>
  )
}
