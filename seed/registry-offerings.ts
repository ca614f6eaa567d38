import type { Faker } from '@faker-js/faker'
import type { offeringCases, offerings } from '../models/db/schema.ts'
import { type CatalogueItem, catalogueItems } from './catalogue.ts'
import type { Business } from './registry-businesses.ts'
import { drawCaseAmountFen, drawFee, drawTimeLimit } from './registry-fees.ts'
import { orderedUuid } from './registry-ids.ts'
import { drawPlace, type Place, placeName } from './registry-places.ts'

type OfferingRow = typeof offerings.$inferInsert
type CaseRow = typeof offeringCases.$inferInsert

export const itemsByCode = new Map(catalogueItems.map((item) => [item.code, item]))

/** 1–6 offerings, three or four most often (fewer when the business has fewer items). */
const offeringCounts = [1, 2, 3, 4, 5, 6].map((value, i) => ({
  value,
  weight: [8, 14, 22, 24, 18, 14][i]!,
}))

/**
 * `count` items the business offers, the typical ones more often: each draw weighs the
 * remaining items by their place in the business's list.
 */
export function drawOfferedItems(f: Faker, business: Business, count?: number): CatalogueItem[] {
  const wanted = Math.min(
    count ?? f.helpers.weightedArrayElement(offeringCounts),
    business.items.length,
  )
  const remaining = [...business.items]
  const chosen: CatalogueItem[] = []
  while (chosen.length < wanted) {
    const weighted = remaining.map((code, i) => ({
      value: code,
      weight: (remaining.length - i) ** 2,
    }))
    const code = f.helpers.weightedArrayElement(weighted)
    remaining.splice(remaining.indexOf(code), 1)
    chosen.push(itemsByCode.get(code)!)
  }
  return chosen
}

// What the work involves, by catalogue category: the middle of a scope sentence.
const workByCategory: Record<string, string> = {
  生态环境: '现场调查与监测、报告编制',
  水利: '现场查勘、方案编制',
  自然资源: '外业调查（测量）、内业成果编制',
  林业: '现地调查、报告编制',
  发展改革: '资料收集与分析、报告编制',
  应急管理: '现场勘查、危险有害因素辨识、报告编制',
  卫生健康: '现场调查、检测与报告编制',
  地震: '场地勘察、地震危险性分析与报告编制',
  气象: '现场勘察、检测（评估）与报告出具',
  文物: '考古调查、钻探与勘探报告编制',
  交通: '交通调查、模型分析与报告编制',
  住房城乡建设: '现场踏勘、技术服务与成果文件编制',
  消防: '设施检测与检测报告出具',
  市场监管: '现场检验（检定）与证书出具',
  评估鉴证: '现场核查、评定估算与报告出具',
  法律服务: '法律意见出具、合同审查与风险提示',
}

const promises = [
  '成果未通过审查的免费修改至通过',
  '专家评审意见 5 个工作日内修改完毕',
  '项目负责人全程对接，进度每周书面报告',
  '可提供加急服务',
  '报价含专家评审费',
  '需要时派员驻场服务',
]

function drawScope(f: Faker, item: CatalogueItem, place: Place): string {
  const area = f.helpers.arrayElement([
    placeName(place, 'city'),
    '河南省内',
    `${placeName(place, 'city')}及周边地区`,
  ])
  const work = workByCategory[item.category] ?? '现场踏勘、成果编制'
  const promise = f.helpers.arrayElement(promises)
  return f.helpers.arrayElement([
    `承接${area}${item.name}，含${work}，配合办理${item.serves_approval}，${promise}。`,
    `提供${item.name}全过程服务：前期咨询、${work}，直至${item.serves_approval}办结；${promise}。`,
    `服务范围${area}，${work}一体化完成，${promise}。`,
  ])
}

const words = (text: string) => text.split(' ')
const projects = words(
  '年产10万吨精细化工产品项目 污水处理厂提标改造工程 城区道路改造工程 综合楼建设项目 ' +
    '50MW光伏发电项目 物流园区建设项目 安置小区建设项目 标准化厂房建设项目 中学教学楼建设项目 ' +
    '人民医院门诊楼扩建项目 天然气管网建设工程 高标准农田建设项目 黄河滩区居民迁建项目 ' +
    '羽绒制品深加工项目 家具产业园建设项目 乡村振兴示范区基础设施项目 供热管网改造工程',
)
const clientEnds = words(
  '城市建设投资有限公司 住房和城乡建设局 实业有限公司 化工有限公司 产业集聚区管理委员会 人民医院 教育局 水利局 置业有限公司',
)
const clientTrades = [...new Set('华龙恒信中原昆吾龙乡濮上开州德润豫丰天成宏达鑫源')]

/** Past work: the project in some county of Henan, for a client there. */
function drawCase(
  f: Faker,
  offeringId: string,
  item: CatalogueItem,
  { home, listedAt, today }: { home: Place; listedAt: Date; today: Date },
): CaseRow {
  const place = f.datatype.boolean(0.7) ? drawPlace(f, home.city) : drawPlace(f)
  const county = placeName(place, 'county')
  const end = f.helpers.arrayElement(clientEnds)
  const client = end.endsWith('公司')
    ? `${county}${f.helpers.arrayElements(clientTrades, 2).join('')}${end}`
    : `${county}${end}`
  const completedOn = new Date(today.getTime() - f.number.int({ min: 20, max: 1_400 }) * 86_400_000)
  return {
    offeringId,
    title: `${county}${f.helpers.arrayElement(projects)}${item.name}`,
    clientName: client,
    completedOn: completedOn.toISOString().slice(0, 10),
    amountFen: drawCaseAmountFen(f, item),
    // Work done before the listing existed was entered with it.
    createdAt: completedOn > listedAt ? completedOn : listedAt,
  }
}

export interface OfferingDraw {
  offerings: OfferingRow[]
  cases: CaseRow[]
}

/** The agency's listings for `items`, with a few past cases and a few paused. */
export function drawOfferings(
  f: Faker,
  agencyId: string,
  items: readonly CatalogueItem[],
  { place, createdAt, today }: { place: Place; createdAt: Date; today: Date },
): OfferingDraw {
  const rows: OfferingRow[] = []
  const cases: CaseRow[] = []
  for (const item of items) {
    const id = orderedUuid()
    const listedAt = new Date(
      Math.min(
        today.getTime(),
        createdAt.getTime() + f.number.int({ min: 0, max: 30 }) * 86_400_000,
      ),
    )
    rows.push({
      id,
      agencyId,
      serviceItemCode: item.code,
      ...drawFee(f, item),
      timeLimitDays: drawTimeLimit(f, item),
      scope: drawScope(f, item, place),
      pausedAt: f.datatype.boolean(0.04) ? f.date.between({ from: listedAt, to: today }) : null,
      createdAt: listedAt,
      updatedAt: listedAt,
    })
    if (f.datatype.boolean(0.3)) {
      const count = f.number.int({ min: 1, max: 3 })
      for (let i = 0; i < count; i++)
        cases.push(drawCase(f, id, item, { home: place, listedAt, today }))
    }
  }
  return { offerings: rows, cases }
}
