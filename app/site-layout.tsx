import { Outlet } from '@remix-run/react'
import { ErrorPage } from './components/error-page.tsx'

// Every page sits below this layout so that a page's error is caught here, not at the root:
// after a form post fails, Remix reloads only the routes above the boundary that caught it,
// and the root's loader (the signed-in header) must be one of them.

export default function SiteLayout() {
  return <Outlet />
}

export const ErrorBoundary = ErrorPage
