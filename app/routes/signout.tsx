import type { ActionFunctionArgs, MetaFunction } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Form } from '@remix-run/react'
import { getDatabase } from '#models/db/client.ts'
import { endSession } from '#models/sessions.ts'
import { CsrfInput } from '../components/csrf-input.tsx'
import { readForm } from '../csrf.server.ts'
import { clearSessionCookie, readSessionId } from '../session.server.ts'

export const meta: MetaFunction = () => [{ title: '退出登录 · 中介超市' }]

export async function action({ request, context }: ActionFunctionArgs) {
  await readForm(request, context)
  const sessionId = await readSessionId(request)
  if (sessionId) await endSession(await getDatabase(), sessionId)
  return redirect('/', { headers: { 'Set-Cookie': await clearSessionCookie(request) } })
}

/** Sign-out is a POST; this page serves those who arrive by link or without JavaScript. */
export default function SignOutPage() {
  return (
    <section className="narrow">
      <h1>退出登录</h1>
      <Form method="post">
        <CsrfInput />
        <button type="submit" className="button button--primary">
          确认退出
        </button>
      </Form>
    </section>
  )
}
