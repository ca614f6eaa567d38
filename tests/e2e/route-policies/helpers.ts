import { randomUUID } from 'node:crypto'
import type { Role, World, WorldIds } from '../security-world.ts'
import type { FormFields } from '../web-client.ts'

/**
 * Who may do what, declared once for every route of app/routes. The authorization matrix
 * reads the route manifest and fails on any route missing here, so a new page cannot ship
 * without someone deciding who may see it.
 */

/** What a GET answers: 200, a redirect to sign in, 403, 404, 405, or a redirect elsewhere. */
export type Outcome =
  'ok' | 'signin' | 'forbidden' | 'notFound' | 'methodNotAllowed' | { redirect: string }

export type RoleOutcomes = Record<Role, Outcome>

/**
 * One POST tried by every role. The refused ones send `fields`, a valid form, so what stops
 * them is the permission check and not the form's validation: a visitor must be sent to sign
 * in, a signed-in user must get 403 or 404. The admitted ones send `admittedFields` (by
 * default the same) and must not be refused; where a real submission would change shared
 * state, they send a harmless or incomplete form instead.
 */
export interface PostCheck {
  what: string
  admitted: readonly Role[]
  path?: (ids: WorldIds) => string
  fields: (ids: WorldIds) => FormFields
  admittedFields?: (ids: WorldIds) => FormFields
  /**
   * A refusal that answers like a success but changes nothing (marking someone else's
   * message read touches no row); the matrix then checks `unchanged` instead.
   */
  silentRefusal?: { unchanged: (world: World) => Promise<boolean> }
  /** The exact status the admitted get, where it is not an ordinary page or redirect. */
  admittedStatus?: number
}

export interface RoutePolicy {
  /** A concrete URL for the route, with its parameters drawn from the world. */
  path: (ids: WorldIds) => string
  get: RoleOutcomes
  /** More samples of the same route whose answers differ, e.g. an unpublished draft. */
  variants?: { path: (ids: WorldIds) => string; get: RoleOutcomes }[]
  /** Required exactly when the route has an action. */
  post?: PostCheck[]
}

export const roleList: readonly Role[] = [
  'public',
  'agencyA',
  'agencyB',
  'department',
  'enterprise',
  'supervisor',
]

export const everyone = (outcome: Outcome): RoleOutcomes =>
  Object.fromEntries(roleList.map((r) => [r, outcome])) as RoleOutcomes

export const open = everyone('ok')
export const signedIn: RoleOutcomes = { ...everyone('ok'), public: 'signin' }
export const agencies = ['agencyA', 'agencyB'] as const
export const buyers = ['department', 'enterprise'] as const
export const organisations = [...agencies, ...buyers] as const
export const signedInRoles = [...organisations, 'supervisor'] as const

/** Those roles see the page; other signed-in users get 403, a visitor is sent to sign in. */
export function only(...roles: Role[]): RoleOutcomes {
  const outcomes = { ...everyone('forbidden' as Outcome), public: 'signin' as Outcome }
  for (const role of roles) outcomes[role] = 'ok'
  return outcomes
}

export const fixed = (path: string) => () => path

/** An unpublished draft exists for its buyer only: everyone else is told there is no such page. */
export const draftOnly: RoleOutcomes = { ...everyone('notFound'), department: 'ok' }
export const draftOf = (page: string) => ({
  path: (ids: WorldIds) => `/projects/${ids.draftProject}${page}`,
  get: draftOnly,
})
export const anId = () => randomUUID()

/** The supervisor-only pages: the same rule for every one of them. */
export const supervisorOnly = only('supervisor')

export function projectFields(): Record<string, string> {
  return {
    serviceItemCode: 'SI-002',
    title: '某工业园区污水管网工程环境影响报告表编制',
    scope: '编制建设项目环境影响报告表，配合完成技术审查与报批。',
    regionCode: '410902',
    budgetCap: '60000',
    funding: 'budget',
    method: 'lowest_price',
    deadline: '2099-12-01T10:00',
    publicityWorkdays: '3',
    abnormalLowPercent: '70',
    intent: 'draft',
  }
}

export function serviceItemFields(): Record<string, string> {
  return {
    code: 'SI-999',
    name: '冒充监管人员新增的事项',
    category: '生态环境',
    department: '生态环境局',
    servesApproval: '建设项目环境影响评价审批',
    legalBasis: '《中华人民共和国环境影响评价法》',
    feeType: '市场调节价',
    feeStandard: '按合同约定',
    timeLimitWorkdays: '20',
    conditions: '具备相应能力',
    workflow: '受理、编制、提交',
  }
}
