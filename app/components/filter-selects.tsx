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
}: {
  cities: DirectoryFilterOptions['cities']
  value?: string
  label: string
}) {
  return (
    <div className="field">
      <label htmlFor="filter-city">{label}</label>
      <select id="filter-city" name="city" defaultValue={value ?? ''}>
        <option value="">全部地区</option>
        {cities.map((city) => (
          <option key={city.value} value={city.value}>
            {city.label}
          </option>
        ))}
      </select>
    </div>
  )
}
