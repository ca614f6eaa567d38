import type { SubmissionResult } from '@conform-to/react'
import { data, redirect } from '@remix-run/node'
import {
  ForbiddenError,
  NotFoundError,
  NotSignedInError,
  TooManyAttemptsError,
  ValidationError,
} from '#models/errors.ts'
import { IllegalContractTransitionError } from '#models/rules/contract-states.ts'
import { IllegalTransitionError } from '#models/rules/project-states.ts'

interface Replyable {
  reply(options?: {
    fieldErrors?: Record<string, string[]>
    formErrors?: string[]
    hideFields?: string[]
  }): SubmissionResult<string[]>
}

/**
 * Turns a model's typed error into the HTTP answer: the form again with the
 * message beside its field, or a 403/404 page. Anything else is a real 500.
 */
export function answerModelError(
  error: unknown,
  submission?: Replyable,
  hideFields: string[] = [],
) {
  if (submission && error instanceof ValidationError)
    return data(submission.reply({ fieldErrors: error.fieldErrors, hideFields }), { status: 400 })
  if (submission && error instanceof TooManyAttemptsError)
    return data(submission.reply({ formErrors: [error.message], hideFields }), {
      status: 429,
      headers: { 'Retry-After': String(Math.ceil(error.retryAfterSeconds)) },
    })
  return throwModelError(error)
}

/** For loaders: a typed model error becomes a redirect or an error page. */
export function throwModelError(error: unknown): never {
  if (error instanceof NotSignedInError) throw redirect('/signin')
  if (error instanceof ForbiddenError) throw new Response(error.message, { status: 403 })
  if (error instanceof NotFoundError) throw new Response(error.message, { status: 404 })
  if (error instanceof IllegalTransitionError || error instanceof IllegalContractTransitionError)
    throw new Response(error.message, { status: 409 })
  throw error
}
