import { eq, inArray, type SQL, sql } from 'drizzle-orm'
import { notBlacklistedNow } from '../models/clock.ts'
import type { Database } from '../models/db/client.ts'
import { offerings, organisations, serviceItems } from '../models/db/schema.ts'
import { loadLexicon } from './catalogue-terms.ts'
import { feeBucketOf, selectRows } from './raw-sql.ts'
import { indexText } from './segment.ts'

/**
 * Rewrites the search rows of these agencies from the records as they stand in `tx`: the
 * agency's vector, its offerings' rows in offering_search and their share of
 * offering_search_counts. Call it inside the transaction that changed an offering, a
 * profile, a qualification or an agency's standing, so search never disagrees with the
 * records: a rolled-back change leaves the index as it was.
 */
export async function reindexAgencies(tx: Database, agencyIds: readonly string[]) {
  if (agencyIds.length === 0) return
  const ids = [...new Set(agencyIds)].sort()
  // Serialises reindexing of one agency: a second transaction waits, then sees the first's rows.
  await tx.execute(
    sql`select id from ${organisations} where id = any(${sql.param(ids)}::uuid[]) order by id for update`,
  )
  await loadLexicon(tx) // the catalogue's words must be in the dictionary before segmenting
  const agencies = await tx
    .select({ id: organisations.id, name: organisations.name, intro: organisations.introduction })
    .from(organisations)
    .where(inArray(organisations.id, ids))
  const rows = await tx
    .select({
      id: offerings.id,
      agencyId: offerings.agencyId,
      scope: offerings.scope,
      paused: sql<boolean>`${offerings.pausedAt} is not null`,
      itemName: serviceItems.name,
      aliases: serviceItems.aliases,
    })
    .from(offerings)
    .innerJoin(serviceItems, eq(serviceItems.code, offerings.serviceItemCode))
    .where(inArray(offerings.agencyId, ids))
  const nameOf = new Map(agencies.map((a) => [a.id, a.name]))
  const offeringTexts = rows.map((r) =>
    indexText(nameOf.get(r.agencyId), r.itemName, r.aliases.join(' '), r.scope),
  )
  const agencyTexts = agencies.map((a) => {
    const offered = rows.filter((r) => r.agencyId === a.id && !r.paused)
    return indexText(a.name, a.intro, ...offered.map((r) => `${r.itemName} ${r.aliases.join(' ')}`))
  })
  await replaceOfferingRows(
    tx,
    ids,
    rows.map((r) => r.id),
    offeringTexts,
  )
  // One statement whatever the count: arrays, not one parameter per row.
  await tx.execute(sql`
    update ${organisations} t set search_vector = to_tsvector('simple', v.body)
    from unnest(${sql.param(agencies.map((a) => a.id))}::uuid[], ${sql.param(agencyTexts)}::text[])
      as v(id, body)
    where t.id = v.id`)
}

/**
 * The search row of each offering of these agencies, read from the records (no vector).
 * Driven by the ids, so the plan holds even where statistics are stale (PGlite, a bulk load).
 */
function freshRows(ids: readonly string[]): SQL {
  return sql`
    select f.id as offering_id, f.agency_id, f.service_item_code, o.region_code,
      coalesce(o.city_code, '') as city_code, o.verified_at is not null as verified,
      f.fee_min_fen, f.fee_max_fen, f.time_limit_days,
      (f.paused_at is null and o.suspended_at is null and o.kind = 'agency'
        and o.exited_at is null
        and ${notBlacklistedNow(sql`o.blacklisted_until`)}) as visible,
      coalesce(q.types, '{}'::text[]) as qualifications, f.created_at,
      o.credit_grade, o.credit_score
    from unnest(${sql.param(ids)}::uuid[]) as a(id)
    join organisations o on o.id = a.id
    join offerings f on f.agency_id = a.id
    left join lateral (
      select array_agg(distinct type order by type) as types from qualifications
      where agency_id = a.id and not is_other
    ) q on true`
}

/**
 * Adds each visible row's count (`d`, ±1) to its cells of offering_search_counts: its own
 * cell (qualification '') and one per qualification its agency holds. The cells are written
 * in key order, so two transactions touching the same cells never deadlock; rows that cancel
 * out touch nothing.
 */
function addToCounts(changes: SQL): SQL {
  return sql`
    insert into offering_search_counts
      (service_item_code, city_code, verified, fee_bucket, credit_grade, qualification, n)
    select c.service_item_code, c.city_code, c.verified, ${feeBucketOf(sql`c.fee_min_fen`)},
      c.credit_grade, q.qualification, sum(c.d)::int
    from (${changes}) c
    cross join lateral unnest(array['']::text[] || c.qualifications) as q(qualification)
    group by 1, 2, 3, 4, 5, 6
    having sum(c.d) <> 0
    order by 1, 2, 3, 4, 5, 6
    on conflict (service_item_code, city_code, verified, fee_bucket, credit_grade, qualification)
    do update set n = offering_search_counts.n + excluded.n`
}

