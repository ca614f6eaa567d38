/** A project's life cycle as an explicit state machine, and who may use which selection method. */

export const projectStatuses = [
  'draft',
  'published',
  'closed',
  'opened',
  'awarded',
  'contracted',
  'delivered',
  'accepted',
  'paid',
  'evaluated',
  'failed',
  'cancelled',
] as const
export type ProjectStatus = (typeof projectStatuses)[number]

export const projectStatusNames: Record<ProjectStatus, string> = {
  draft: '草稿',
  published: '公告中',
  closed: '已截止',
  opened: '已开标',
  awarded: '已中选',
  contracted: '已签约',
  delivered: '已交付',
  accepted: '已验收',
  paid: '已支付',
  evaluated: '已评价',
  failed: '流标',
  cancelled: '已撤销',
}

/**
 * Every move a project's status may make; anything else is an IllegalTransitionError.
 *
 * - published → awarded: only a direct selection (直接选取) the chosen agency accepted;
 *   published → failed: the agency declined it. Competitive methods go through closed/opened.
 * - published → cancelled: the deadline check (before it only) is the caller's, as it needs
 *   the clock.
 * - awarded → opened: an upheld objection sends the bids back to evaluation;
 *   awarded → failed: an upheld objection that voids the procedure, which is run again.
 * - delivered → contracted: the buyer returned the delivery for rework.
 * - contracted / delivered → cancelled: the buyer ended the contract before acceptance.
 * - failed, cancelled and evaluated are final; a failed project is re-published as a new one.
 */
export const projectTransitions: Record<ProjectStatus, readonly ProjectStatus[]> = {
  draft: ['published', 'cancelled'],
  published: ['closed', 'cancelled', 'awarded', 'failed'],
  closed: ['opened'],
  opened: ['awarded', 'failed'],
  awarded: ['contracted', 'opened', 'failed'],
  contracted: ['delivered', 'cancelled'],
  delivered: ['accepted', 'contracted', 'cancelled'],
  accepted: ['paid'],
  paid: ['evaluated'],
  evaluated: [],
  failed: [],
  cancelled: [],
}

export class IllegalTransitionError extends Error {
  constructor(
    readonly from: ProjectStatus,
    readonly to: ProjectStatus,
  ) {
    super(`项目状态不能从「${projectStatusNames[from]}」变为「${projectStatusNames[to]}」`)
    this.name = 'IllegalTransitionError'
  }
}

export function canTransition(from: ProjectStatus, to: ProjectStatus): boolean {
  return projectTransitions[from].includes(to)
}

export function assertTransition(from: ProjectStatus, to: ProjectStatus): void {
  if (!canTransition(from, to)) throw new IllegalTransitionError(from, to)
}

export function isFinalStatus(status: ProjectStatus): boolean {
  return projectTransitions[status].length === 0
}

export function isProjectStatus(value: string): value is ProjectStatus {
  return (projectStatuses as readonly string[]).includes(value)
}

export const selectionMethods = ['lowest_price', 'lottery', 'scoring', 'direct'] as const
export type SelectionMethod = (typeof selectionMethods)[number]

export const selectionMethodNames: Record<SelectionMethod, string> = {
  lowest_price: '竞价选取',
  lottery: '随机抽取',
  scoring: '综合评分',
  direct: '直接选取',
}

/** Methods that need at least MIN_COMPETITIVE_BIDS valid bids or sign-ups. */
export function isCompetitiveMethod(method: SelectionMethod): boolean {
  return method !== 'direct'
}

export const fundingSources = ['budget', 'own'] as const
export type FundingSource = (typeof fundingSources)[number]

export const fundingSourceNames: Record<FundingSource, string> = {
  budget: '财政资金',
  own: '自有资金',
}

export type BuyerKind = 'department' | 'enterprise'

export type MethodAnswer = { ok: true } | { ok: false; reason: string }

/** Each kind of buyer has one source: a department spends budget money, an enterprise its own. */
export function fundingAllowed(funding: FundingSource, buyerKind: BuyerKind): MethodAnswer {
  if (buyerKind === 'department' && funding !== 'budget')
    return { ok: false, reason: '政府部门的项目资金来源为财政资金' }
  if (buyerKind === 'enterprise' && funding !== 'own')
    return { ok: false, reason: '只有政府部门的项目才能使用财政资金' }
  return { ok: true }
}

/**
 * Budget money is spent by departments only, and always competitively; an enterprise spending
 * its own money may also pick an agency directly. A department never may: that would be the
 * designation (指定) the reform forbids. Together the two rules keep direct selection away
 * from budget money.
 */
export function methodAllowed(
  method: SelectionMethod,
  funding: FundingSource,
  buyerKind: BuyerKind,
): MethodAnswer {
  if (funding === 'budget' && buyerKind !== 'department')
    return { ok: false, reason: '只有政府部门的项目才能使用财政资金' }
  if (method === 'direct' && buyerKind !== 'enterprise')
    return { ok: false, reason: '政府部门不得直接指定中介机构，请选择竞争性选取方式' }
  return { ok: true }
}

/** Statuses in which bids are taken or held, still sealed: before the opening. */
export const SEALED_STATUSES: readonly ProjectStatus[] = ['published', 'closed']

/** Statuses in which the bids have been opened and are public. */
export const OPENED_STATUSES: readonly ProjectStatus[] = [
  'opened',
  'awarded',
  'contracted',
  'delivered',
  'accepted',
  'paid',
  'evaluated',
  'failed',
]
