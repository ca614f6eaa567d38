import { and, asc, eq, gt, lte, sql } from 'drizzle-orm'
import { syncCreditGrades } from '../search/indexing.ts'
import type { Database } from './db/client.ts'
import { creditRecords } from './db/schema-credit.ts'
import { organisations } from './db/schema.ts'
import { computeCreditScore, type CreditRuleCode } from './rules/credit-rules.ts'

export interface RecomputeReport {
  agencies: number
  records: number
  changed: number
  gradesChanged: number
}

const BATCH = 5_000

/**
 * Rebuilds every agency's score and grade from its records, a batch of agencies at a time
 * (keyset order by id), and rewrites only the rows that differ. Search filters by grade and
 * sorts by score, so the changed agencies' search rows and counts follow in the same
 * transaction (one statement, not a reindex of each agency's text).
 */
export async function recomputeAllScores(
  db: Database,
  now: Date,
  {
    onProgress,
    batchSize = BATCH,
  }: { onProgress?: (done: number, total: number) => void; batchSize?: number } = {},
): Promise<RecomputeReport> {
  const [{ total } = { total: 0 }] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(organisations)
    .where(eq(organisations.kind, 'agency'))
  const report: RecomputeReport = { agencies: 0, records: 0, changed: 0, gradesChanged: 0 }
  // The next batch is read while earlier ones are written, and two batches are written at
  // once: their agencies are disjoint and the shared counts are locked in key order, so
  // the two transactions may wait on each other but never deadlock.
  const writing: Promise<void>[] = []
  let failure: { reason: unknown } | null = null
  try {
    let next = loadBatch(db, '00000000-0000-0000-0000-000000000000', batchSize)
    for (;;) {
      const batch = await next
      if (batch.agencies.length === 0) break
      next = loadBatch(db, batch.agencies.at(-1)!.id, batchSize)
      // Handled when awaited; this only keeps a failure during a write from counting as unhandled.
      next.catch(() => {})
      report.records += batch.records.length
      const { changed, regraded } = rescore(batch, now)
      if (writing.length >= WRITERS) await writing.shift()
      const written = writeScores(db, changed).then(() => {
        report.agencies += batch.agencies.length
        report.changed += changed.length
        report.gradesChanged += regraded
        onProgress?.(report.agencies, total)
      })
      written.catch(() => {})
      writing.push(written)
    }
  } catch (error) {
    failure = { reason: error }
  }
  // Never leave a write running behind a failure; the first failure is the one reported.
  const settled = await Promise.allSettled(writing)
  failure ??= settled.find((r) => r.status === 'rejected') ?? null
  if (failure) throw failure.reason
  return report
}

const WRITERS = 2

async function writeScores(db: Database, changed: readonly ChangedScore[]) {
  if (changed.length === 0) return
  await db.transaction(async (tx) => {
    await tx.execute(sql`
      update organisations o set credit_score = v.score, credit_grade = v.grade
      from (select unnest(${sql.param(changed.map((c) => c.id))}::uuid[]) as id,
                   unnest(${sql.param(changed.map((c) => c.score))}::int[]) as score,
                   unnest(${sql.param(changed.map((c) => c.grade))}::text[]) as grade) v
      where o.id = v.id`)
    await syncCreditGrades(
      tx as unknown as Database,
      changed.map((c) => c.id),
    )
  })
}

interface ChangedScore {
  id: string
  score: number
  grade: string
}

async function loadBatch(db: Database, after: string, size: number) {
  const agencies = await db
    .select({
      id: organisations.id,
      score: organisations.creditScore,
      grade: organisations.creditGrade,
    })
    .from(organisations)
    .where(and(eq(organisations.kind, 'agency'), gt(organisations.id, after)))
    .orderBy(asc(organisations.id))
    .limit(size)
  if (agencies.length === 0) return { agencies, records: [] }
  const records = await db
    .select({
      id: creditRecords.id,
      agencyId: creditRecords.agencyId,
      rule: creditRecords.rule,
      points: creditRecords.points,
      status: creditRecords.status,
      effectiveAt: creditRecords.effectiveAt,
      expiresAt: creditRecords.expiresAt,
    })
    .from(creditRecords)
    .where(and(gt(creditRecords.agencyId, after), lte(creditRecords.agencyId, agencies.at(-1)!.id)))
  return { agencies, records }
}

function rescore({ agencies, records }: Awaited<ReturnType<typeof loadBatch>>, now: Date) {
  const byAgency = new Map<string, typeof records>()
  for (const r of records) {
    const list = byAgency.get(r.agencyId)
    if (list) list.push(r)
    else byAgency.set(r.agencyId, [r])
  }
  const changed: ChangedScore[] = []
  let regraded = 0
  for (const a of agencies) {
    const own = byAgency.get(a.id) ?? []
    const { score, grade } = computeCreditScore(
      own.map((r) => ({ ...r, rule: r.rule as CreditRuleCode })),
      now,
    )
    if (score !== a.score || grade !== a.grade) changed.push({ id: a.id, score, grade })
    if (grade !== a.grade) regraded += 1
  }
  return { changed, regraded }
}
