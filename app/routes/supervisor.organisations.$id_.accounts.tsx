import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import {
  listOrganisationAccounts,
  resetPasswordBySupervisor,
} from '#models/organisation-members.ts'
import { answerPasswordReset } from '../account-reset.server.ts'
import { PasswordResetForm, resetErrorFor } from '../components/account-reset-form.tsx'
import { AccountTable } from '../components/account-table.tsx'
import { readForm } from '../csrf.server.ts'
import { throwModelError } from '../route-errors.server.ts'
import { requireSignedInCtx } from '../session.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.organisation.name ?? '单位'} · 账号 · 中介超市` },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  return listOrganisationAccounts(ctx, params.id ?? '').catch(throwModelError)
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const formData = await readForm(request, context)
  const organisationId = params.id ?? ''
  return answerPasswordReset(
    formData,
    (input) => resetPasswordBySupervisor(ctx, { ...input, organisationId }),
    `/supervisor/organisations/${organisationId}/accounts?done=reset`,
  )
}

export default function OrganisationAccounts() {
  const { organisation, accounts } = useLoaderData<typeof loader>()
  const answer = useActionData<typeof action>()
  const done = useSearchParams()[0].get('done') === 'reset'
  return (
    <section>
      <p>
        <a href={`/supervisor/organisations/${organisation.id}`}>← {organisation.name}</a>
      </p>
      <h1>{organisation.name}的账号</h1>
      <p className="field__hint">
        单位的账号管理员忘记密码、又没有其他管理员时，由监管人员重置。请先核对营业执照和来人身份证件；重置记入审计日志，其下次登录须先修改密码。
      </p>
      {done ? (
        <p className="notice" role="status">
          已重置密码，其登录会话已全部失效。请当面告知初始密码。
        </p>
      ) : null}
      <AccountTable
        accounts={accounts}
        actions={(a) => (
          <PasswordResetForm userId={a.id} name={a.name} error={resetErrorFor(answer, a.id)} />
        )}
      />
    </section>
  )
}
