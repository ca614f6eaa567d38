import { OUTSIDE_HENAN } from '#models/directory-query.ts'
import type { DirectoryFilterOptions } from './agency-filters.tsx'

// Selects shared by the GET filter forms of the directory and the announcements.

export function ItemFilterSelect({
  categories,
  value,
}: {
  categories: DirectoryFilterOptions['categories']
  value?: string
}) {
  return (
    <div className="field">
      <label htmlFor="filter-item">服务事项</label>
      <select id="filter-item" name="item" defaultValue={value ?? ''}>
        <option value="">全部事项</option>
        {categories.map((category) => (
          <optgroup key={category.name} label={category.name}>
            {category.items.map((item) => (
              <option key={item.code} value={item.code}>
                {item.name}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </div>
  )
}

export function CityFilterSelect({
  cities,
  value,
  label,
  henanOnly = false,
}: {
  cities: DirectoryFilterOptions['cities']
  value?: string
  label: string
  /** Projects are always in a Henan county: 河南省外 would match none of them. */
  henanOnly?: boolean
}) {
  const choices = henanOnly ? cities.filter((city) => city.value !== OUTSIDE_HENAN) : cities
  return (
    <div className="field">
      <label htmlFor="filter-city">{label}</label>
      <select id="filter-city" name="city" defaultValue={value ?? ''}>
        <option value="">全部地区</option>
        {choices.map((city) => (
          <option key={city.value} value={city.value}>
            {city.label}
          </option>
        ))}
      </select>
    </div>
  )
}
