import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react'
import type { ReactNode } from 'react'
import { useNonce } from './components/nonce.tsx'
import { SiteFooter, SiteHeader } from './components/site-header.tsx'
import { countUnread } from '#models/notifications.ts'
import { getCtx } from './session.server.ts'
import stylesheet from './styles/app.css?url'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export const meta: MetaFunction = () => [{ title: '中介超市 · 中介服务网上交易平台' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await getCtx(request)
  const actor = ctx.actor
  return {
    csrfToken: context.csrfToken,
    actor: actor && {
      name: actor.name,
      role: actor.role,
      organisationName: actor.organisationName,
    },
    // Reloaded after every form post, so the header's count follows what was just read.
    unreadMessages: actor ? await countUnread(ctx) : 0,
  }
}

export type RootData = Awaited<ReturnType<typeof loader>>

export const useRootData = () => useRouteLoaderData<typeof loader>('root')

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce()
  const data = useRootData()
  return (
    <html lang="zh-CN">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          跳到正文
        </a>
        <SiteHeader
          actor={data?.actor ?? null}
          csrfToken={data?.csrfToken}
          unreadMessages={data?.unreadMessages ?? 0}
        />
        <main id="main" className="page">
          {children}
        </main>
        <SiteFooter />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

export default function App() {
  return <Outlet />
}

const statusText: Record<number, [string, string]> = {
  400: ['请求有误', '提交的内容无法处理，请检查后重试。'],
  403: ['无权访问', '您的账号没有访问此页面或执行此操作的权限。'],
  404: ['页面不存在', '您访问的页面不存在或已被移除，请检查网址。'],
  413: ['文件过大', '上传的文件过大，单个文件不能超过 10 MB。'],
  405: ['不支持的操作', '此页面不支持该请求方式。'],
  409: ['操作与当前状态不符', '项目当前的状态不允许此操作，请刷新页面查看最新进展。'],
  429: ['操作过于频繁', '请稍后再试。'],
}

export function ErrorBoundary() {
  const error = useRouteError()
  const status = isRouteErrorResponse(error) ? error.status : 500
  const [title, fallback] = statusText[status] ?? [
    '服务器出错了',
    '系统暂时无法处理您的请求，请稍后重试。',
  ]
  // A route's own Chinese message (e.g. a 403 reason) is shown; internals never are.
  const detail =
    isRouteErrorResponse(error) && typeof error.data === 'string' && status < 500
      ? error.data
      : null
  return (
    <section className="error-page" aria-labelledby="error-title">
      <p className="error-code">{status}</p>
      <h1 id="error-title">{title}</h1>
      <p>{detail || fallback}</p>
      <p>
        <a href="/">返回首页</a>
      </p>
    </section>
  )
}
