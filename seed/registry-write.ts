import { getTableColumns, getTableName, sql } from 'drizzle-orm'
import type { PgInsertValue, PgTable } from 'drizzle-orm/pg-core'
import { type AuditInput, appendAuditEvents } from '../models/audit.ts'
import { reindexAgencies } from '../search/indexing.ts'
import type { Database } from '../models/db/client.ts'
import {
  offeringCases,
  offerings,
  type OrganisationKind,
  organisations,
  practitioners,
  qualifications,
  supervisionActions,
  users,
} from '../models/db/schema.ts'
import { inTransaction } from '../models/db/transaction.ts'
import type { OrganisationDraft } from './registry-agency.ts'

/**
 * Inserts rows with one parameter per column: `insert … select * from unnest($1::uuid[], …)`.
 * A statement then takes any number of rows (the 65,535 bind-parameter limit counts
 * columns, not values), and no per-value SQL is built: drizzle's multi-row insert spent
 * more time composing 100,000 agencies' statements than PostgreSQL spent storing them.
 * Columns are the keys the rows carry; one left out takes its default.
 */
async function insertRows<T extends PgTable>(db: Database, table: T, rows: PgInsertValue<T>[]) {
  if (rows.length === 0) return
  const columns = getTableColumns(table)
  const keys = [...new Set(rows.flatMap((row) => Object.keys(row)))]
  const arrays = keys.map((key) => {
    const column = columns[key]!
    const values = rows.map((row) => {
      const value = (row as Record<string, unknown>)[key] ?? null
      if (value === null && column.notNull)
        throw new TypeError(`seed: ${getTableName(table)}.${column.name} is required`)
      return value instanceof Date ? value.toISOString() : value
    })
    return sql`${sql.param(values)}::${sql.raw(column.getSQLType())}[]`
  })
  const names = keys.map((key) => sql.identifier(columns[key]!.name))
  await db.execute(
    sql`insert into ${table} (${sql.join(names, sql`, `)}) select * from unnest(${sql.join(arrays, sql`, `)})`,
  )
}

export interface BatchInfo {
  kind: OrganisationKind
  /** 1-based positions of the batch's first and last organisation of this kind. */
  from: number
  to: number
  supervisorId: string
  /** Password hash per user, by organisation position in the batch and user position. */
  passwordHash: (draftIndex: number, userIndex: number) => string
}

/**
 * Writes a batch of organisations and all that hangs off them in one transaction, audited
 * by one `seed.batch_created` event (counts and the id range: ids are time-ordered), plus
 * one event for each public flag or suspension, as the supervisor's own actions would be.
 */
export function writeDrafts(db: Database, drafts: readonly OrganisationDraft[], batch: BatchInfo) {
  const organisationRows = drafts.map((d) => d.organisation)
  const userRows = drafts.flatMap((d, i) =>
    d.users.map((user, u) => ({
      organisationId: d.organisation.id!,
      role: batch.kind,
      name: user.name,
      phone: user.phone,
      passwordHash: batch.passwordHash(i, u),
      // The first person, as if they had registered the organisation, manages its accounts.
      organisationAdmin: u === 0,
      createdAt: d.organisation.createdAt,
    })),
  )
  const rows = {
    qualifications: drafts.flatMap((d) => d.qualifications),
    practitioners: drafts.flatMap((d) => d.practitioners),
    offerings: drafts.flatMap((d) => d.offerings),
    cases: drafts.flatMap((d) => d.cases),
    supervision: drafts.flatMap((d) => d.supervision),
  }
  const counts = {
    organisations: organisationRows.length,
    users: userRows.length,
    qualifications: rows.qualifications.length,
    practitioners: rows.practitioners.length,
    offerings: rows.offerings.length,
    offeringCases: rows.cases.length,
    verified: rows.supervision.filter((s) => s.kind === 'verified').length,
  }
  const events: AuditInput[] = [
    {
      actorUserId: null,
      action: 'seed.batch_created',
      subjectType: 'organisation',
      subjectId: null,
      data: {
        kind: batch.kind,
        from: batch.from,
        to: batch.to,
        firstId: organisationRows[0]!.id,
        lastId: organisationRows.at(-1)!.id,
        ...counts,
      },
    },
    ...rows.supervision
      .filter((s) => s.kind !== 'verified')
      .map((s) => ({
        actorUserId: batch.supervisorId,
        action: `organisation.${s.kind}`,
        subjectType: 'organisation',
        subjectId: s.organisationId,
        data: { reason: s.reason },
      })),
  ]
  return inTransaction(db, async (tx) => {
    await insertRows(tx, organisations, organisationRows)
    await insertRows(tx, users, userRows)
    await insertRows(tx, qualifications, rows.qualifications)
    await insertRows(tx, practitioners, rows.practitioners)
    await insertRows(tx, offerings, rows.offerings)
    await insertRows(tx, offeringCases, rows.cases)
    await insertRows(tx, supervisionActions, rows.supervision)
    if (batch.kind === 'agency')
      await reindexAgencies(
        tx,
        organisationRows.map((o) => o.id!),
      )
    await appendAuditEvents(tx, events)
  })
}
