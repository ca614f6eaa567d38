import { at, byOpening, coBids, isPriceContest, pricedBids } from './market.ts'
import {
  binomialCdf,
  FAMILY_ALPHA,
  pairKey,
  percentText,
  poissonBinomialTail,
  pValueText,
  strengthFromP,
} from './statistics.ts'
import type { ScreenFlag, ScreenMarket, ScreenProject } from './types.ts'

/**
 * Bid rotation (OECD: "taking turns"): a group of agencies that keep meeting in the same
 * tenders, win nearly all of them between themselves, each about as often as the others,
 * and seldom twice in a row. Under competition the winner of each tender is whoever is
 * cheapest that day: outsiders win their share and the same firm often wins again. The
 * chance of the group's sequence of winners is measured under the null that each group win
 * goes to any member alike (cost differences only make repeats likelier, so this is
 * conservative), by two statistics, the smaller of which counts (×2 for choosing):
 * - turns: the same member winning back-to-back tenders no more often than it did — each
 *   step is then "same as the last" with chance 1/k, independently;
 * - cycle: the wins following one fixed order (A → B → C → A …) as often as they did,
 *   for the best of the (k − 1)! orders (the chance is multiplied by their number).
 */

/** Tenders the whole group must have met in: a handful of turns is chance. */
export const ROTATION_MIN_TENDERS = 8
export const ROTATION_MIN_GROUP = 3
export const ROTATION_MAX_GROUP = 5
/**
 * Outsiders may win at most 30 % of the group's tenders ("rarely losing to outsiders"):
 * with four or five bidders a tender, three competing firms would lose about 40 %.
 */
export const ROTATION_MAX_OUTSIDER_SHARE = 0.3
/** Each member must win at least half its equal share: a ring shares the work out. */
export const ROTATION_MIN_EVEN_SHARE = 0.5

interface GroupTest {
  group: string[]
  tenders: ScreenProject[]
  wins: Map<string, number>
  outsiderWins: number
  repeats: number
  cycleSteps: number
  pTurns: number
  pCycle: number
  p: number
}

function orders(rest: string[]): string[][] {
  if (rest.length <= 1) return [rest]
  return rest.flatMap((x, i) =>
    orders([...rest.slice(0, i), ...rest.slice(i + 1)]).map((o) => [x, ...o]),
  )
}

/** One group win after the previous one, with the outsider wins in between. */
interface Step {
  from: string
  to: string
  gap: number
}

/**
 * For the best cyclic order of `group`: how many steps followed it, and each step's chance
 * of doing so at random. A turn lost to an outsider may pass on or stay, so after a gap
 * either the next in order or the one the turns had reached counts.
 */
function bestCycle(group: string[], steps: Step[]) {
  const k = group.length
  let best = { count: 0, chances: [] as number[] }
  for (const tail of orders(group.slice(1))) {
    const cycle = [group[0]!, ...tail]
    const after = (id: string, n: number) => cycle[(cycle.indexOf(id) + n) % k]!
    let count = 0
    const chances = steps.map((s) => {
      const allowed = new Set([after(s.from, 1), after(s.from, s.gap + 1)])
      if (allowed.has(s.to)) count++
      return allowed.size / k
    })
    if (count > best.count) best = { count, chances }
  }
  return best
}

function factorial(n: number): number {
  return n <= 1 ? 1 : n * factorial(n - 1)
}

export function testRotationGroup(group: string[], tenders: ScreenProject[]): GroupTest | null {
  const n = tenders.length
  if (n < ROTATION_MIN_TENDERS) return null
  const k = group.length
  const members = new Set(group)
  const steps: Step[] = []
  let last: string | null = null
  let gap = 0
  let groupWins = 0
  const wins = new Map(group.map((g) => [g, 0]))
  for (const t of tenders) {
    const winner = t.winnerAgencyId!
    if (!members.has(winner)) {
      gap++
      continue
    }
    groupWins++
    wins.set(winner, wins.get(winner)! + 1)
    if (last) steps.push({ from: last, to: winner, gap })
    last = winner
    gap = 0
  }
  const outsiderWins = n - groupWins
  if (outsiderWins / n > ROTATION_MAX_OUTSIDER_SHARE) return null
  if (Math.min(...wins.values()) < Math.max(1, (ROTATION_MIN_EVEN_SHARE * groupWins) / k))
    return null
  // A repeat across an outsider's win is no repeat of turns: only adjacent wins count.
  const adjacent = steps.filter((s) => s.gap === 0)
  const repeats = adjacent.filter((s) => s.from === s.to).length
  const cycle = bestCycle(group, steps)
  const pTurns = binomialCdf(repeats, adjacent.length, 1 / k)
  const pCycle = Math.min(1, factorial(k - 1) * poissonBinomialTail(cycle.count, cycle.chances))
  return {
    group,
    tenders,
    wins,
    outsiderWins,
    repeats,
    cycleSteps: cycle.count,
    pTurns,
    pCycle,
    p: Math.min(1, 2 * Math.min(pTurns, pCycle)),
  }
}

