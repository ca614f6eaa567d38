// How long supervisors have for each kind of work, in working days from when it reached them.
// Complaints and unanswered findings carry their own due time (set when filed); the rest are
// counted from when the item began to wait on a supervisor.

export const supervisorQueueKeys = [
  'verify',
  'objections',
  'complaints',
  'findings',
  'appeals',
  'flags',
  'inspections',
] as const
export type SupervisorQueueKey = (typeof supervisorQueueKeys)[number]

/** Working days to act on an item once it waits on a supervisor. */
export const SUPERVISOR_WORKDAYS: Record<SupervisorQueueKey, number> = {
  verify: 3, // a department cannot publish until verified
  objections: 10, // an escalated objection holds the award
  complaints: 10, // COMPLAINT_ANSWER_WORKDAYS, set on each complaint when filed
  findings: 5, // deciding on a finding the agency has replied to
  appeals: 15,
  flags: 20,
  inspections: 20, // from the draw to the recorded result
}

export interface QueueItemTimes {
  /** Its own due time, or null to count SUPERVISOR_WORKDAYS from `since`. */
  dueAt: Date | null
  since: Date
}

/** The nearest due time and how many are past it, given a way to add working days. */
export function queueDeadlines(
  items: readonly QueueItemTimes[],
  workdays: number,
  now: Date,
  addWorkdays: (from: Date, days: number) => Date,
): { nextDueAt: Date | null; overdue: number } {
  let nextDueAt: Date | null = null
  let overdue = 0
  for (const item of items) {
    const due = item.dueAt ?? addWorkdays(item.since, workdays)
    if (due < now) overdue++
    if (!nextDueAt || due < nextDueAt) nextDueAt = due
  }
  return { nextDueAt, overdue }
}
