import { type ContractStatus, contractStatuses } from '../rules/contract-states.ts'

// The public contract list's GET parameters (/contracts and /contracts.csv), no I/O.

export interface ContractFilterQuery {
  item?: string
  /** The project's city: four digits (a county code is read as its city). */
  city?: string
  /** Part of the buyer's or the agency's name. */
  q?: string
  status?: ContractStatus
  /** Beijing days, inclusive: contracts drawn up from `from` to `to`. */
  from?: string
  to?: string
}

export const CONTRACT_QUERY_MAX_LENGTH = 50

const isDay = (text: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false
  const date = new Date(`${text}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text
}

/**
 * Filters from a query string. Like the other public lists, the page and the CSV drop a
 * value they cannot read (and list it in `problems`) rather than answer an error.
 */
export function readContractFilters(params: URLSearchParams): {
  query: ContractFilterQuery
  problems: string[]
} {
  const query: ContractFilterQuery = {}
  const problems: string[] = []
  const item = params.get('item')?.trim()
  if (item) {
    if (/^[A-Z]{2}-\d{3}$/.test(item)) query.item = item
    else problems.push(`服务事项「${item}」无效`)
  }
  const city = (params.get('city') ?? params.get('region'))?.trim()
  if (city) {
    if (/^\d{4}(\d{2})?$/.test(city)) query.city = city.slice(0, 4)
    else problems.push(`地区「${city}」无效`)
  }
  const q = params.get('q')?.trim()
  if (q) query.q = q.slice(0, CONTRACT_QUERY_MAX_LENGTH)
  const status = params.get('status')?.trim()
  if (status) {
    if ((contractStatuses as readonly string[]).includes(status))
      query.status = status as ContractStatus
    else problems.push(`合同状态「${status}」无效`)
  }
  for (const [name, label] of [
    ['from', '起始日期'],
    ['to', '截止日期'],
  ] as const) {
    const value = params.get(name)?.trim()
    if (!value) continue
    if (isDay(value)) query[name] = value
    else problems.push(`${label}「${value}」无效，应为“年-月-日”，如 2026-11-01`)
  }
  if (query.from && query.to && query.from > query.to) {
    problems.push('起始日期晚于截止日期，已忽略日期条件')
    delete query.from
    delete query.to
  }
  return { query, problems }
}

/** The query string that reproduces a filter (the CSV link, the pages). */
export function contractFilterSearch(query: ContractFilterQuery): string {
  const params = new URLSearchParams()
  for (const key of ['item', 'city', 'q', 'status', 'from', 'to'] as const) {
    const value = query[key]
    if (value) params.set(key, value)
  }
  const text = params.toString()
  return text ? `?${text}` : ''
}
