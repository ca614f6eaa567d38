import { cityNameOfCityCode } from '#models/regions.ts'
import {
  type InspectionPlanStatus,
  type InspectionResult,
  inspectionResultNames,
} from '#models/validation/inspections.ts'

export { inspectionPlanStatusNames, inspectionResultNames } from '#models/validation/inspections.ts'

export function planStatusBadgeClass(status: InspectionPlanStatus): string {
  return status === 'completed'
    ? 'badge badge--ok'
    : status === 'drawn'
      ? 'badge badge--warn'
      : 'badge'
}

export function resultBadge(result: InspectionResult | null) {
  if (!result) return { className: 'badge', label: '待检查' }
  const className =
    result === 'compliant'
      ? 'badge badge--ok'
      : result === 'minor'
        ? 'badge badge--warn'
        : 'badge badge--bad'
  return { className, label: inspectionResultNames[result] }
}

/** '事项 SI-002、SI-003；地市 濮阳市' — the population rule in one line; empty means any. */
export function populationSummary(population: {
  itemCodes: string[]
  categories: string[]
  cityCodes: string[]
}): string {
  const parts = [
    population.itemCodes.length ? `事项 ${population.itemCodes.join('、')}` : null,
    population.categories.length ? `类别 ${population.categories.join('、')}` : null,
  ].filter(Boolean)
  const offered = parts.length ? parts.join(' 或 ') : '全部事项'
  const cities = population.cityCodes.length
    ? population.cityCodes.map((c) => cityNameOfCityCode(c) ?? c).join('、')
    : '全部地区'
  return `${offered}；${cities}`
}
