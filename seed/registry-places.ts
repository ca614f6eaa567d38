import type { Faker } from '@faker-js/faker'
import { type City, henanCities, type Region } from '../models/regions.ts'

export interface Place {
  city: City
  county: Region
}

export const PUYANG_CODE = '4109'

/**
 * Agencies per city, roughly the 2020 census population in millions; 濮阳, where the
 * platform starts, gets the largest share (~15 %), ahead of 郑州.
 */
const cityWeights: Record<string, number> = {
  '4101': 13, // 郑州
  '4102': 4.8,
  '4103': 7.1,
  '4104': 5,
  '4105': 5.5,
  '4106': 1.6,
  '4107': 6.3,
  '4108': 3.5,
  [PUYANG_CODE]: 16,
  '4110': 4.4,
  '4111': 2.4,
  '4112': 2,
  '4113': 9.7,
  '4114': 7.8,
  '4115': 6.2,
  '4116': 9,
  '4117': 7,
  '419001': 0.7, // 济源
}

/** A development zone (开发区, 示范区…: codes xxxx7x), not a county of its own. */
export const isZone = (county: Region) => county.code[4] === '7'

// Firms sit where the clients are: urban districts first, then county-level cities.
const countyWeight = (county: Region) =>
  isZone(county) ? 1 : county.name.endsWith('区') ? 3 : county.name.endsWith('市') ? 2 : 1

const weightedCities = henanCities.map((city) => ({
  weight: cityWeights[city.code] ?? 1,
  value: city,
}))
const weightedCounties = new Map(
  henanCities.map((city) => [
    city.code,
    city.counties.map((county) => ({ weight: countyWeight(county), value: county })),
  ]),
)

export const puyang = henanCities.find((city) => city.code === PUYANG_CODE)!

/** A county in a city drawn by weight, or in `city` when given. */
export function drawPlace(f: Faker, city?: City): Place {
  const chosen = city ?? f.helpers.weightedArrayElement(weightedCities)
  return {
    city: chosen,
    county: f.helpers.weightedArrayElement(weightedCounties.get(chosen.code)!),
  }
}

/** The county code, and the city code the directory filters by: its first four digits. */
export const regionCodes = ({ county }: Place) => ({
  regionCode: county.code,
  cityCode: county.code.slice(0, 4),
})

/**
 * A place prefix as names use it: a district needs its city (濮阳市华龙区, 华龙区 alone is
 * ambiguous); a county or county-level city stands alone (清丰县, 汝州市, 济源市); a
 * development zone is no name prefix, so its city is used.
 */
export function placeName({ city, county }: Place, level: 'city' | 'county') {
  if (level === 'city' || isZone(county)) return city.name
  return county.name.endsWith('区') ? `${city.name}${county.name}` : county.name
}

/** 河南省濮阳市清丰县 — 济源市 named once. */
export const fullPlaceName = ({ city, county }: Place) =>
  `河南省${city.name}${county.code === city.code ? '' : county.name}`

const words = (text: string) => text.split(' ')

const streets = words(
  '人民路 建设路 解放路 文化路 胜利路 中原路 黄河路 长江路 工业路 振兴路 友谊路 光明路 ' +
    '迎宾大道 创业大道 科技路 健康路 朝阳路 新华路 和平路 团结路 育才路 未来大道 开发区大道 ' +
    '京开大道 开州路 龙乡路 昆吾路 中原东路 商务中心区纬一路',
)

const buildings = words(
  '财富广场 金融大厦 科技大厦 商务中心 创业中心 国际广场 恒丰大厦 万达广场 总部港 ' +
    '科创园 电子商务产业园 建业大厦 信息港',
)

/**
 * A street address in the county: 河南省濮阳市华龙区开州路 168 号科技大厦 12 层 1206 室;
 * a government office has its own compound: …人民路 26 号.
 */
export function streetAddress(f: Faker, place: Place, office = false): string {
  const street = f.helpers.arrayElement(streets)
  const number = f.number.int({ min: 1, max: 399 })
  if (office) return `${fullPlaceName(place)}${street}${number}号`
  const floor = f.number.int({ min: 2, max: 26 })
  const room = String(f.number.int({ min: 1, max: 18 })).padStart(2, '0')
  const inside = f.datatype.boolean(0.7)
    ? `${f.helpers.arrayElement(buildings)}${floor}层${floor}${room}室`
    : `${f.number.int({ min: 1, max: 12 })}号楼${f.number.int({ min: 1, max: 6 })}层`
  return `${fullPlaceName(place)}${street}${number}号${inside}`
}

// Trunk prefixes (区号); 开封 joined 郑州's 0371 in 2014, 济源 shares 焦作's 0391.
const areaCodes: Record<string, string> = {
  '4101': '0371',
  '4102': '0371',
  '4103': '0379',
  '4104': '0375',
  '4105': '0372',
  '4106': '0392',
  '4107': '0373',
  '4108': '0391',
  [PUYANG_CODE]: '0393',
  '4110': '0374',
  '4111': '0395',
  '4112': '0398',
  '4113': '0377',
  '4114': '0370',
  '4115': '0376',
  '4116': '0394',
  '4117': '0396',
  '419001': '0391',
}

/** An office landline in the city: 0393-8123456; 郑州's numbers have eight digits. */
export function landline(f: Faker, { city }: Place): string {
  const code = areaCodes[city.code] ?? '0371'
  const rest = f.string.numeric(code === '0371' ? 7 : 6)
  return `${code}-${f.number.int({ min: 2, max: 8 })}${rest}`
}
