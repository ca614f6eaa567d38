import { Form } from '@remix-run/react'
import { CsrfInput } from './csrf-input.tsx'
import { FieldErrors } from './form-fields.tsx'

/**
 * Sets an initial password for someone who forgot theirs: used by an organisation's account
 * administrator and by supervisors. Two steps, like every change that locks a person out.
 */
export function PasswordResetForm({
  userId,
  name,
  error,
}: {
  userId: string
  name: string
  /** The server's refusal for this person, shown beside the field and keeping it open. */
  error?: string | undefined
}) {
  const inputId = `reset-${userId}`
  const errorId = `${inputId}-error`
  return (
    <details className="confirm-step" open={Boolean(error)}>
      <summary className="button button--quiet">
        重置密码…<span className="visually-hidden">（{name}）</span>
      </summary>
      <Form method="post" className="stack">
        <CsrfInput />
        <input type="hidden" name="intent" value="resetPassword" />
        <input type="hidden" name="userId" value={userId} />
        <div className={error ? 'field field--invalid' : 'field'}>
          <label htmlFor={inputId}>{name}的初始密码</label>
          <p id={`${inputId}-hint`} className="field__hint">
            至少 8 位，包含字母和数字。其现有登录立即失效，下次登录须先改密码。
          </p>
          <input
            id={inputId}
            name="password"
            type="password"
            autoComplete="new-password"
            required
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${inputId}-hint ${errorId}` : `${inputId}-hint`}
            autoFocus={Boolean(error)}
          />
          <FieldErrors id={errorId} errors={error ? [error] : undefined} />
        </div>
        <button type="submit" className="button button--danger">
          确认重置{name}的密码
        </button>
      </Form>
    </details>
  )
}

/** Reads a reset's refusal from an action's answer, for the row it belongs to. */
export function resetErrorFor(answer: unknown, userId: string): string | undefined {
  if (!answer || typeof answer !== 'object' || !('resetError' in answer)) return undefined
  const { resetError } = answer as { resetError: { userId: string; message: string } }
  return resetError.userId === userId ? resetError.message : undefined
}
