import { sql } from 'drizzle-orm'
import { platformNow } from './clock.ts'
import { type Ctx, requireRole } from './context.ts'
import { selectRows } from '../search/raw-sql.ts'
import {
  queueDeadlines,
  SUPERVISOR_WORKDAYS,
  type SupervisorQueueKey,
} from './rules/supervision.ts'
import { loadWorkdayCalendar } from './workday-calendar.ts'

export interface SupervisorQueue {
  key: SupervisorQueueKey
  name: string
  link: string
  open: number
  /** The nearest deadline among the open items. */
  nextDueAt: Date | null
  overdue: number
}

const queueInfo: Record<SupervisorQueueKey, { name: string; link: string }> = {
  verify: { name: '单位核验', link: '/supervisor/organisations?tab=departments' },
  objections: { name: '质疑裁决', link: '/supervisor/objections' },
  complaints: { name: '投诉处理', link: '/supervisor/complaints' },
  findings: { name: '认定待生效', link: '/supervisor/findings' },
  appeals: { name: '信用申诉', link: '/supervisor/findings#appeals' },
  flags: { name: '串通筛查线索', link: '/supervisor/flags' },
  inspections: { name: '双随机抽查待录入结果', link: '/supervisor/inspections' },
}

interface OpenItem extends Record<string, unknown> {
  queue: SupervisorQueueKey
  due_at: string | null
  since: string
}

/**
 * Every queue a supervisor works through: how many items wait, the nearest deadline and how
 * many are past it. Open items are few (they are worked off), so one statement lists their
 * times and the working-day arithmetic is done here with the platform's calendar.
 */
export async function getSupervisorQueues(ctx: Ctx): Promise<SupervisorQueue[]> {
  requireRole(ctx, 'supervisor')
  const [now, calendar, items] = await Promise.all([
    platformNow(ctx.db),
    loadWorkdayCalendar(ctx.db),
    selectRows<OpenItem>(
      ctx.db,
      sql`
      select 'verify'::text as queue, null::timestamptz as due_at, created_at as since
        from organisations
        where verified_at is null and kind = 'department'
      union all
      select 'objections', null, escalated_at from objections
        where escalated_at is not null and ruled_at is null and closed_at is null
      union all
      select 'complaints', answer_due_at, filed_at from complaints where answered_at is null
      union all
      -- a finding waits on a supervisor only once the agency has replied; until then its
      -- reply window is the deadline
      select 'findings', case when reply is null then reply_due_at end, coalesce(replied_at, occurred_at)
        from credit_records where status = 'pending'
      union all
      select 'appeals', null, filed_at from credit_appeals where decided_at is null
      union all
      select 'flags', null, created_at from collusion_flags where status = 'open'
      union all
      select 'inspections', null, p.drawn_at from inspection_tasks t
        join inspection_plans p on p.id = t.plan_id
        where t.result is null and p.drawn_at is not null`,
    ),
  ])
  const addWorkdays = (from: Date, days: number) => calendar.addWorkdays(from, days)
  return (Object.keys(queueInfo) as SupervisorQueueKey[]).map((key) => {
    const open = items
      .filter((i) => i.queue === key)
      .map((i) => ({ dueAt: i.due_at ? new Date(i.due_at) : null, since: new Date(i.since) }))
    return {
      key,
      ...queueInfo[key],
      open: open.length,
      ...queueDeadlines(open, SUPERVISOR_WORKDAYS[key], now, addWorkdays),
    }
  })
}
