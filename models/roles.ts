import type { Role } from './db/schema.ts'

// Pure labels, safe for the browser bundle.
export const roleNames: Record<Role, string> = {
  agency: '中介机构',
  department: '政府部门',
  enterprise: '企业',
  supervisor: '监管人员',
}
