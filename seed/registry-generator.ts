import { base, Faker, zh_CN } from '@faker-js/faker'
import type { OrganisationKind } from '../models/db/schema.ts'
import { composeUscc } from '../models/rules/uscc.ts'
import { fakePhone } from './factories.ts'
import { type Place, placeName } from './registry-places.ts'

// Characters common in Chinese trade names (字号); two make one.
const TRADE_NAME_CHARACTERS = [
  ...new Set(
    '华信诚达恒泰正源中联新宏盛兴鼎博安康建远通明德天润豫嘉宇鑫昌瑞丰卓智创合和立汇金科海弘方圆广元融晟誉锦航隆腾佳',
  ),
]

const words = (text: string) => text.split(' ')

export const enterpriseBusinesses = words(
  '实业有限公司 置业有限公司 化工有限公司 食品有限公司 新能源科技有限公司 建材有限公司 ' +
    '物流有限公司 纺织有限公司 机械制造有限公司 农业开发有限公司 房地产开发有限公司 医药有限公司',
)

// The departments that commission the catalogue's items, in their official long form.
export const departmentNames = words(
  '发展和改革委员会 自然资源和规划局 生态环境局 住房和城乡建设局 水利局 交通运输局 ' +
    '应急管理局 卫生健康委员会 市场监督管理局 林业局 气象局 文物局 财政局',
)

/** The catalogue's short name for a department's approval authority (服务事项的审批部门). */
function approvalAuthorityOf(longName: string): string {
  const short: Record<string, string> = {
    发展和改革委员会: '发展改革委',
    自然资源和规划局: '自然资源局',
    住房和城乡建设局: '住房城乡建设局',
    卫生健康委员会: '卫生健康委',
  }
  return short[longName] ?? longName
}

// Common surnames, most common first (each listed as often as its rough weight), so names
// read like a Henan staff list rather than a roll of rare surnames.
const SURNAMES = [
  ...'王王王王王王李李李李李李张张张张张张刘刘刘刘刘陈陈陈陈杨杨杨杨赵赵赵郭郭郭',
  ...'黄黄吴吴周周徐徐孙孙马马朱朱胡胡高高何何罗罗郑郑梁梁宋宋谢谢韩韩冯冯',
  ...'唐许邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石',
  ...'贾夏付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶贺顾毛郝龚邵万钱严武戴孔常牛',
]

const mailDomains = words('163.com 126.com qq.com sina.com foxmail.com')

const DAY = 86_400_000

const USCC_SERIAL_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'

/**
 * The seeded random source and the registers that must stay unique (USCCs, phones,
 * names). Everything but IDs and demo passwords follows from the seed.
 */
export class DemoGenerator {
  readonly faker = new Faker({ locale: [zh_CN, base] })
  private readonly usedUsccs = new Set<string>()
  private readonly usedPhones = new Set<string>()
  private readonly usedNames = new Set<string>()

  constructor(seed: number) {
    this.faker.seed(seed)
  }

  personName() {
    return `${this.faker.helpers.arrayElement(SURNAMES)}${this.faker.person.firstName()}`
  }

  phone() {
    return unique(this.usedPhones, () => fakePhone(this.faker))
  }

  email() {
    const f = this.faker
    if (f.datatype.boolean(0.3))
      return `${f.string.numeric({ length: { min: 6, max: 10 }, allowLeadingZeros: false })}@qq.com`
    const letters = f.string.alpha({ length: { min: 3, max: 8 }, casing: 'lower' })
    return `${letters}${f.datatype.boolean(0.5) ? f.string.numeric(f.number.int({ min: 2, max: 4 })) : ''}@${f.helpers.arrayElement(mailDomains)}`
  }

  /**
   * Companies register with 市场监管 (9 1, serial MA…); government bodies with 编制 (1 1);
   * law firms with 司法行政 (3 1).
   */
  uscc(kind: OrganisationKind, region: string, lawFirm = false) {
    const f = this.faker
    return unique(this.usedUsccs, () =>
      kind === 'department'
        ? composeUscc('1', '1', region, f.string.numeric(8))
        : lawFirm
          ? composeUscc(
              '3',
              '1',
              region,
              `${f.string.numeric(7)}${f.string.fromCharacters(USCC_SERIAL_ALPHABET, 1)}`,
            )
          : composeUscc('9', '1', region, `MA${f.string.fromCharacters(USCC_SERIAL_ALPHABET, 6)}`),
    )
  }

  /** A company's name: a place (county, city or the province), a 字号 and its business. */
  companyName(place: Place, business: string) {
    const f = this.faker
    return this.uniqueName(() => {
      const trade = f.helpers.arrayElements(TRADE_NAME_CHARACTERS, 2).join('')
      const prefix = f.helpers.weightedArrayElement([
        { weight: 6, value: placeName(place, 'county') },
        { weight: 3, value: placeName(place, 'city') },
        { weight: 1, value: '河南' },
      ])
      return `${prefix}${trade}${business}`
    })
  }

  /** A department at city level (seated in the city's first district) or in a county. */
  department(
    place: Place,
    atCity: boolean,
  ): { name: string; place: Place; approvalAuthority: string } {
    const f = this.faker
    const seat = atCity ? { city: place.city, county: place.city.counties[0]! } : place
    let kind = ''
    const name = this.uniqueName(() => {
      kind = f.helpers.arrayElement(departmentNames)
      return `${placeName(seat, atCity ? 'city' : 'county')}${kind}`
    })
    return { name, place: seat, approvalAuthority: approvalAuthorityOf(kind) }
  }

  /** A day in the three years before `before` (default: today). */
  registeredAt(today: Date, before = today) {
    return this.faker.date.between({ from: new Date(today.getTime() - 3 * 365 * DAY), to: before })
  }

  // Names are not unique in law across regions, so after a few tries a repeat is accepted.
  private uniqueName(draw: () => string) {
    let name = draw()
    for (let i = 1; this.usedNames.has(name) && i < 20; i++) name = draw()
    this.usedNames.add(name)
    return name
  }
}

function unique(used: Set<string>, draw: () => string): string {
  let value = draw()
  while (used.has(value)) value = draw()
  used.add(value)
  return value
}
