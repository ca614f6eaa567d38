import { flatRoutes } from '@remix-run/fs-routes'
import { layout, type RouteConfig } from '@remix-run/route-config'

export default flatRoutes().then((pages) => [
  layout('site-layout.tsx', pages),
]) satisfies RouteConfig
