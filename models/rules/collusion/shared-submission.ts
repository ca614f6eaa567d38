import { at, coBids } from './market.ts'
import { type PairFinding, pairGroupFlags } from './pair-groups.ts'
import { clampStrength, pairKey } from './statistics.ts'
import type { ScreenBid, ScreenFlag, ScreenMarket, ScreenProject } from './types.ts'

/**
 * The same network address or browser submitting for different agencies (OECD: bids
 * prepared by the same person). A browser (the device hash covers the browser's own cookie)
 * shared by two agencies that compete is close to proof; an address may be a shared office
 * building or a carrier's NAT, so it counts only inside one tender, and more when the two
 * bids were sent in one sitting.
 */

/** Same browser for two competing agencies in one tender. */
export const SAME_DEVICE_STRENGTH = 85
/** Same browser, but in different tenders of two agencies that do compete. */
export const DEVICE_ELSEWHERE_STRENGTH = 70
/**
 * Same address in one tender: a carrier's NAT can put strangers behind one address, so it
 * counts only when both bids left within two hours of each other (one person, one sitting)
 * or the two shared an address in at least two tenders.
 */
export const SAME_IP_STRENGTH = 45
export const SAME_SITTING_MS = 2 * 3600_000
export const SAME_IP_MIN_TENDERS = 2
const SAME_SITTING_BONUS = 10
/** Each further tender with the same finding. */
const REPEAT_BONUS = 10

interface Sighting {
  project: ScreenProject
  bid: ScreenBid
}

const short = (hash: string | null) => (hash ? hash.slice(0, 8) : '—')

const rowOf = ({ project, bid }: Sighting) => ({
  project,
  cells: [
    { project: project.id },
    { agency: bid.agencyId },
    at(bid.submittedAt),
    short(bid.ipHash),
    short(bid.deviceHash),
  ],
})

export function sharedSubmission(market: ScreenMarket): ScreenFlag[] {
  const competing = coBids(market.projects)
  const sameDevice = new Map<string, Sighting[][]>()
  const sameIp = new Map<string, Sighting[][]>()
  const deviceUsers = new Map<string, Sighting[]>()
  for (const project of market.projects)
    for (const [i, x] of project.bids.entries()) {
      if (x.deviceHash)
        deviceUsers.set(x.deviceHash, [
          ...(deviceUsers.get(x.deviceHash) ?? []),
          { project, bid: x },
        ])
      for (const y of project.bids.slice(i + 1)) {
        if (x.agencyId === y.agencyId) continue
        const pair = [
          { project, bid: x },
          { project, bid: y },
        ]
        const key = pairKey(x.agencyId, y.agencyId)
        if (x.deviceHash && x.deviceHash === y.deviceHash)
          sameDevice.set(key, [...(sameDevice.get(key) ?? []), pair])
        else if (x.ipHash && x.ipHash === y.ipHash)
          sameIp.set(key, [...(sameIp.get(key) ?? []), pair])
      }
    }
  // A browser two agencies both used, in different tenders.
  const elsewhere = new Map<string, Sighting[]>()
  for (const sightings of deviceUsers.values()) {
    const agencies = [...new Set(sightings.map((s) => s.bid.agencyId))].sort()
    for (let i = 0; i < agencies.length; i++)
      for (let j = i + 1; j < agencies.length; j++) {
        const key = pairKey(agencies[i]!, agencies[j]!)
        if (sameDevice.has(key) || !competing.has(key)) continue
        const mine = sightings.filter(
          (s) => s.bid.agencyId === agencies[i] || s.bid.agencyId === agencies[j],
        )
        elsewhere.set(key, [...(elsewhere.get(key) ?? []), ...mine])
      }
  }

  const findings: PairFinding[] = []
  for (const key of new Set([...sameDevice.keys(), ...sameIp.keys(), ...elsewhere.keys()])) {
    const devicePairs = sameDevice.get(key) ?? []
    const other = elsewhere.get(key) ?? []
    const sitting = (sameIp.get(key) ?? []).some(
      ([a, b]) =>
        Math.abs(a!.bid.submittedAt.getTime() - b!.bid.submittedAt.getTime()) <= SAME_SITTING_MS,
    )
    const ipPairs =
      sitting || (sameIp.get(key)?.length ?? 0) >= SAME_IP_MIN_TENDERS ? sameIp.get(key)! : []
    if (devicePairs.length === 0 && other.length === 0 && ipPairs.length === 0) continue
    const strengths = [
      devicePairs.length ? SAME_DEVICE_STRENGTH + 5 * (devicePairs.length - 1) : 0,
      other.length ? DEVICE_ELSEWHERE_STRENGTH : 0,
      ipPairs.length
        ? SAME_IP_STRENGTH +
          REPEAT_BONUS * (ipPairs.length - 1) +
          (sitting ? SAME_SITTING_BONUS : 0)
        : 0,
    ]
    const parts = [
      devicePairs.length ? `${devicePairs.length} 个项目中由同一浏览器提交` : '',
      other.length ? '在不同项目中使用过同一浏览器' : '',
      ipPairs.length
        ? `${ipPairs.length} 个项目中由同一网络地址提交${sitting ? '（两小时内先后提交）' : ''}`
        : '',
    ].filter(Boolean)
    findings.push({
      key,
      strength: clampStrength(Math.max(...strengths)),
      facts: [
        {
          label: '同一来源提交',
          value: parts.join('；'),
          threshold: `同一项目中同一浏览器即提示；同一网络地址须两小时内先后提交或至少 ${SAME_IP_MIN_TENDERS} 个项目；不同项目中同一浏览器须两家机构有过竞争`,
        },
      ],
      rows: [...devicePairs.flat(), ...ipPairs.flat(), ...other].map(rowOf),
    })
  }
  return pairGroupFlags(findings, {
    kind: 'shared_submission',
    summary: (group, projects) =>
      `${group.length} 家机构的报价由同一网络地址或同一浏览器提交（${projects.length} 个项目）`,
    table: {
      title: '提交来源（网络地址、设备为加密摘要的前 8 位）',
      columns: ['项目', '机构', '提交时间', '网络地址', '设备'],
    },
  })
}
