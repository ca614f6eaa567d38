import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Form, useActionData, useSearchParams } from '@remix-run/react'
import { signIn } from '#models/accounts.ts'
import { ValidationError } from '#models/errors.ts'
import { signInSchema } from '#models/validation/accounts.ts'
import { CsrfInput } from '../components/csrf-input.tsx'
import { firstErrorField, FormErrors, TextField } from '../components/form-fields.tsx'
import { readForm } from '../csrf.server.ts'
import {
  guardSignInAttempt,
  recordFailedSignIn,
  recordSuccessfulSignIn,
} from '../rate-limit.server.ts'
import { answerModelError } from '../route-errors.server.ts'
import {
  CHANGE_PASSWORD_PATH,
  commitSessionCookie,
  getActor,
  getCtx,
  safeRedirect,
} from '../session.server.ts'

export const meta: MetaFunction = () => [{ title: '登录 · 中介超市' }]

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getActor(request)) throw redirect('/account')
  return null
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request, context)
  const submission = parseWithZod(formData, { schema: signInSchema })
  const hideFields = ['password']
  if (submission.status !== 'success') return submission.reply({ hideFields })
  const { login, password, redirectTo } = submission.value
  try {
    await guardSignInAttempt(context.clientIp, login)
    const { session, mustChangePassword } = await signIn(await getCtx(request), {
      login,
      password,
    }).catch(async (error: unknown) => {
      if (error instanceof ValidationError) await recordFailedSignIn(context.clientIp, login)
      throw error
    })
    await recordSuccessfulSignIn(context.clientIp, login)
    // A password someone else set (an administrator's reset) is changed before anything else.
    const next = mustChangePassword ? CHANGE_PASSWORD_PATH : safeRedirect(redirectTo, '/account')
    return redirect(next, {
      headers: { 'Set-Cookie': await commitSessionCookie(request, session.id) },
    })
  } catch (error) {
    return answerModelError(error, submission, hideFields)
  }
}

export default function SignInPage() {
  const lastResult = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: signInSchema }),
  })
  const first = firstErrorField(['login', 'password'], form.allErrors)
  return (
    <section className="narrow">
      <h1>登录</h1>
      <Form method="post" {...getFormProps(form)} className="stack">
        <CsrfInput />
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? ''} />
        <TextField
          meta={fields.login}
          label="手机号或邮箱"
          required
          autoComplete="username"
          focus={first === 'login' || (!first && !lastResult)}
        />
        <TextField
          meta={fields.password}
          label="密码"
          type="password"
          required
          autoComplete="current-password"
          focus={first === 'password'}
        />
        <button type="submit" className="button button--primary">
          登录
        </button>
        <p>
          还没有账号？<a href="/signup">免费入驻</a>
        </p>
        <details>
          <summary>忘记密码？</summary>
          <p>
            请联系本单位的账号管理员，在“账户 →
            机构成员”中为您重置密码。如您就是唯一的管理员，请携营业执照和本人身份证件联系监管部门，核实身份后由监管人员重置。
          </p>
        </details>
      </Form>
    </section>
  )
}
