import { z } from 'zod'
import { isIsoDate } from '../rules/qualifications.ts'
// Types only: the rule module carries the package's whole calendar, which the browser needs not.
import type { WorkdayOverride } from '../rules/workdays.ts'

// The working-day calendar's forms, shared with the browser (Conform): no I/O here.

/** Kept in step with checkWorkdayOverride, which refuses longer names when the calendar loads. */
export const WORKDAY_NAME_MAX = 30

/** Sanity bound: the platform has no use for a calendar entry centuries away (typo guard). */
const YEAR_MIN = 2000
const YEAR_MAX = 2099

const dateSchema = z
  .string({ error: '请填写日期' })
  .trim()
  .refine(isIsoDate, '日期格式应为 YYYY-MM-DD，且须是真实存在的日期，如 2027-01-01')
  .refine((date) => {
    const year = Number(date.slice(0, 4))
    return year >= YEAR_MIN && year <= YEAR_MAX
  }, `年份应在 ${YEAR_MIN}–${YEAR_MAX} 之间`)

const nameSchema = z
  .string({ error: '请填写名称，如“元旦”或“春节调休上班”' })
  .trim()
  .min(1, '请填写名称，如“元旦”或“春节调休上班”')
  .max(WORKDAY_NAME_MAX, `名称最多 ${WORKDAY_NAME_MAX} 个字`)

const overrideKinds = ['holiday', 'workday'] as const satisfies readonly WorkdayOverride['kind'][]

export const workdayOverrideSchema = z.object({
  date: dateSchema,
  kind: z.enum(overrideKinds, { error: '请选择放假或调休上班' }),
  name: nameSchema,
})

export const workdayOverrideFormSchema = workdayOverrideSchema.extend({ intent: z.literal('set') })

/** The longest schedule one paste may hold: a year has at most 366 days. */
const BULK_MAX_ENTRIES = 400
/** A range (2027-02-06~2027-02-13) may span at most this many days. */
const RANGE_MAX_DAYS = 31

const kindWords: Record<string, WorkdayOverride['kind']> = {
  休: 'holiday',
  放假: 'holiday',
  假: 'holiday',
  休息: 'holiday',
  holiday: 'holiday',
  班: 'workday',
  上班: 'workday',
  调休上班: 'workday',
  workday: 'workday',
}

export type BulkParse =
  { ok: true; entries: WorkdayOverride[] } | { ok: false; line: number; reason: string }

function datesOf(token: string): string[] | string {
  const [first, last, extra] = token.split(/[~～至]/)
  if (extra !== undefined) return '日期范围只能写一个“~”'
  const from = dateSchema.safeParse(first)
  if (!from.success) return from.error.issues[0]!.message
  if (last === undefined) return [from.data]
  const to = dateSchema.safeParse(last)
  if (!to.success) return to.error.issues[0]!.message
  const start = Date.parse(`${from.data}T00:00:00Z`)
  const end = Date.parse(`${to.data}T00:00:00Z`)
  const days = (end - start) / 86_400_000 + 1
  if (days < 1) return '日期范围的结束日不能早于开始日'
  if (days > RANGE_MAX_DAYS) return `日期范围最长 ${RANGE_MAX_DAYS} 天`
  return Array.from({ length: days }, (_, i) =>
    new Date(start + i * 86_400_000).toISOString().slice(0, 10),
  )
}

/**
 * Reads a pasted schedule, one entry a line: `2027-01-01 休 元旦`, `2027-02-07 班 春节调休上班`,
 * or a range `2027-02-06~2027-02-13 休 春节`. Blank lines and lines starting with # are skipped.
 * The first bad line stops the parse, so nothing half-read is ever written.
 */
export function parseBulkOverrides(text: string): BulkParse {
  const entries: WorkdayOverride[] = []
  const seenOn = new Map<string, number>()
  const lines = text.split(/\r?\n/)
  for (const [index, raw] of lines.entries()) {
    const line = index + 1
    const trimmed = raw.trim()
    if (trimmed === '' || trimmed.startsWith('#')) continue
    const [dateToken = '', kindToken = '', ...nameWords] = trimmed.split(/[\s,，、]+/)
    const dates = datesOf(dateToken)
    if (typeof dates === 'string') return { ok: false, line, reason: dates }
    const kind = kindWords[kindToken.toLowerCase()]
    if (!kind)
      return {
        ok: false,
        line,
        reason: kindToken
          ? `第二项应为“休”或“班”，而不是“${kindToken}”`
          : '日期后应写“休”或“班”，再写名称',
      }
    const name = nameSchema.safeParse(nameWords.join(' '))
    if (!name.success) return { ok: false, line, reason: name.error.issues[0]!.message }
    for (const date of dates) {
      const earlier = seenOn.get(date)
      if (earlier !== undefined)
        return { ok: false, line, reason: `${date} 已在第 ${earlier} 行出现` }
      seenOn.set(date, line)
      entries.push({ date, kind, name: name.data })
    }
    if (entries.length > BULK_MAX_ENTRIES)
      return { ok: false, line, reason: `一次最多录入 ${BULK_MAX_ENTRIES} 天` }
  }
  if (entries.length === 0) return { ok: false, line: 1, reason: '没有可录入的内容' }
  return { ok: true, entries }
}

/** Formats a bulk parse failure as the message shown beside the textarea. */
export const bulkErrorMessage = (failure: { line: number; reason: string }) =>
  `第 ${failure.line} 行：${failure.reason}`

export const bulkOverridesFormSchema = z.object({
  intent: z.literal('bulk'),
  lines: z
    .string({ error: '请粘贴放假安排，每行一条' })
    .max(40_000, '内容过长，请分批录入')
    .superRefine((text, ctx) => {
      const parsed = parseBulkOverrides(text)
      if (!parsed.ok) ctx.addIssue({ code: 'custom', message: bulkErrorMessage(parsed) })
    }),
})

export const checkDateSchema = dateSchema