const countedColumns = sql.raw(
  'service_item_code, city_code, verified, fee_min_fen, qualifications, credit_grade, visible',
)
const movedColumns = sql.raw('service_item_code, city_code, verified, fee_min_fen, qualifications')

async function replaceOfferingRows(
  tx: Database,
  agencyIds: readonly string[],
  offeringIds: readonly string[],
  texts: readonly string[],
) {
  // Old rows out and their counts taken back, new rows' counts in: one statement.
  await tx.execute(sql`
    with old as (
      delete from offering_search where agency_id = any(${sql.param(agencyIds)}::uuid[])
      returning ${countedColumns}
    ), fresh as materialized (${freshRows(agencyIds)})
    ${addToCounts(sql`
      select ${countedColumns}, -1 as d from old where visible
      union all
      select ${countedColumns}, 1 as d from fresh where visible`)}`)
  if (offeringIds.length === 0) return
  await tx.execute(sql`
    insert into offering_search (offering_id, agency_id, service_item_code, region_code,
      city_code, verified, fee_min_fen, fee_max_fen, time_limit_days, visible, qualifications,
      created_at, credit_grade, credit_score, search_vector)
    select r.*, to_tsvector('simple', coalesce(v.body, ''))
    from (${freshRows(agencyIds)}) r
    left join unnest(${sql.param(offeringIds)}::uuid[], ${sql.param(texts)}::text[]) as v(id, body)
      on v.id = r.offering_id`)
}

/**
 * Copies these agencies' credit grade and score from organisations to their search rows and
 * moves the counts of the rows whose grade changed from the old grade's cells to the new
 * one's: one statement per batch, for the credit recompute's thousands of agencies. Call it
 * in the transaction that wrote the scores; its row locks on organisations keep
 * reindexAgencies of the same agencies waiting until it commits.
 */
export async function syncCreditGrades(tx: Database, agencyIds: readonly string[], batch = 5000) {
  const ids = [...new Set(agencyIds)].sort()
  for (let i = 0; i < ids.length; i += batch) {
    const some = sql.param(ids.slice(i, i + batch))
    // Every part of the statement reads one snapshot: `p` is the row as it was before the update.
    await tx.execute(sql`
      with updated as (
        update offering_search s set credit_grade = o.credit_grade, credit_score = o.credit_score
        -- Driven by the ids as rows: a join on o.id alone is misjudged into a full scan, and
        -- s.agency_id = any(ids) as a filter compares every row with the whole array.
        from unnest(${some}::uuid[]) as x(id) join organisations o on o.id = x.id
        where s.agency_id = x.id
          and (s.credit_grade, s.credit_score) is distinct from (o.credit_grade, o.credit_score)
        returning s.offering_id, s.service_item_code, s.city_code, s.verified, s.fee_min_fen,
          s.qualifications, s.credit_grade, s.visible
      ), moved as (
        select u.*, p.credit_grade as old_grade
        from updated u join offering_search p using (offering_id)
        where u.visible and u.credit_grade <> p.credit_grade
      )
      ${addToCounts(sql`
        select ${movedColumns}, old_grade as credit_grade, -1 as d from moved
        union all
        select ${movedColumns}, credit_grade, 1 as d from moved`)}`)
  }
}

/** Recounts offering_search_counts from offering_search, e.g. after the fee buckets change. */
export async function recountSearchCounts(db: Database) {
  await db.transaction(async (tx) => {
    await tx.execute(sql`lock table offering_search_counts in exclusive mode`)
    await tx.execute(sql`delete from offering_search_counts`)
    await tx.execute(
      addToCounts(sql`select ${countedColumns}, 1 as d from offering_search where visible`),
    )
  })
}

/**
 * Reindexes, in batches, agencies with something missing from the index: rows written
 * before search existed, or offerings whose vector a migration could not carry over.
 */
export async function reindexMissing(db: Database, batch = 2000) {
  for (;;) {
    const missing = await selectRows<{ id: string }>(
      db,
      sql`
        (select o.id from organisations o where o.kind = 'agency' and o.search_vector is null
          limit ${batch})
        union
        (select f.agency_id from offerings f
          where not exists (select 1 from offering_search s where s.offering_id = f.id)
          limit ${batch})`,
    )
    if (missing.length === 0) return
    await db.transaction((tx) =>
      reindexAgencies(
        tx as unknown as Database,
        missing.map((m) => m.id),
      ),
    )
  }
}
