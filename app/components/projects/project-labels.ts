import {
  fundingSourceNames,
  type ProjectStatus,
  projectStatusNames,
  selectionMethodNames,
} from '#models/rules/project-states.ts'

export { fundingSourceNames, projectStatusNames, selectionMethodNames }

/** Badge colour per status: open for bidding, running, done, ended without award. */
export function statusBadgeClass(status: ProjectStatus): string {
  if (status === 'published') return 'badge badge--ok'
  if (status === 'failed' || status === 'cancelled') return 'badge badge--bad'
  if (status === 'draft') return 'badge'
  return 'badge badge--warn'
}
