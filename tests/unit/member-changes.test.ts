import { describe, expect, it } from 'vitest'
import { refuseMemberChange, type MemberState } from '../../models/rules/member-changes.ts'

const admin: MemberState = { id: 'a', admin: true, disabled: false }
const member: MemberState = { id: 'm', admin: false, disabled: false }
const stopped: MemberState = { id: 's', admin: false, disabled: true }
const stoppedAdmin: MemberState = { id: 'x', admin: true, disabled: true }

describe('what an administrator may do to a colleague', () => {
  it('never locks themself out', () => {
    expect(refuseMemberChange('disable', 'a', admin, [admin, member])).toBe('不能停用自己的账号')
    expect(refuseMemberChange('resetPassword', 'a', admin, [admin])).toMatch(/修改密码/)
  })

  it('keeps one active administrator; a stopped one does not count', () => {
    expect(refuseMemberChange('withdrawAdmin', 'a', admin, [admin, stoppedAdmin])).toBe(
      '机构至少需要一名有效的管理员',
    )
    const second = { ...member, admin: true }
    expect(refuseMemberChange('withdrawAdmin', 'a', admin, [admin, second])).toBeNull()
    expect(refuseMemberChange('withdrawAdmin', 'a', member, [admin, member])).toBe(
      '该成员不是管理员',
    )
  })

  it('moves accounts only between the states they can be in', () => {
    expect(refuseMemberChange('disable', 'a', member, [admin, member])).toBeNull()
    expect(refuseMemberChange('disable', 'a', stopped, [admin, stopped])).toBe('该成员已停用')
    expect(refuseMemberChange('restore', 'a', member, [admin, member])).toBe('该成员未被停用')
    expect(refuseMemberChange('restore', 'a', stopped, [admin, stopped])).toBeNull()
    expect(refuseMemberChange('grantAdmin', 'a', stopped, [admin, stopped])).toBe(
      '请先恢复该成员的账号',
    )
    expect(refuseMemberChange('grantAdmin', 'a', admin, [admin])).toBe('该成员已是管理员')
    expect(refuseMemberChange('resetPassword', 'a', stopped, [admin, stopped])).toBeNull()
  })
})
