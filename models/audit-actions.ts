// Pure labels for the audit log, safe for the browser bundle.
export const auditActionNames: Record<string, string> = {
  'account.signed_up': '注册',
  'account.password_changed': '修改密码',
  'account.role_granted': '授予角色',
  'account.role_revoked': '撤销角色',
  'session.signed_in': '登录',
  'session.sign_in_failed': '登录失败',
  'session.signed_out': '退出登录',
  'seed.organisation_created': '演示数据：创建机构',
}
