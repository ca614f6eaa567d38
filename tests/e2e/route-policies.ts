/**
 * Who may do what, declared once for every route of app/routes (split by area under
 * route-policies/). The authorization matrix reads the route manifest and fails on any route
 * missing here, so a new page cannot ship without someone deciding who may see it.
 */
import { desksPolicies } from './route-policies/desks.ts'
import type { RoutePolicy } from './route-policies/helpers.ts'
import { projectsPolicies } from './route-policies/projects.ts'
import { publicPolicies } from './route-policies/public.ts'
import { supervisorPolicies } from './route-policies/supervisor.ts'

export type { Outcome, PostCheck, RoleOutcomes, RoutePolicy } from './route-policies/helpers.ts'

export const routePolicies: Record<string, RoutePolicy> = {
  ...publicPolicies,
  ...desksPolicies,
  ...projectsPolicies,
  ...supervisorPolicies,
}
