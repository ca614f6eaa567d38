import { getFormProps, getInputProps, type SubmissionResult, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form } from '@remix-run/react'
import { type MemberChange, refuseMemberChange } from '#models/rules/member-changes.ts'
import { memberSchema } from '#models/validation/accounts.ts'
import { PasswordResetForm, resetErrorFor } from './account-reset-form.tsx'
import { type AccountRow, AccountTable } from './account-table.tsx'
import { CsrfInput } from './csrf-input.tsx'
import { FieldErrors, firstErrorField, TextField } from './form-fields.tsx'

/** The organisation's accounts; an administrator gets each colleague's actions. */
export function MemberTable({
  members,
  me,
  canManage,
  answer,
}: {
  members: AccountRow[]
  me: string
  canManage: boolean
  answer: unknown
}) {
  // Only the changes the rule allows get a button: the server asks the same rule again.
  const states = members.map((m) => ({ id: m.id, admin: m.admin, disabled: m.disabledAt != null }))
  const allowed = (change: MemberChange, i: number) =>
    refuseMemberChange(change, me, states[i]!, states) === null
  return (
    <AccountTable
      accounts={members}
      me={me}
      actions={
        canManage
          ? (m, i) => (
              <MemberActions
                member={m}
                allowed={(change) => allowed(change, i)}
                resetError={resetErrorFor(answer, m.id)}
              />
            )
          : undefined
      }
    />
  )
}

function ChangeButton({
  change,
  userId,
  children,
  danger,
}: {
  change: string
  userId: string
  children: React.ReactNode
  danger?: boolean
}) {
  return (
    <Form method="post">
      <CsrfInput />
      <input type="hidden" name="intent" value={change} />
      <input type="hidden" name="userId" value={userId} />
      <button type="submit" className={danger ? 'button button--danger' : 'button button--quiet'}>
        {children}
      </button>
    </Form>
  )
}

function MemberActions({
  member: m,
  allowed,
  resetError,
}: {
  member: AccountRow
  allowed: (change: MemberChange) => boolean
  resetError: string | undefined
}) {
  const whose = <span className="visually-hidden">（{m.name}）</span>
  return (
    <div className="row-actions">
      {allowed('resetPassword') ? (
        <PasswordResetForm userId={m.id} name={m.name} error={resetError} />
      ) : null}
      {allowed('restore') ? (
        <ChangeButton change="restore" userId={m.id}>
          恢复{whose}
        </ChangeButton>
      ) : null}
      {allowed('withdrawAdmin') ? (
        <ChangeButton change="withdrawAdmin" userId={m.id}>
          取消管理员{whose}
        </ChangeButton>
      ) : null}
      {allowed('grantAdmin') ? (
        <ChangeButton change="grantAdmin" userId={m.id}>
          设为管理员{whose}
        </ChangeButton>
      ) : null}
      {allowed('disable') ? (
        // Two steps, so a slip of the finger does not lock a colleague out.
        <details className="confirm-step">
          <summary className="button button--quiet">停用…{whose}</summary>
          <p>停用后{m.name}的登录会话立即失效，不能再登录；之后可以恢复。</p>
          <ChangeButton change="disable" userId={m.id} danger>
            确认停用{m.name}的账号
          </ChangeButton>
        </details>
      ) : null}
    </div>
  )
}

/** A colleague's account: name, phone, an initial password they must change, and a role. */
export function MemberAddForm({ lastResult }: { lastResult: SubmissionResult | undefined }) {
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: memberSchema }),
  })
  const first = firstErrorField(['name', 'phone', 'email', 'password'], form.allErrors)
  const admin = getInputProps(fields.admin, { type: 'checkbox' })
  return (
    <Form method="post" {...getFormProps(form)} className="stack narrow">
      <CsrfInput />
      <input type="hidden" name="intent" value="add" />
      <TextField meta={fields.name} label="姓名" required focus={first === 'name'} />
      <TextField
        meta={fields.phone}
        label="手机号"
        type="tel"
        required
        hint="本人用它登录"
        focus={first === 'phone'}
      />
      <TextField
        meta={fields.email}
        label="邮箱"
        type="email"
        hint="选填，也可用来登录"
        focus={first === 'email'}
      />
      <TextField
        meta={fields.password}
        label="初始密码"
        type="password"
        required
        hint="至少 8 位，包含字母和数字；请告知本人，其首次登录须先修改"
        autoComplete="new-password"
        focus={first === 'password'}
      />
      <div className="field">
        <label className="choice">
          <input {...admin} key={admin.key} />
          <span>
            设为账号管理员
            <small>管理员可以新增成员、停用账号和重置密码。</small>
          </span>
        </label>
        <FieldErrors id={fields.admin.errorId} errors={fields.admin.errors} />
      </div>
      <button type="submit" className="button button--primary">
        新增成员
      </button>
    </Form>
  )
}
