import { coBids } from './market.ts'
import { type PairFinding, pairGroupFlags } from './pair-groups.ts'
import { clampStrength, pairKey } from './statistics.ts'
import type { ScreenAgency, ScreenFlag, ScreenMarket } from './types.ts'

/**
 * Competing agencies that share a phone, e-mail, address, legal representative or a
 * practitioner's certificate (OECD: common contacts; 《招标投标法实施条例》第四十条: bids "视为
 * 串通" when prepared or handled by the same person). Each shared detail has a weight; a
 * flag needs MIN_WEIGHT, so a common name alone (two 张伟 as legal representatives) is not one.
 */

export const identityWeights = {
  /** One certificate cannot belong to two agencies' staff: 挂证 or one team bidding twice. */
  practitioner: 60,
  phone: 50,
  email: 50,
  /** The full address down to the room; a business centre is caught by MAX_SHARERS. */
  address: 40,
  /** Names repeat across a province; only with another shared detail. */
  legalRepresentative: 25,
} as const
export type IdentityField = keyof typeof identityWeights

export const identityFieldNames: Record<IdentityField, string> = {
  practitioner: '执业人员证书编号',
  phone: '联系电话',
  email: '电子邮箱',
  address: '地址',
  legalRepresentative: '法定代表人',
}

export const IDENTITY_MIN_WEIGHT = 40
/** A value shared by more agencies than this is a registration address or a placeholder. */
export const IDENTITY_MAX_SHARERS = 5

const strip = (value: string) =>
  value
    .normalize('NFKC')
    .replace(/[\s\p{P}\p{S}]/gu, '')
    .toLowerCase()

function normalised(agency: ScreenAgency): [IdentityField, string][] {
  const out: [IdentityField, string][] = []
  let phone = agency.phone.replace(/\D/g, '')
  if (phone.length === 13 && phone.startsWith('86')) phone = phone.slice(2)
  if (phone.length >= 7) out.push(['phone', phone])
  const email = agency.email.trim().toLowerCase()
  if (email.includes('@')) out.push(['email', email])
  const address = strip(agency.address)
  if (address.length >= 8) out.push(['address', address])
  const representative = strip(agency.legalRepresentative)
  if (representative.length >= 2) out.push(['legalRepresentative', representative])
  for (const certificate of new Set(agency.practitionerCertificates.map(strip)))
    if (certificate.length >= 4) out.push(['practitioner', certificate])
  return out
}

export function sharedIdentity(market: ScreenMarket): ScreenFlag[] {
  const holders = new Map<string, Set<string>>()
  const shown = new Map<string, string>()
  for (const agency of market.agencies)
    for (const [field, value] of normalised(agency)) {
      const key = `${field}:${value}`
      holders.set(key, (holders.get(key) ?? new Set()).add(agency.id))
      shown.set(key, value)
    }
  const shared = new Map<string, { field: IdentityField; value: string }[]>()
  for (const [key, ids] of holders) {
    if (ids.size < 2 || ids.size > IDENTITY_MAX_SHARERS) continue
    const field = key.slice(0, key.indexOf(':')) as IdentityField
    const list = [...ids].sort()
    for (let i = 0; i < list.length; i++)
      for (let j = i + 1; j < list.length; j++) {
        const pair = pairKey(list[i]!, list[j]!)
        shared.set(pair, [...(shared.get(pair) ?? []), { field, value: shown.get(key)! }])
      }
  }
  const competing = coBids(market.projects)
  const findings: PairFinding[] = []
  for (const [key, details] of shared) {
    const projects = competing.get(key)
    if (!projects) continue
    const weight = details.reduce((sum, d) => sum + identityWeights[d.field], 0)
    if (weight < IDENTITY_MIN_WEIGHT) continue
    const [a, b] = key.split('|') as [string, string]
    findings.push({
      key,
      scope: details.map((d) => `${d.field}=${d.value}`).join(','),
      strength: clampStrength(Math.min(95, weight)),
      facts: [
        {
          label: '相同的登记信息',
          value: details.map((d) => `${identityFieldNames[d.field]}：${d.value}`).join('；'),
          threshold: `权重合计 ${weight}，达到 ${IDENTITY_MIN_WEIGHT} 即提示（${Object.entries(
            identityWeights,
          )
            .map(([f, w]) => `${identityFieldNames[f as IdentityField]} ${w}`)
            .join('、')}）`,
        },
      ],
      rows: projects.map((project) => ({
        project,
        cells: [{ project: project.id }, { agency: a }, { agency: b }],
      })),
    })
  }
  return pairGroupFlags(findings, {
    kind: 'shared_identity',
    summary: (group, projects) =>
      `${group.length} 家相互竞争的机构登记信息相同（共同参与 ${projects.length} 个项目）`,
    table: { title: '共同参与的项目', columns: ['项目', '机构', '机构'] },
  })
}
