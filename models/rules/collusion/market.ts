import { pairKey } from './statistics.ts'
import type {
  EvidenceCell,
  EvidenceTable,
  ScreenBid,
  ScreenFlag,
  ScreenMarket,
  ScreenProject,
} from './types.ts'

/** Ways of reading a market shared by the screens. */

/** Methods where agencies' prices decide (or weigh in) who wins: the price screens apply. */
const PRICE_METHODS = new Set(['lowest_price', 'scoring'])

/** Whether the prices of a project say anything about competition. */
export function isPriceContest(project: ScreenProject): boolean {
  return PRICE_METHODS.has(project.method) && !project.priceRegulated
}

export function pricedBids(project: ScreenProject): (ScreenBid & { priceFen: number })[] {
  return project.bids.filter((b): b is ScreenBid & { priceFen: number } => b.priceFen != null)
}

export function winningBid(project: ScreenProject) {
  if (!project.winnerAgencyId) return null
  return pricedBids(project).find((b) => b.agencyId === project.winnerAgencyId) ?? null
}

/** For every pair of agencies, the projects (in `projects`) where both bid. */
export function coBids(projects: readonly ScreenProject[]): Map<string, ScreenProject[]> {
  const pairs = new Map<string, ScreenProject[]>()
  for (const project of projects) {
    const ids = [...new Set(project.bids.map((b) => b.agencyId))].sort()
    for (let i = 0; i < ids.length; i++)
      for (let j = i + 1; j < ids.length; j++) {
        const key = pairKey(ids[i]!, ids[j]!)
        const list = pairs.get(key)
        if (list) list.push(project)
        else pairs.set(key, [project])
      }
  }
  return pairs
}

export const byOpening = (a: ScreenProject, b: ScreenProject) =>
  a.openedAt.getTime() - b.openedAt.getTime()

/** The latest of the projects, which a flag about several of them points at. */
export function latestProjectId(projects: readonly ScreenProject[]): string | null {
  return [...projects].sort(byOpening).at(-1)?.id ?? null
}

export const at = (date: Date): EvidenceCell => ({ at: date.toISOString() })

/** Every opened bid of a project, cheapest first, with the winner marked. */
export function bidsTable(
  project: ScreenProject,
  title: string,
  marked?: Set<string>,
): EvidenceTable {
  return {
    title,
    columns: ['机构', '报价', '提交时间', '结果'],
    rows: [...pricedBids(project)]
      .sort((a, b) => a.priceFen - b.priceFen)
      .map((b) => [
        { agency: b.agencyId },
        { fen: b.priceFen },
        at(b.submittedAt),
        [project.winnerAgencyId === b.agencyId ? '中选' : '', marked?.has(b.agencyId) ? '涉及' : '']
          .filter(Boolean)
          .join('，'),
      ]),
  }
}

export const projectsById = (market: ScreenMarket) => new Map(market.projects.map((p) => [p.id, p]))

/** Only the flags whose evidence involves `projectId` (the run after one opening). */
export function involving(flags: readonly ScreenFlag[], projectId: string): ScreenFlag[] {
  return flags.filter((f) => f.evidence.projectIds.includes(projectId))
}
