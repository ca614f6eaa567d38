import {
  bigserial,
  index,
  json,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import type { OcdsRelease } from '../rules/ocds-types.ts'
import { projects } from './schema-procedures.ts'

/**
 * OCDS 1.1 releases as published (models/ocds.ts): one row per public change of a project,
 * written in the transaction of the step and never changed after (a trigger refuses it), so
 * what a reader downloaded once stays what the platform says it published.
 */
export const ocdsReleases = pgTable(
  'ocds_releases',
  {
    /** The release id, unique within its ocid: `${ocid}-${n}`, n counting from 1. */
    id: text('id').primaryKey(),
    ocid: text('ocid').notNull(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    date: timestamp('date', { withTimezone: true, precision: 3 }).notNull(),
    tags: text('tags').array().notNull(),
    /** The procedure step (audit action) that published it, e.g. project.opened. */
    step: text('step').notNull(),
    /** The whole release, as served: json, not jsonb, keeps its text byte for byte. */
    release: json('release').$type<OcdsRelease>().notNull(),
    /** Publication order: written under the audit chain's lock, so it is commit order too. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
  },
  (t) => [
    uniqueIndex('ocds_releases_seq_key').on(t.seq),
    index('ocds_releases_ocid_idx').on(t.ocid, t.seq),
    index('ocds_releases_project_idx').on(t.projectId, t.seq),
    index('ocds_releases_date_idx').on(t.date, t.seq),
  ],
)
