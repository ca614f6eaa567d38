import { type Faker, fakerZH_CN } from '@faker-js/faker'
import { composeUscc } from '../models/rules/uscc.ts'
import type { SignUpInput } from '../models/validation/accounts.ts'

const ORG_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const HENAN_REGION_CODES = ['410100', '410200', '410300', '410900', '411300', '411700']

/** A valid 统一社会信用代码 (enterprise category, a Henan region). */
export function fakeUscc(faker: Faker = fakerZH_CN, authority = '9', category = '1'): string {
  const region = faker.helpers.arrayElement(HENAN_REGION_CODES)
  const serial = Array.from({ length: 8 }, () =>
    faker.helpers.arrayElement([...ORG_CODE_ALPHABET]),
  ).join('')
  return composeUscc(authority, category, region, serial)
}

export function fakePhone(faker: Faker = fakerZH_CN): string {
  return `1${faker.helpers.arrayElement(['3', '5', '7', '8', '9'])}${faker.string.numeric(9)}`
}

/** A password that meets the policy: letters and digits, 12 characters. */
export function fakePassword(faker: Faker = fakerZH_CN): string {
  return `${faker.string.alpha(8)}${faker.string.numeric(4)}`
}

const orgSuffix: Record<SignUpInput['kind'], string[]> = {
  agency: ['工程咨询有限公司', '环境科技有限公司', '测绘有限公司', '评估咨询有限公司'],
  department: ['发展和改革委员会', '自然资源和规划局', '生态环境局', '水利局'],
  enterprise: ['实业有限公司', '置业有限公司', '化工有限公司', '食品有限公司'],
}

export function buildSignUp(
  overrides: Partial<SignUpInput> = {},
  faker: Faker = fakerZH_CN,
): SignUpInput {
  const kind = overrides.kind ?? 'agency'
  const password = overrides.password ?? fakePassword(faker)
  const city = faker.helpers.arrayElement(['郑州', '洛阳', '濮阳', '南阳', '驻马店', '开封'])
  return {
    kind,
    // Four letters: with two, the dozens of sign-ups of one e2e run sometimes shared a name.
    organisationName: `${city}${faker.string.alpha({ length: 4, casing: 'upper' })}${faker.helpers.arrayElement(orgSuffix[kind])}`,
    uscc: fakeUscc(faker, kind === 'department' ? '1' : '9', kind === 'department' ? '1' : '1'),
    contactName: faker.person.fullName().replace(/\s/g, ''),
    phone: fakePhone(faker),
    email: faker.internet.email().toLowerCase(),
    password,
    confirmPassword: password,
    ...overrides,
  }
}
