import { CityFilterSelect, ItemFilterSelect } from './filter-selects.tsx'
import { Form } from '@remix-run/react'
import { type DirectoryQuery, directorySorts } from '#models/directory-query.ts'

export interface DirectoryFilterOptions {
  categories: { name: string; items: { code: string; name: string }[] }[]
  cities: { value: string; label: string }[]
}

/** A plain GET form: filters and sort live in the URL, so they work without JavaScript. */
export function AgencyFilters({
  query,
  options,
}: {
  query: DirectoryQuery
  options: DirectoryFilterOptions
}) {
  // Re-mount on every new query so "清除条件" and back/forward show the URL's values.
  const key = JSON.stringify(query)
  return (
    <Form method="get" className="filters" key={key} role="search" aria-label="筛选中介机构">
      <div className="field">
        <label htmlFor="filter-q">机构名称</label>
        <input id="filter-q" name="q" type="search" defaultValue={query.q ?? ''} maxLength={50} />
      </div>
      <ItemFilterSelect categories={options.categories} value={query.item} />
      <div className="field">
        <label htmlFor="filter-category">事项类别</label>
        <select id="filter-category" name="category" defaultValue={query.category ?? ''}>
          <option value="">全部类别</option>
          {options.categories.map((category) => (
            <option key={category.name} value={category.name}>
              {category.name}
            </option>
          ))}
        </select>
      </div>
      <CityFilterSelect cities={options.cities} value={query.city} label="所在地区" />
      <div className="field">
        <label htmlFor="filter-sort">排序</label>
        <select id="filter-sort" name="sort" defaultValue={query.sort}>
          {Object.entries(directorySorts).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <label className="check-field">
        <input type="checkbox" name="verified" value="1" defaultChecked={query.verified} />
        只看已核验
      </label>
      <button type="submit" className="button button--primary">
        筛选
      </button>
      <a href="/agencies">清除条件</a>
    </Form>
  )
}
