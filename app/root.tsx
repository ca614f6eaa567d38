import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteLoaderData,
} from '@remix-run/react'
import type { ReactNode } from 'react'
import { ErrorPage } from './components/error-page.tsx'
import { useNonce } from './components/nonce.tsx'
import { SiteFooter, SiteHeader } from './components/site-header.tsx'
import { SubmitGuard } from './components/submit-guard.tsx'
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
        <SubmitGuard />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

export default function App() {
  return <Outlet />
}

// Only the root's own loader failing lands here; pages' errors stop at site-layout.tsx.
export const ErrorBoundary = ErrorPage
