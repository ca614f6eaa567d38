import { randomBytes, randomUUID } from 'node:crypto'
import { base, Faker, zh_CN } from '@faker-js/faker'
import { createSupervisor } from '../models/accounts.ts'
import { appendAuditEvent } from '../models/audit.ts'
import type { Database } from '../models/db/client.ts'
import { type OrganisationKind, organisations, type Role, users } from '../models/db/schema.ts'
import { inTransaction } from '../models/db/transaction.ts'
import { hashPassword } from '../models/passwords.ts'
import { composeUscc } from '../models/rules/uscc.ts'
import { fakePhone } from './factories.ts'
import { type City, henanCounties, type Region } from '../models/regions.ts'

export interface DemoCounts {
  agencies: number
  departments: number
  enterprises: number
}

export const defaultDemoCounts: DemoCounts = { agencies: 200, departments: 20, enterprises: 30 }

export interface SeedDemoOptions extends Partial<DemoCounts> {
  seed: number
  /** Called after each batch with organisations written so far and the total. */
  onProgress?: (done: number, total: number) => void
}

export interface DemoAccount {
  role: Role
  login: string
  password: string
  organisationName: string | null
}

// 500 organisations (and their users) per insert and per transaction: few round trips,
// well under PostgreSQL's 65,535 bind parameters, and no transaction grows huge.
const BATCH_SIZE = 500

// Characters common in Chinese trade names (字号); two make one.
const TRADE_NAME_CHARACTERS = [
  ...new Set(
    '华信诚达恒泰正源中联新宏盛兴鼎博安康建远通明德天润豫嘉宇鑫昌瑞丰卓智创合和立汇金科海弘方圆广元融晟誉锦航隆腾佳',
  ),
]

// Space-separated word lists: compact to read and easy to extend.
const words = (text: string) => text.split(' ')

const agencyBusinesses = words(
  '工程咨询有限公司 环境科技有限公司 测绘地理信息有限公司 资产评估有限公司 工程造价咨询有限公司 ' +
    '建筑设计研究院有限公司 检测技术有限公司 安全评价有限公司 水利勘测设计有限公司 ' +
    '土地规划咨询有限公司 招标代理有限公司 工程监理有限公司 节能技术服务有限公司 ' +
    '地质勘查有限公司 防雷技术服务有限公司 会计师事务所有限公司',
)

const enterpriseBusinesses = words(
  '实业有限公司 置业有限公司 化工有限公司 食品有限公司 新能源科技有限公司 建材有限公司 ' +
    '物流有限公司 纺织有限公司 机械制造有限公司 农业开发有限公司 房地产开发有限公司 医药有限公司',
)

// The departments that commission the catalogue's items, in their official long form.
const departmentNames = words(
  '发展和改革委员会 自然资源和规划局 生态环境局 住房和城乡建设局 水利局 交通运输局 ' +
    '应急管理局 卫生健康委员会 市场监督管理局 林业局 气象局 文物局 财政局',
)

interface Place {
  city: City
  county: Region
}

/**
 * A place prefix as names use it: a district needs its city (濮阳市华龙区, 华龙区 alone is
 * ambiguous); a county or county-level city stands alone (清丰县, 汝州市, 济源市).
 */
function placeName({ city, county }: Place, level: 'city' | 'county') {
  if (level === 'city') return city.name
  return county.name.endsWith('区') ? `${city.name}${county.name}` : county.name
}

/** Demo data generator: everything but IDs and demo passwords follows from the seed. */
class DemoGenerator {
  private readonly faker = new Faker({ locale: [zh_CN, base] })
  private readonly usedUsccs = new Set<string>()
  private readonly usedPhones = new Set<string>()
  private readonly usedNames = new Set<string>()

  constructor(seed: number) {
    this.faker.seed(seed)
  }

  personName() {
    return `${this.faker.person.lastName()}${this.faker.person.firstName()}`
  }

  phone() {
    return unique(this.usedPhones, () => fakePhone(this.faker))
  }

  /** Companies register with 市场监管 (9 1, serial MA…); government bodies with 编制 (1 1). */
  uscc(kind: OrganisationKind, region: string) {
    const pick = (n: number) =>
      this.faker.string.fromCharacters('0123456789ABCDEFGHJKLMNPQRTUWXY', n)
    return unique(this.usedUsccs, () =>
      kind === 'department'
        ? composeUscc('1', '1', region, this.faker.string.numeric(8))
        : composeUscc('9', '1', region, `MA${pick(6)}`),
    )
  }

  /** A name and the county it is registered in; a city's department sits in its first district. */
  organisation(kind: OrganisationKind): { name: string; region: string } {
    const f = this.faker
    const draw = () => {
      const { city, ...county } = f.helpers.arrayElement(henanCounties)
      const place = { city, county }
      if (kind === 'department') {
        const atCity = f.datatype.boolean(0.6)
        const department = f.helpers.arrayElement(departmentNames)
        const name = `${placeName(place, atCity ? 'city' : 'county')}${department}`
        return { name, region: atCity ? city.counties[0]!.code : county.code }
      }
      const trade = f.helpers.arrayElements(TRADE_NAME_CHARACTERS, 2).join('')
      const business = f.helpers.arrayElement(
        kind === 'agency' ? agencyBusinesses : enterpriseBusinesses,
      )
      const prefix = f.helpers.weightedArrayElement([
        { weight: 6, value: placeName(place, 'county') },
        { weight: 3, value: placeName(place, 'city') },
        { weight: 1, value: '河南' },
      ])
      return { name: `${prefix}${trade}${business}`, region: county.code }
    }
    // Names are not unique in law across regions, so after a few tries a repeat is accepted.
    let drawn = draw()
    for (let i = 1; this.usedNames.has(drawn.name) && i < 20; i++) drawn = draw()
    this.usedNames.add(drawn.name)
    return drawn
  }