export function rotation(market: ScreenMarket): ScreenFlag[] {
  const decided = market.projects
    .filter((p) => isPriceContest(p) && p.winnerAgencyId != null)
    .sort(byOpening)
  const pairs = coBids(decided)
  const neighbours = new Map<string, Set<string>>()
  for (const [key, projects] of pairs) {
    if (projects.length < ROTATION_MIN_TENDERS) continue
    const [a, b] = key.split('|') as [string, string]
    neighbours.set(a, (neighbours.get(a) ?? new Set()).add(b))
    neighbours.set(b, (neighbours.get(b) ?? new Set()).add(a))
  }
  const tendersOf = (group: readonly string[]) =>
    pairs
      .get(pairKey(group[0]!, group[1]!))!
      .filter((t) => group.every((g) => t.bids.some((b) => b.agencyId === g)))

  // Every group of 3–5 agencies in which each pair met often enough, each tested once.
  const cliques: string[][] = []
  const extend = (group: string[]) => {
    if (group.length >= ROTATION_MIN_GROUP) cliques.push(group)
    if (group.length === ROTATION_MAX_GROUP) return
    for (const m of neighbours.get(group.at(-1)!)!)
      if (m > group.at(-1)! && group.every((g) => neighbours.get(g)!.has(m))) extend([...group, m])
  }
  for (const a of [...neighbours.keys()].sort()) extend([a])
  const alpha = FAMILY_ALPHA / Math.max(1, cliques.length)
  const found = cliques
    .map((group) => testRotationGroup(group, tendersOf(group)))
    .filter((t): t is GroupTest => t != null && t.p < alpha)
  const kept = found.filter(
    (t) =>
      !found.some(
        (o) => o.group.length > t.group.length && t.group.every((g) => o.group.includes(g)),
      ),
  )
  return kept.map((t) => flagOf(t, alpha))
}

function flagOf(test: GroupTest, alpha: number): ScreenFlag {
  const { group, tenders } = test
  const members = new Set(group)
  const n = tenders.length
  return {
    kind: 'rotation',
    side: 'agencies',
    organisationIds: group,
    projectId: tenders.at(-1)!.id,
    strength: strengthFromP(test.p),
    evidence: {
      summary: `${group.length} 家机构共同参与 ${n} 个项目，组内轮流中选 ${n - test.outsiderWins} 次`,
      facts: [
        {
          label: '共同参与的项目',
          value: `${n} 个，其中组外机构中选 ${test.outsiderWins} 个（${percentText(test.outsiderWins / n, 0)}）`,
          threshold: `至少 ${ROTATION_MIN_TENDERS} 个；组外中选不超过 ${percentText(ROTATION_MAX_OUTSIDER_SHARE, 0)}`,
        },
        ...group.map((g) => ({
          label: '中选次数',
          value: `${test.wins.get(g)} 次`,
          threshold: `每家至少为平均数的 ${percentText(ROTATION_MIN_EVEN_SHARE, 0)}`,
          agencyIds: [g],
        })),
        {
          label: '同一机构连续中选',
          value: `组内中选之间 ${test.repeats} 次（随机情况下不多于此数的概率 ${pValueText(test.pTurns)}）`,
        },
        {
          label: '按固定顺序轮换',
          value: `${test.cycleSteps} 次按同一顺序接替（随机情况下的概率 ${pValueText(test.pCycle)}）`,
        },
        {
          label: '概率（取两者较小值 ×2）',
          value: pValueText(test.p),
          threshold: `小于 ${FAMILY_ALPHA} ÷ 受检的机构组合数（${pValueText(alpha)}）`,
        },
      ],
      tables: [
        {
          title: '按开标时间排列的共同项目',
          columns: ['项目', '开标时间', '中选机构', '中选价', '组内最低落选价', '投标家数'],
          rows: tenders.map((t) => {
            const bids = pricedBids(t)
            const winning = bids.find((b) => b.agencyId === t.winnerAgencyId)
            const cover = bids
              .filter((b) => members.has(b.agencyId) && b.agencyId !== t.winnerAgencyId)
              .sort((a, b) => a.priceFen - b.priceFen)[0]
            return [
              { project: t.id },
              at(t.openedAt),
              { agency: t.winnerAgencyId! },
              winning ? { fen: winning.priceFen } : null,
              cover ? { fen: cover.priceFen } : null,
              new Set(t.bids.map((b) => b.agencyId)).size,
            ]
          }),
        },
      ],
      projectIds: tenders.map((t) => t.id),
    },
  }
}
