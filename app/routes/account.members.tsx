import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { ValidationError } from '#models/errors.ts'
import {
  addOrganisationMember,
  changeOrganisationMember,
  listOrganisationMembers,
} from '#models/organisation-members.ts'
import { memberChanges, type MemberChange } from '#models/rules/member-changes.ts'
import { memberSchema } from '#models/validation/accounts.ts'
import { answerPasswordReset } from '../account-reset.server.ts'
import { MemberAddForm, MemberTable } from '../components/member-list.tsx'
import { FormErrors } from '../components/form-fields.tsx'
import { readForm } from '../csrf.server.ts'
import { answerModelError, throwModelError } from '../route-errors.server.ts'
import { requireSignedInCtx } from '../session.server.ts'
import { maskPhone } from '../utils/format.ts'

export const meta: MetaFunction = () => [{ title: '机构成员 · 中介超市' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const { members, canManage } = await listOrganisationMembers(ctx).catch(throwModelError)
  return {
    me: ctx.actor.userId,
    organisationName: ctx.actor.organisationName,
    canManage,
    members: members.map((m) => ({ ...m, phone: maskPhone(m.phone) })),
  }
}

const done = (what: string) => redirect(`/account/members?done=${what}`)
const isChange = (intent: unknown): intent is MemberChange =>
  memberChanges.includes(intent as MemberChange)

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const formData = await readForm(request, context)
  const intent = formData.get('intent')
  if (intent === 'resetPassword')
    return answerPasswordReset(
      formData,
      (input) => changeOrganisationMember(ctx, { ...input, change: 'resetPassword' }),
      '/account/members?done=resetPassword',
    )
  if (isChange(intent)) {
    try {
      await changeOrganisationMember(ctx, {
        userId: String(formData.get('userId')),
        change: intent,
      })
      return done(intent)
    } catch (error) {
      if (error instanceof ValidationError)
        return data({ changeError: error.message }, { status: 400 })
      return throwModelError(error)
    }
  }
  const submission = parseWithZod(formData, { schema: memberSchema })
  if (submission.status !== 'success') return submission.reply({ hideFields: ['password'] })
  try {
    await addOrganisationMember(ctx, submission.value)
    return done('added')
  } catch (error) {
    return answerModelError(error, submission, ['password'])
  }
}

const doneMessages: Record<string, string> = {
  added: '已新增成员。请当面或电话告知初始密码；其首次登录须先修改密码。',
  disable: '已停用该成员，其登录会话已全部失效。',
  restore: '已恢复该成员，其可用原密码重新登录。',
  resetPassword: '已重置密码，其登录会话已全部失效；其下次登录须先修改密码。',
  grantAdmin: '已设为账号管理员。',
  withdrawAdmin: '已取消其账号管理员身份。',
}

export default function MembersPage() {
  const { me, organisationName, canManage, members } = useLoaderData<typeof loader>()
  const answer = useActionData<typeof action>()
  const changeError = answer && 'changeError' in answer ? answer.changeError : null
  const addResult =
    answer && !('changeError' in answer) && !('resetError' in answer) ? answer : undefined
  const doneKey = useSearchParams()[0].get('done')
  return (
    <section>
      <h1>机构成员</h1>
      <p>
        {organisationName}
        的全部账号。成员共用本机构的项目、报价和消息；账号管理员可以新增成员、停用账号和重置密码。
      </p>
      {doneKey && doneMessages[doneKey] ? (
        <p className="notice" role="status">
          {doneMessages[doneKey]}
        </p>
      ) : null}
      <FormErrors id="member-errors" errors={changeError ? [changeError] : undefined} />
      <MemberTable members={members} me={me} canManage={canManage} answer={answer} />
      {canManage ? (
        <>
          <h2>新增成员</h2>
          {/* Keyed by the list: once someone is added the form starts empty again. */}
          <MemberAddForm key={members.length} lastResult={addResult} />
        </>
      ) : (
        <p className="field__hint">如需新增同事的账号或重置密码，请联系本机构的账号管理员。</p>
      )}
    </section>
  )
}
