import { sql } from 'drizzle-orm'
import {
  boolean,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core'
import { offerings, organisations, tsvector } from './schema.ts'

// The search index's own tables; search/indexing.ts keeps them in step with the records.

/**
 * The offering search index: one narrow row per offering with what search filters, sorts
 * and counts on, so a query never joins organisations. search/indexing.ts rewrites an
 * agency's rows in the transaction of every change to the offering, the agency's profile,
 * qualifications or standing; `visible` is false for a paused offering or a suspended,
 * blacklisted or exited agency (models/blacklist-clock.ts reindexes when a blacklisting ends).
 */
export const offeringSearch = pgTable(
  'offering_search',
  {
    offeringId: uuid('offering_id')
      .primaryKey()
      .references(() => offerings.id, { onDelete: 'cascade' }),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => organisations.id),
    serviceItemCode: text('service_item_code').notNull(),
    regionCode: text('region_code'),
    /** '' for an agency outside Henan, so it can be a facet value and a key. */
    cityCode: text('city_code').notNull(),
    verified: boolean('verified').notNull(),
    feeMinFen: integer('fee_min_fen').notNull(),
    feeMaxFen: integer('fee_max_fen').notNull(),
    timeLimitDays: integer('time_limit_days').notNull(),
    visible: boolean('visible').notNull(),
    /** The catalogue qualifications the agency holds, sorted, each once. */
    qualifications: text('qualifications')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** The agency's credit grade and score, copied so grade filters and the credit sort stay
     * on this table; search/indexing.ts syncCreditGrades keeps them in step. */
    creditGrade: text('credit_grade').notNull().default('A'),
    creditScore: integer('credit_score').notNull().default(100),
    /** Agency name, item, aliases and scope, segmented by jieba. */
    searchVector: tsvector('search_vector').notNull(),
  },
  (t) => [
    index('offering_search_agency_idx').on(t.agencyId),
    // Top results a group at a time, in fee order; the trailing columns let a region,
    // time-limit, grade, credit-sorted or agency query be answered from the index alone.
    index('offering_search_item_idx')
      .on(
        t.serviceItemCode,
        t.verified,
        t.feeMinFen,
        t.offeringId,
        t.cityCode,
        t.regionCode,
        t.timeLimitDays,
        t.agencyId,
        t.creditGrade,
        t.creditScore,
      )
      .where(sql`${t.visible}`),
    index('offering_search_all_idx')
      .on(
        t.verified,
        t.feeMinFen,
        t.offeringId,
        t.cityCode,
        t.regionCode,
        t.timeLimitDays,
        t.creditGrade,
        t.creditScore,
      )
      .where(sql`${t.visible}`),
    index('offering_search_county_idx')
      .on(
        t.regionCode,
        t.verified,
        t.feeMinFen,
        t.offeringId,
        t.timeLimitDays,
        t.creditGrade,
        t.creditScore,
      )
      .where(sql`${t.visible}`),
    index('offering_search_vector_idx').using('gin', t.searchVector),
  ],
)

/**
 * Visible offerings counted by item, city, verified mark, fee bucket, credit grade and
 * qualification ('' counts every offering; a qualification's name counts those whose agency
 * holds it): facets and totals of item and filter searches read a few of these rows instead
 * of counting offerings. Kept by search/indexing.ts together with offering_search.
 */
export const offeringSearchCounts = pgTable(
  'offering_search_counts',
  {
    serviceItemCode: text('service_item_code').notNull(),
    cityCode: text('city_code').notNull(),
    verified: boolean('verified').notNull(),
    feeBucket: text('fee_bucket').notNull(),
    /** Every agency starts at A, so cells kept before grades existed count A. */
    creditGrade: text('credit_grade').notNull().default('A'),
    qualification: text('qualification').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [
    primaryKey({
      name: 'offering_search_counts_pkey',
      columns: [
        t.serviceItemCode,
        t.cityCode,
        t.verified,
        t.feeBucket,
        t.creditGrade,
        t.qualification,
      ],
    }),
  ],
)
