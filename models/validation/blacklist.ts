import { z } from 'zod'
import { isUuid, text, typedNumberField } from './registry.ts'

// Blacklist (失信名单) forms and the public list's filters, shared with the browser: no I/O.

export const BLACKLIST_MIN_MONTHS = 1
export const BLACKLIST_MAX_MONTHS = 36

/** A supervisor's own decision to blacklist an agency; the reason is published. */
export const blacklistAgencySchema = z.object({
  intent: z.literal('blacklist'),
  agencyId: z.string({ error: '请选择机构' }).refine(isUuid, '该机构不存在'),
  reason: text('列入理由', 5, 500),
  months: typedNumberField(
    z.coerce
      .number({ error: '请填写期限（月）' })
      .int('期限须为整数个月')
      .min(BLACKLIST_MIN_MONTHS, `期限至少 ${BLACKLIST_MIN_MONTHS} 个月`)
      .max(BLACKLIST_MAX_MONTHS, `期限最多 ${BLACKLIST_MAX_MONTHS} 个月`),
  ),
  /**
   * Listing an agency already listed is a further breach that counts towards removal (清退);
   * the box says so on purpose. An unchecked box sends nothing; Conform reads 'on' as true.
   */
  again: z.boolean().default(false),
})
export type BlacklistAgencyForm = z.output<typeof blacklistAgencySchema>

/** Ending an entry before its term, e.g. the finding behind it was overturned. */
export const liftBlacklistSchema = z.object({
  intent: z.literal('lift'),
  entryId: z.string({ error: '该失信记录不存在' }).refine(isUuid, '该失信记录不存在'),
  reason: text('提前移出的理由', 5, 500),
})
export type LiftBlacklistForm = z.output<typeof liftBlacklistSchema>

export const blacklistTabs = {
  current: '当前名单',
  ended: '已期满或提前移出',
  exits: '清退出市场',
} as const
export type BlacklistTab = keyof typeof blacklistTabs

/** The public page's GET parameters; a bad or stale link still shows the list. */
export function readBlacklistQuery(params: URLSearchParams) {
  const tab = params.get('tab')
  const n = Number(params.get('page'))
  return {
    tab: (tab && tab in blacklistTabs ? tab : 'current') as BlacklistTab,
    q: (params.get('q') ?? '').trim().slice(0, 50),
    page: Number.isInteger(n) && n >= 1 ? Math.min(n, 10_000) : 1,
  }
}
export type BlacklistQuery = ReturnType<typeof readBlacklistQuery>
