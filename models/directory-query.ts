import { z } from 'zod'

/** The directory's sort orders, in the order the form offers them. */
export const directorySorts = {
  newest: '最新入驻',
  name: '名称',
  offerings: '服务事项数',
  verified: '已核验优先',
} as const
export type DirectorySort = keyof typeof directorySorts

/** The city filter's value for organisations registered outside Henan (region_code null). */
export const OUTSIDE_HENAN = 'outside'

// A bad or stale link still shows the directory: an unreadable filter is simply dropped.
const optionalText = (max: number) =>
  z
    .string()
    .optional()
    .catch(undefined)
    .transform((v) => v?.trim().slice(0, max) || undefined)

export const directoryQuerySchema = z.object({
  item: optionalText(20),
  category: optionalText(50),
  city: z
    .string()
    .regex(/^(\d{4}|outside)$/)
    .optional()
    .catch(undefined),
  verified: z
    .string()
    .optional()
    .catch(undefined)
    .transform((v) => v === '1' || v === 'on'),
  q: optionalText(50),
  sort: z
    .enum(Object.keys(directorySorts) as [DirectorySort, ...DirectorySort[]])
    .optional()
    .catch(undefined)
    .transform((v) => v ?? 'newest'),
})

export type DirectoryQuery = z.output<typeof directoryQuerySchema>

/** Reads the filter form's GET parameters; never throws. */
export function readDirectoryQuery(params: URLSearchParams): DirectoryQuery {
  const values = Object.fromEntries(
    [...params.keys()].map((key) => [key, params.get(key) ?? undefined]),
  )
  return directoryQuerySchema.parse(values)
}
