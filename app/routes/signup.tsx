import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Form, useActionData } from '@remix-run/react'
import { signUp } from '#models/accounts.ts'
import { startSession } from '#models/sessions.ts'
import { signUpSchema } from '#models/validation/accounts.ts'
import { CsrfInput } from '../components/csrf-input.tsx'
import { firstErrorField, RadioGroup, TextField } from '../components/form-fields.tsx'
import { readForm } from '../csrf.server.ts'
import { guardSignUp, recordSignUp } from '../rate-limit.server.ts'
import { answerModelError } from '../route-errors.server.ts'
import { commitSessionCookie, getActor, getCtx } from '../session.server.ts'

export const meta: MetaFunction = () => [{ title: '免费入驻 · 中介超市' }]

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getActor(request)) throw redirect('/account')
  return null
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request, context)
  const submission = parseWithZod(formData, { schema: signUpSchema })
  const hideFields = ['password', 'confirmPassword']
  if (submission.status !== 'success') return submission.reply({ hideFields })
  const ctx = await getCtx(request)
  try {
    await guardSignUp(context.clientIp)
    const { user } = await signUp(ctx, submission.value)
    await recordSignUp(context.clientIp)
    const session = await startSession(ctx.db, user.id)
    return redirect('/account?welcome=1', {
      headers: { 'Set-Cookie': await commitSessionCookie(request, session.id) },
    })
  } catch (error) {
    return answerModelError(error, submission, hideFields)
  }
}

const fieldOrder = [
  'kind',
  'organisationName',
  'uscc',
  'contactName',
  'phone',
  'email',
  'password',
  'confirmPassword',
] as const

const kindOptions = [
  {
    value: 'agency',
    label: '中介机构',
    hint: '发布服务、参与竞价，零门槛、零限制，注册即公开展示',
  },
  {
    value: 'department',
    label: '政府部门 / 事业单位',
    hint: '财政资金采购中介服务，经监管人员核验后可发布项目',
  },
  { value: 'enterprise', label: '企业', hint: '自主选择中介机构，注册即可发布项目' },
]

export default function SignUpPage() {
  const lastResult = useActionData<typeof action>()
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: signUpSchema }),
  })
  const first = firstErrorField(fieldOrder, form.allErrors)
  return (
    <section className="narrow">
      <h1>免费入驻</h1>
      <p className="lead">中介机构入驻不收费、不设审批、不限地域和规模，注册后即在平台公开展示。</p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <CsrfInput />
        <RadioGroup
          meta={fields.kind}
          legend="机构类型"
          options={kindOptions}
          focus={first === 'kind'}
        />
        <TextField
          meta={fields.organisationName}
          label="机构名称"
          required
          autoComplete="organization"
          focus={first === 'organisationName'}
        />
        <TextField
          meta={fields.uscc}
          label="统一社会信用代码"
          required
          hint="18 位，见营业执照或登记证书"
          autoComplete="off"
          focus={first === 'uscc'}
        />
        <TextField
          meta={fields.contactName}
          label="联系人姓名"
          required
          autoComplete="name"
          focus={first === 'contactName'}
        />
        <TextField
          meta={fields.phone}
          label="手机号（用于登录）"
          type="tel"
          inputMode="tel"
          required
          autoComplete="tel"
          focus={first === 'phone'}
        />
        <TextField
          meta={fields.email}
          label="邮箱（选填，也可用于登录）"
          type="email"
          autoComplete="email"
          focus={first === 'email'}
        />
        <TextField
          meta={fields.password}
          label="密码"
          type="password"
          required
          hint="至少 8 位，包含字母和数字"
          autoComplete="new-password"
          focus={first === 'password'}
        />
        <TextField
          meta={fields.confirmPassword}
          label="确认密码"
          type="password"
          required
          autoComplete="new-password"
          focus={first === 'confirmPassword'}
        />
        <button type="submit" className="button button--primary">
          注册
        </button>
        <p>
          已有账号？<a href="/signin">登录</a>
        </p>
      </Form>
    </section>
  )
}
