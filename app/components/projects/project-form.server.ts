import { groupByCategory, listActiveServiceItems } from '#models/catalogue.ts'
import type { Database } from '#models/db/client.ts'
import { henanCities, henanCounties } from '#models/regions.ts'
import type { OptionGroup } from '../offering-fields.tsx'

/** Options for the project form's selects: items by category, counties by city. */
export async function projectFormOptions(db: Database) {
  const itemGroups: OptionGroup[] = groupByCategory(await listActiveServiceItems(db)).map(
    (group) => ({
      label: group.category,
      options: group.items.map((item) => ({
        value: item.code,
        label: `${item.name}（时限 ${item.timeLimitWorkdays} 个工作日）`,
      })),
    }),
  )
  const countyGroups: OptionGroup[] = henanCities.map((city) => ({
    label: city.name,
    options: henanCounties
      .filter((c) => c.city.code === city.code)
      .map((c) => ({ value: c.code, label: `${city.name} ${c.name}` })),
  }))
  return { itemGroups, countyGroups }
}
