import { byOpening } from './market.ts'
import { connectedGroups, splitPair } from './statistics.ts'
import type {
  CollusionKind,
  EvidenceCell,
  EvidenceFact,
  ScreenFlag,
  ScreenProject,
} from './types.ts'

/** What a screen found about one pair of agencies (key from pairKey). */
export interface PairFinding {
  key: string
  strength: number
  /** What the supervisor reads; about the pair unless a fact names its own agencies. */
  facts: EvidenceFact[]
  rows: { project: ScreenProject; cells: EvidenceCell[] }[]
  /** See ScreenFlag.scope. */
  scope?: string
}

export interface PairGroupShape {
  kind: CollusionKind
  summary: (group: string[], projects: ScreenProject[]) => string
  table: { title: string; columns: string[] }
}

/**
 * One flag per connected group of pairs: a ring of four that all share a device is one case
 * for the supervisor, with the evidence of every pair in it, not six.
 */
export function pairGroupFlags(
  findings: readonly PairFinding[],
  shape: PairGroupShape,
): ScreenFlag[] {
  const byKey = new Map(findings.map((f) => [f.key, f]))
  return connectedGroups(byKey.keys()).map((group) => {
    const members = new Set(group)
    const own = findings.filter((f) => members.has(splitPair(f.key)[0]))
    const seen = new Set<string>()
    const rows = own
      .flatMap((f) => f.rows)
      .filter((r) => {
        const key = JSON.stringify(r.cells)
        return !seen.has(key) && !!seen.add(key)
      })
      .sort((a, b) => byOpening(a.project, b.project))
    const projects = [...new Set(rows.map((r) => r.project))]
    return {
      kind: shape.kind,
      side: 'agencies',
      organisationIds: group,
      projectId: projects.at(-1)?.id ?? null,
      strength: Math.max(...own.map((f) => f.strength)),
      ...(own.every((f) => f.scope != null)
        ? { scope: own.map((f) => `${f.key}:${f.scope}`).join(';') }
        : {}),
      evidence: {
        summary: shape.summary(group, projects),
        facts: own.flatMap((f) => f.facts.map((x) => ({ agencyIds: splitPair(f.key), ...x }))),
        tables: [{ ...shape.table, rows: rows.map((r) => r.cells) }],
        projectIds: projects.map((p) => p.id),
      },
    }
  })
}
