import { timingSafeEqual } from 'node:crypto'
import type { AppLoadContext } from '@remix-run/node'

export const CSRF_FIELD = 'csrf'

/** Throws 403 unless the form repeats the token of the browser's CSRF cookie. */
export function requireCsrf(formData: FormData, context: AppLoadContext) {
  const sent = formData.get(CSRF_FIELD)
  const expected = context.csrfToken
  const ok =
    typeof sent === 'string' &&
    typeof expected === 'string' &&
    sent.length === expected.length &&
    timingSafeEqual(Buffer.from(sent), Buffer.from(expected))
  if (!ok) throw new Response('表单已过期或来源不明，请刷新页面后重试', { status: 403 })
}

/** Reads a POSTed form and checks its CSRF token. */
export async function readForm(request: Request, context: AppLoadContext) {
  const formData = await request.formData().catch(() => {
    throw new Response('表单内容无法解析，请返回后重新提交', { status: 400 })
  })
  requireCsrf(formData, context)
  return formData
}
