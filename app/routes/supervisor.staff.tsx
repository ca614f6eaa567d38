import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import {
  addSupervisor,
  listSupervisors,
  restoreSupervisor,
  revokeSupervisor,
} from '#models/accounts.ts'
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
  const intent = formData.get('intent')
  if (intent === 'revoke' || intent === 'restore') {
    const change = intent === 'revoke' ? revokeSupervisor : restoreSupervisor
    try {
      await change(ctx, String(formData.get('userId')))
      return redirect(`/supervisor/staff?done=${intent}d`)
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
    return redirect('/supervisor/staff?done=added')
  } catch (error) {
    return answerModelError(error, submission, ['password'])
  }
}

const doneMessages: Record<string, string> = {
  added: '已新增监管人员。请当面告知初始密码，并提醒其登录后修改。',
  revoked: '已撤销其监管权限，其登录会话已全部失效。',
  restored: '已恢复其监管权限，其可用原密码重新登录。',
}

function RevokeForm({ name, userId }: { name: string; userId: string }) {
  // Two steps, so a slip of the finger does not lock a colleague out; no script needed.
  return (
    <details className="confirm-step">
      <summary className="button button--quiet">撤销…</summary>
      <Form method="post">
        <CsrfInput />
        <input type="hidden" name="intent" value="revoke" />
        <input type="hidden" name="userId" value={userId} />
        <p>撤销后{name}的登录会话立即失效，不能再登录；之后可以恢复。</p>
        <button type="submit" className="button button--danger">
          确认撤销{name}的监管权限
        </button>
      </Form>
    </details>
  )
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
  const done = useSearchParams()[0].get('done')
  return (
    <section>
      <h1>监管人员</h1>
      {done && doneMessages[done] ? (
        <p className="notice" role="status">
          {doneMessages[done]}
        </p>
      ) : null}
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
                  {s.id === me ? null : s.disabledAt ? (
                    <Form method="post">
                      <CsrfInput />
                      <input type="hidden" name="intent" value="restore" />
                      <input type="hidden" name="userId" value={s.id} />
                      <button type="submit" className="button button--quiet">
                        恢复<span className="visually-hidden">{s.name}的监管权限</span>
                      </button>
                    </Form>
                  ) : (
                    <RevokeForm name={s.name} userId={s.id} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>新增监管人员</h2>
      {/* Keyed by the list: once someone is added the form starts empty again. */}
      <Form method="post" {...getFormProps(form)} key={staff.length} className="stack narrow">
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
