import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { addSupervisor, listSupervisors, revokeSupervisor } from '#models/accounts.ts'
import { ValidationError } from '#models/errors.ts'
import { supervisorSchema } from '#models/validation/accounts.ts'
import { CsrfInput } from '../components/csrf-input.tsx'
import { firstErrorField, FormErrors, TextField } from '../components/form-fields.tsx'
import { readForm } from '../csrf.server.ts'
import { answerModelError, throwModelError } from '../route-errors.server.ts'
import { requireSignedInCtx } from '../session.server.ts'
import { formatDateTime, maskPhone } from '../utils/format.ts'

export const meta: MetaFunction = () => [{ title: '监管人员 · 中介超市' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const staff = await listSupervisors(ctx).catch(throwModelError)
  return {
    me: ctx.actor.userId,
    staff: staff.map((s) => ({ ...s, phone: maskPhone(s.phone) })),
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const formData = await readForm(request, context)
  if (formData.get('intent') === 'revoke') {
    try {
      await revokeSupervisor(ctx, String(formData.get('userId')))
      return redirect('/supervisor/staff')
    } catch (error) {
      if (error instanceof ValidationError)
        return data({ revokeError: error.message }, { status: 400 })
      return throwModelError(error)
    }
  }
  const submission = parseWithZod(formData, { schema: supervisorSchema })
  if (submission.status !== 'success') return submission.reply({ hideFields: ['password'] })
  try {
    await addSupervisor(ctx, submission.value)
    return redirect('/supervisor/staff')
  } catch (error) {
    return answerModelError(error, submission, ['password'])
  }
}

export default function SupervisorStaffPage() {
  const { me, staff } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const [form, fields] = useForm({
    lastResult: lastResult && !('revokeError' in lastResult) ? lastResult : undefined,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: supervisorSchema }),
  })
  const first = firstErrorField(['name', 'phone', 'password'], form.allErrors)
  const revokeError = lastResult && 'revokeError' in lastResult ? lastResult.revokeError : null
  return (
    <section>
      <h1>监管人员</h1>
      <FormErrors id="revoke-errors" errors={revokeError ? [revokeError] : undefined} />
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">姓名</th>
              <th scope="col">手机号</th>
              <th scope="col">授予时间</th>
              <th scope="col">状态</th>
              <th scope="col">操作</th>
            </tr>
          </thead>
          <tbody>
            {staff.map((s) => (
              <tr key={s.id}>
                <td>{s.name}</td>
                <td className="mono">{s.phone}</td>
                <td>{formatDateTime(s.createdAt)}</td>
                <td>{s.disabledAt ? `已撤销（${formatDateTime(s.disabledAt)}）` : '有效'}</td>
                <td>
                  {!s.disabledAt && s.id !== me ? (
                    <Form method="post">
                      <CsrfInput />
                      <input type="hidden" name="intent" value="revoke" />
                      <input type="hidden" name="userId" value={s.id} />
                      <button type="submit" className="button button--quiet">
                        撤销
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>新增监管人员</h2>
      <Form method="post" {...getFormProps(form)} className="stack narrow">
        <CsrfInput />
        <TextField meta={fields.name} label="姓名" required focus={first === 'name'} />
        <TextField
          meta={fields.phone}
          label="手机号"
          type="tel"
          required
          focus={first === 'phone'}
        />
        <TextField
          meta={fields.password}
          label="初始密码"
          type="password"
          required
          hint="至少 8 位，包含字母和数字；请当面告知本人并提醒其登录后修改"
          autoComplete="new-password"
          focus={first === 'password'}
        />
        <button type="submit" className="button button--primary">
          新增
        </button>
      </Form>
    </section>
  )
}
