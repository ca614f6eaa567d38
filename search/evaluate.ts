import type { Database } from '../models/db/client.ts'
import { search } from './query.ts'

export interface JudgedQuery {
  q: string
  kind: string
  /** Catalogue item codes: an offering is relevant when its item is listed. */
  relevant: string[]
}

export interface Scores {
  queries: number
  precisionAt10: number
  successAt10: number
  mrr: number
}

interface QueryScore {
  q: string
  kind: string
  precision: number
  success: number
  reciprocalRank: number
}

const mean = (values: number[]) =>
  values.length === 0
    ? 0
    : Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 1000) / 1000

function summarise(scores: QueryScore[]): Scores {
  return {
    queries: scores.length,
    precisionAt10: mean(scores.map((s) => s.precision)),
    successAt10: mean(scores.map((s) => s.success)),
    mrr: mean(scores.map((s) => s.reciprocalRank)),
  }
}

/**
 * Runs each query through the offering search and scores its first ten results:
 * precision@10 (relevant share of the results shown, out of at most ten), success@10
 * (a relevant result among them) and reciprocal rank of the first relevant one.
 */
export async function evaluate(db: Database, queries: readonly JudgedQuery[]) {
  const perQuery: QueryScore[] = []
  for (const query of queries) {
    const outcome = await search(db, { q: query.q, type: 'offering', pageSize: 10 })
    const results = outcome.type === 'offering' ? outcome.results : []
    const hits = results.map((r) => query.relevant.includes(r.serviceItemCode))
    const first = hits.indexOf(true)
    perQuery.push({
      q: query.q,
      kind: query.kind,
      precision: hits.length === 0 ? 0 : hits.filter(Boolean).length / hits.length,
      success: first >= 0 ? 1 : 0,
      reciprocalRank: first >= 0 ? 1 / (first + 1) : 0,
    })
  }
  const kinds = [...new Set(queries.map((q) => q.kind))]
  return {
    byKind: Object.fromEntries(
      kinds.map((kind) => [kind, summarise(perQuery.filter((s) => s.kind === kind))]),
    ),
    overall: summarise(perQuery),
    misses: perQuery.filter((s) => s.success === 0 || s.precision < 0.8),
  }
}
