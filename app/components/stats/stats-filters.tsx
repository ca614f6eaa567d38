import { Form } from '@remix-run/react'
import type { StatsFilter } from '#models/stats-filters.ts'
import { CityFilterSelect } from '../filter-selects.tsx'

/** A plain GET form: the period and the buyer's city are in the address, with or without JS. */
export function StatsFilterForm({
  filter,
  cities,
}: {
  filter: StatsFilter
  cities: { value: string; label: string }[]
}) {
  return (
    <Form
      method="get"
      action="/stats"
      className="filters"
      key={JSON.stringify(filter)}
      role="search"
      aria-label="统计条件"
    >
      <div className="field">
        <label htmlFor="stats-from">起始月份</label>
        <input
          id="stats-from"
          name="from"
          type="month"
          defaultValue={filter.from}
          pattern="\d{4}-\d{2}"
          placeholder="2026-01"
          aria-describedby="stats-period-hint"
          required
        />
      </div>
      <div className="field">
        <label htmlFor="stats-to">截止月份</label>
        <input
          id="stats-to"
          name="to"
          type="month"
          defaultValue={filter.to}
          pattern="\d{4}-\d{2}"
          placeholder="2026-12"
          aria-describedby="stats-period-hint"
          required
        />
      </div>
      <CityFilterSelect cities={cities} value={filter.city ?? ''} label="采购人所在地区" />
      <button type="submit" className="button">
        统计
      </button>
      <a href="/stats">恢复默认</a>
      <p id="stats-period-hint" className="field__hint stats-filters__hint">
        按北京时间的自然月统计，含起止两月，最长 120 个月；月份格式如 2026-01。
      </p>
    </Form>
  )
}
