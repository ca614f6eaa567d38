/** What an organisation's account administrator may do to a colleague's account. */
export const memberChanges = [
  'disable',
  'restore',
  'resetPassword',
  'grantAdmin',
  'withdrawAdmin',
] as const
export type MemberChange = (typeof memberChanges)[number]

export interface MemberState {
  id: string
  admin: boolean
  disabled: boolean
}

/**
 * Why `change` may not be made to `target`, or null when it may. `members` is the whole
 * organisation, so the rule can keep one active administrator: an organisation without one
 * could only be managed again through a supervisor.
 */
export function refuseMemberChange(
  change: MemberChange,
  actorId: string,
  target: MemberState,
  members: readonly MemberState[],
): string | null {
  const self = target.id === actorId
  const otherActiveAdmins = members.filter((m) => m.admin && !m.disabled && m.id !== target.id)
  switch (change) {
    case 'disable':
      if (self) return '不能停用自己的账号'
      return target.disabled ? '该成员已停用' : null
    case 'restore':
      return target.disabled ? null : '该成员未被停用'
    case 'resetPassword':
      return self ? '自己的密码请在“修改密码”中修改' : null
    case 'grantAdmin':
      if (target.disabled) return '请先恢复该成员的账号'
      return target.admin ? '该成员已是管理员' : null
    case 'withdrawAdmin':
      if (!target.admin) return '该成员不是管理员'
      return otherActiveAdmins.length === 0 ? '机构至少需要一名有效的管理员' : null
  }
}
