/** One thing waiting on an organisation, for its work page. */
export interface WorkItem {
  kind: string
  title: string
  detail: string
  /** When it must be done; null when no deadline applies (e.g. a delivery awaiting review). */
  dueAt: Date | null
  link: string
}

export type Urgency = 'overdue' | 'soon' | 'later'

const SOON_MS = 3 * 86_400_000

export function urgencyOf(item: WorkItem, now: Date): Urgency {
  if (!item.dueAt) return 'soon'
  if (item.dueAt < now) return 'overdue'
  return item.dueAt.getTime() - now.getTime() <= SOON_MS ? 'soon' : 'later'
}

const rank: Record<Urgency, number> = { overdue: 0, soon: 1, later: 2 }

/** Overdue first, then due within three days (and undated reviews), then the rest; by date within each. */
export function sortByUrgency(items: readonly WorkItem[], now: Date) {
  return items
    .map((item) => ({ ...item, urgency: urgencyOf(item, now) }))
    .sort(
      (a, b) =>
        rank[a.urgency] - rank[b.urgency] ||
        (a.dueAt?.getTime() ?? now.getTime()) - (b.dueAt?.getTime() ?? now.getTime()),
    )
}
