import { parseWithZod } from '@conform-to/zod/v4'
import { data, redirect } from '@remix-run/node'
import { ValidationError } from '#models/errors.ts'
import { passwordResetSchema } from '#models/validation/accounts.ts'
import { throwModelError } from './route-errors.server.ts'

/**
 * Runs a password reset posted by PasswordResetForm: the done page on success, or the form's
 * row again with the reason beside its field.
 */
export async function answerPasswordReset(
  formData: FormData,
  reset: (input: { userId: string; password: string }) => Promise<void>,
  doneUrl: string,
) {
  const userId = String(formData.get('userId') ?? '')
  const refused = (message: string) => data({ resetError: { userId, message } }, { status: 400 })
  const submission = parseWithZod(formData, { schema: passwordResetSchema })
  if (submission.status !== 'success')
    return refused(submission.error?.password?.[0] ?? '请填写初始密码')
  try {
    await reset(submission.value)
    return redirect(doneUrl)
  } catch (error) {
    if (error instanceof ValidationError) return refused(error.message)
    return throwModelError(error)
  }
}
