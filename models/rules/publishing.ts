/** What the rule needs to know about a would-be buyer. */
export interface PublishingOrganisation {
  kind: 'agency' | 'department' | 'enterprise'
  verifiedAt: Date | string | null
  suspendedAt: Date | string | null
}

export type PublishingAnswer = { ok: true } | { ok: false; reason: string }

/**
 * Who may publish project requests: an enterprise at once; a department, which spends
 * budget money, only once a supervisor has verified it; an agency never, as agencies sell
 * rather than buy; a suspended organisation never.
 */
export function canPublishProjects(org: PublishingOrganisation): PublishingAnswer {
  if (org.suspendedAt) return { ok: false, reason: '本单位已被监管人员暂停，暂停期间不能发布项目' }
  if (org.kind === 'agency') return { ok: false, reason: '中介机构不能发布采购项目' }
  if (org.kind === 'department' && !org.verifiedAt)
    return { ok: false, reason: '政府部门账号须经监管人员核验后才能发布项目，请耐心等待核验' }
  return { ok: true }
}