  registeredAt() {
    return this.faker.date.past({ years: 3 })
  }

  usersPerOrganisation(kind: OrganisationKind) {
    return kind === 'enterprise' ? 1 : this.faker.number.int({ min: 1, max: 2 })
  }
}

function unique(used: Set<string>, draw: () => string): string {
  let value = draw()
  while (used.has(value)) value = draw()
  used.add(value)
  return value
}

const PASSWORD_LETTERS = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ'
const PASSWORD_DIGITS = '23456789'

/** Draws from node:crypto, never from the seed, so knowing the seed gives no password away. */
function randomCharacters(alphabet: string, length: number) {
  let out = ''
  const limit = 256 - (256 % alphabet.length) // rejects bytes that would bias the choice
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < limit && out.length < length) out += alphabet[byte % alphabet.length]
    }
  }
  return out
}

export function demoPassword() {
  return `${randomCharacters(PASSWORD_LETTERS, 8)}${randomCharacters(PASSWORD_DIGITS, 4)}`
}

const kindsInOrder: OrganisationKind[] = ['department', 'enterprise', 'agency']
const countOf = (counts: DemoCounts, kind: OrganisationKind) =>
  ({ agency: counts.agencies, department: counts.departments, enterprise: counts.enterprises })[
    kind
  ]

/**
 * Fills the database with organisations and users for a demo. The first organisation of
 * each kind gets the demo user; bulk users share one hash of a password nobody knows.
 */
export async function seedDemo(db: Database, options: SeedDemoOptions): Promise<DemoAccount[]> {
  const counts: DemoCounts = { ...defaultDemoCounts, ...withoutUndefined(options) }
  for (const kind of kindsInOrder) {
    const n = countOf(counts, kind)
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`${kind} count must be ≥ 1, got ${n}`)
  }
  const generator = new DemoGenerator(options.seed)
  const passwords = {
    agency: demoPassword(),
    department: demoPassword(),
    enterprise: demoPassword(),
    supervisor: demoPassword(),
  }
  // bcrypt-12 costs ~170 ms: five hashes in all, run side by side on libuv's threads.
  const [bulkHash, agencyHash, departmentHash, enterpriseHash] = await Promise.all([
    hashPassword(randomBytes(32).toString('base64url')),
    hashPassword(passwords.agency),
    hashPassword(passwords.department),
    hashPassword(passwords.enterprise),
  ])
  const demoHashes = { agency: agencyHash, department: departmentHash, enterprise: enterpriseHash }

  const supervisor = { name: generator.personName(), phone: generator.phone() }
  await createSupervisor(db, { ...supervisor, password: passwords.supervisor }, null)
  const accounts: DemoAccount[] = []

  const total = counts.agencies + counts.departments + counts.enterprises
  let done = 0
  options.onProgress?.(done, total)
  for (const kind of kindsInOrder) {
    const count = countOf(counts, kind)
    for (let start = 0; start < count; start += BATCH_SIZE) {
      const size = Math.min(BATCH_SIZE, count - start)
      const orgRows: (typeof organisations.$inferInsert)[] = []
      const userRows: (typeof users.$inferInsert)[] = []
      for (let i = 0; i < size; i++) {
        const { name, region } = generator.organisation(kind)
        const createdAt = generator.registeredAt()
        const organisation = {
          id: randomUUID(),
          kind,
          name,
          uscc: generator.uscc(kind, region),
          // Seeded departments count as verified by a supervisor, so they can publish.
          verifiedAt: kind === 'department' ? new Date() : null,
          createdAt,
        }
        orgRows.push(organisation)
        const isDemo = start + i === 0
        const userCount = generator.usersPerOrganisation(kind)
        for (let u = 0; u < userCount; u++) {
          const phone = generator.phone()
          const demoUser = isDemo && u === 0
          userRows.push({
            organisationId: organisation.id,
            role: kind,
            name: generator.personName(),
            phone,
            passwordHash: demoUser ? demoHashes[kind] : bulkHash,
            createdAt,
          })
          if (demoUser)
            accounts.push({
              role: kind,
              login: phone,
              password: passwords[kind],
              organisationName: organisation.name,
            })
        }
      }
      await writeBatch(db, orgRows, userRows)
      done += size
      options.onProgress?.(done, total)
    }
  }
  accounts.push({
    role: 'supervisor',
    login: supervisor.phone,
    password: passwords.supervisor,
    organisationName: null,
  })
  const order: Role[] = ['agency', 'department', 'enterprise', 'supervisor']
  return accounts.sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role))
}

function writeBatch(
  db: Database,
  orgRows: (typeof organisations.$inferInsert)[],
  userRows: (typeof users.$inferInsert)[],
) {
  return inTransaction(db, async (tx) => {
    await tx.insert(organisations).values(orgRows)
    for (let i = 0; i < userRows.length; i += BATCH_SIZE)
      await tx.insert(users).values(userRows.slice(i, i + BATCH_SIZE))
    for (const org of orgRows)
      await appendAuditEvent(tx, {
        actorUserId: null,
        action: 'seed.organisation_created',
        subjectType: 'organisation',
        subjectId: org.id!,
        data: { kind: org.kind, name: org.name, uscc: org.uscc },
      })
  })
}

function withoutUndefined(options: Partial<DemoCounts>): Partial<DemoCounts> {
  const { agencies, departments, enterprises } = options
  return Object.fromEntries(
    Object.entries({ agencies, departments, enterprises }).filter(([, v]) => v !== undefined),
  )
}
