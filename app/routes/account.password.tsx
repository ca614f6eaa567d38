import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { changePassword } from '#models/accounts.ts'
import { changePasswordSchema } from '#models/validation/accounts.ts'
import { CsrfInput } from '../components/csrf-input.tsx'
import { firstErrorField, TextField } from '../components/form-fields.tsx'
import { readForm } from '../csrf.server.ts'
import { answerModelError } from '../route-errors.server.ts'
import { readSessionId, requireSignedInCtx } from '../session.server.ts'

export const meta: MetaFunction = () => [{ title: '修改密码 · 中介超市' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireSignedInCtx(request)
  return { mustChange: actor.mustChangePassword === true }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const formData = await readForm(request, context)
  const submission = parseWithZod(formData, { schema: changePasswordSchema })
  const hideFields = ['currentPassword', 'newPassword', 'confirmPassword']
  if (submission.status !== 'success') return submission.reply({ hideFields })
  try {
    await changePassword(ctx, {
      ...submission.value,
      keepSessionId: (await readSessionId(request))!,
    })
    return redirect('/account?password=changed')
  } catch (error) {
    return answerModelError(error, submission, hideFields)
  }
}

export default function ChangePasswordPage() {
  const { mustChange } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: changePasswordSchema }),
  })
  const first = firstErrorField(
    ['currentPassword', 'newPassword', 'confirmPassword'],
    form.allErrors,
  )
  return (
    <section className="narrow">
      <h1>修改密码</h1>
      {mustChange ? (
        <p className="notice" role="status">
          您的密码是管理员设置的初始密码，请先改成只有您自己知道的密码。
        </p>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="stack">
        <CsrfInput />
        <TextField
          meta={fields.currentPassword}
          label="当前密码"
          type="password"
          required
          autoComplete="current-password"
          focus={first === 'currentPassword'}
        />
        <TextField
          meta={fields.newPassword}
          label="新密码"
          type="password"
          required
          hint="至少 8 位，包含字母和数字"
          autoComplete="new-password"
          focus={first === 'newPassword'}
        />
        <TextField
          meta={fields.confirmPassword}
          label="确认新密码"
          type="password"
          required
          autoComplete="new-password"
          focus={first === 'confirmPassword'}
        />
        <button type="submit" className="button button--primary">
          保存新密码
        </button>
      </Form>
    </section>
  )
}
