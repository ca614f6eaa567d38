import { henanCities, henanCounties } from '../models/regions.ts'

export interface Place {
  /** What may appear in a query: 濮阳市, 濮阳, 华龙区, 华龙. */
  name: string
  /** A city (4 digits) or county (6 digits) code. */
  code: string
  label: string
}

/** A short form without 市/区/县 when at least two characters remain (濮阳市 → 濮阳). */
function shortForm(name: string): string | null {
  const short = name.replace(/(市|区|县)$/, '')
  return short !== name && short.length >= 2 ? short : null
}

function placesOf(region: { code: string; name: string }): Place[] {
  const short = shortForm(region.name)
  const names = short ? [region.name, short] : [region.name]
  return names.map((name) => ({ name, code: region.code, label: region.name }))
}

// Cities first: 濮阳 names the city, not 濮阳县; a county's own name wins only when longer.
export const placeNames: readonly Place[] = [
  ...henanCities.flatMap(placesOf),
  ...henanCounties
    .filter((c) => !henanCities.some((city) => city.code === c.code))
    .flatMap(placesOf),
]

const byLength = [...placeNames].sort((a, b) => b.name.length - a.name.length)

/**
 * The first Henan place named in the query (longest name first) and the query without it.
 * A place becomes a region filter, so 濮阳 测绘 finds surveyors in 濮阳.
 */
export function extractPlace(query: string): { place: Place | null; rest: string } {
  for (const place of byLength) {
    const at = query.indexOf(place.name)
    if (at >= 0) {
      const rest = (query.slice(0, at) + ' ' + query.slice(at + place.name.length)).trim()
      return { place, rest: rest.replace(/\s+/g, ' ') }
    }
  }
  return { place: null, rest: query }
}
