import { listActiveServiceItems } from '#models/catalogue.ts'
import type { Database } from '#models/db/client.ts'
import { henanCities, henanCounties } from '#models/regions.ts'
import type { OptionGroup } from '../offering-fields.tsx'

/** Options for the project form's selects: items by category, counties by city. */
export async function projectFormOptions(db: Database) {
  const items = await listActiveServiceItems(db)
  const byCategory = new Map<string, OptionGroup>()
  for (const item of items) {
    const group = byCategory.get(item.category) ?? { label: item.category, options: [] }
    group.options.push({
      value: item.code,
      label: `${item.name}（时限 ${item.timeLimitWorkdays} 个工作日）`,
    })
    byCategory.set(item.category, group)
  }
  const countyGroups: OptionGroup[] = henanCities.map((city) => ({
    label: city.name,
    options: henanCounties
      .filter((c) => c.city.code === city.code)
      .map((c) => ({ value: c.code, label: `${city.name} ${c.name}` })),
  }))
  return { itemGroups: [...byCategory.values()], countyGroups }
}
