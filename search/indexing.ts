import { and, eq, inArray, isNull, sql } from 'drizzle-orm'
import type { Database } from '../models/db/client.ts'
import { offerings, organisations, serviceItems } from '../models/db/schema.ts'
import { loadLexicon } from './catalogue-terms.ts'
import { indexText } from './segment.ts'

/**
 * Rewrites the search vectors of these agencies and their offerings from the rows as they
 * stand in `tx`. Call it inside the transaction that changed them, before the audit event,
 * so search never disagrees with the records: a rolled-back change leaves the index as it was.
 */
export async function reindexAgencies(tx: Database, agencyIds: readonly string[]) {
  if (agencyIds.length === 0) return
  await loadLexicon(tx) // the catalogue's words must be in the dictionary before segmenting
  const agencies = await tx
    .select({ id: organisations.id, name: organisations.name, intro: organisations.introduction })
    .from(organisations)
    .where(inArray(organisations.id, [...agencyIds]))
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
    .where(inArray(offerings.agencyId, [...agencyIds]))
  const nameOf = new Map(agencies.map((a) => [a.id, a.name]))
  const offeringTexts = rows.map((r) =>
    indexText(nameOf.get(r.agencyId), r.itemName, r.aliases.join(' '), r.scope),
  )
  const agencyTexts = agencies.map((a) => {
    const offered = rows.filter((r) => r.agencyId === a.id && !r.paused)
    return indexText(a.name, a.intro, ...offered.map((r) => `${r.itemName} ${r.aliases.join(' ')}`))
  })
  await writeVectors(
    tx,
    'offerings',
    rows.map((r) => r.id),
    offeringTexts,
  )
  await writeVectors(
    tx,
    'organisations',
    agencies.map((a) => a.id),
    agencyTexts,
  )
}

async function writeVectors(
  tx: Database,
  table: 'offerings' | 'organisations',
  ids: string[],
  texts: string[],
) {
  if (ids.length === 0) return
  // One statement per table whatever the count: arrays, not one parameter per row.
  await tx.execute(sql`
    update ${sql.identifier(table)} t set search_vector = to_tsvector('simple', v.body)
    from unnest(${sql.param(ids)}::uuid[], ${sql.param(texts)}::text[]) as v(id, body)
    where t.id = v.id`)
}

/** Agencies whose vectors are missing, e.g. rows written before search existed. */
export async function reindexMissing(db: Database, batch = 2000) {
  for (;;) {
    const missing = await db
      .select({ id: organisations.id })
      .from(organisations)
      .where(and(eq(organisations.kind, 'agency'), isNull(organisations.searchVector)))
      .limit(batch)
    if (missing.length === 0) return
    await reindexAgencies(
      db,
      missing.map((m) => m.id),
    )
  }
}
