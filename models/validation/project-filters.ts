import {
  isProjectStatus,
  type ProjectStatus,
  selectionMethods,
  type SelectionMethod,
} from '../rules/project-states.ts'

export interface ProjectFilterQuery {
  status?: ProjectStatus
  item?: string
  city?: string
  method?: SelectionMethod
}

/** Filters from a query string; unknown values are dropped (the page) or reported (the API). */
export function readProjectFilters(params: URLSearchParams): {
  query: ProjectFilterQuery
  problems: string[]
} {
  const query: ProjectFilterQuery = {}
  const problems: string[] = []
  const status = params.get('status')
  if (status) {
    if (isProjectStatus(status) && status !== 'draft') query.status = status
    else problems.push(`status 取值无效：${status}`)
  }
  const method = params.get('method')
  if (method) {
    if ((selectionMethods as readonly string[]).includes(method))
      query.method = method as SelectionMethod
    else problems.push(`method 取值无效：${method}`)
  }
  const item = params.get('item')
  if (item) {
    if (/^[A-Z]{2}-\d{3}$/.test(item)) query.item = item
    else problems.push(`item 取值无效：${item}`)
  }
  const city = params.get('city') ?? params.get('region')
  if (city) {
    if (/^\d{4}(\d{2})?$/.test(city)) query.city = city.slice(0, 4)
    else problems.push(`region 取值无效：${city}`)
  }
  return { query, problems }
}
