import { sql } from 'drizzle-orm'
import {
  bigserial,
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'

/** A tsvector the application writes from jieba-segmented text (search/indexing.ts). */
export const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' })

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow()

export const organisationKinds = ['agency', 'department', 'enterprise'] as const
export type OrganisationKind = (typeof organisationKinds)[number]

export const roles = ['agency', 'department', 'enterprise', 'supervisor'] as const
export type Role = (typeof roles)[number]

export const organisations = pgTable(
  'organisations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: organisationKinds }).notNull(),
    name: text('name').notNull(),
    uscc: text('uscc').notNull(),
    legalRepresentative: text('legal_representative').notNull().default(''),
    address: text('address').notNull().default(''),
    /** A Henan county code (GB/T 2260), or null for an organisation from another province. */
    regionCode: text('region_code'),
    /** First four digits of regionCode, kept for the directory's city filter. */
    cityCode: text('city_code'),
    contactName: text('contact_name').notNull().default(''),
    contactPhone: text('contact_phone').notNull().default(''),
    contactEmail: text('contact_email').notNull().default(''),
    introduction: text('introduction').notNull().default(''),
    logoUploadId: text('logo_upload_id'),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    /** Public reason shown while a supervisor has flagged false information. */
    flaggedAt: timestamp('flagged_at', { withTimezone: true }),
    flagReason: text('flag_reason'),
    suspendedAt: timestamp('suspended_at', { withTimezone: true }),
    suspensionReason: text('suspension_reason'),
    /** Unpaused offerings, kept by models/offerings.ts in the same transaction as each change. */
    activeOfferingCount: integer('active_offering_count').notNull().default(0),
    /** 0–100 from the agency's credit records (models/credit.ts), and its grade A–D. */
    creditScore: integer('credit_score').notNull().default(100),
    creditGrade: text('credit_grade').notNull().default('A'),
    /** 清退: removed from the market (models/blacklist.ts); gone from the directory and search. */
    exitedAt: timestamp('exited_at', { withTimezone: true }),
    /** On the blacklist (失信名单) until then: no bids, no draws. */
    blacklistedUntil: timestamp('blacklisted_until', { withTimezone: true }),
    /**
     * For a department: the catalogue's approval authority it is (生态环境局, 水利局 …), so it
     * may rate the quality of deliverables it approves.
     */
    approvalAuthority: text('approval_authority'),
    /** Name, introduction and offered items, segmented; written with every change to them. */
    searchVector: tsvector('search_vector'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('organisations_uscc_key').on(t.uscc),
    index('organisations_search_idx').using('gin', t.searchVector),
    index('organisations_name_trgm_idx').using('gin', sql`${t.name} gin_trgm_ops`),
    index('organisations_kind_city_idx').on(t.kind, t.cityCode),
    index('organisations_kind_created_idx').on(t.kind, t.createdAt),
    index('organisations_kind_offering_count_idx').on(t.kind, t.activeOfferingCount, t.createdAt),
    index('organisations_kind_name_idx').on(t.kind, t.name),
    index('organisations_kind_verified_created_idx').on(
      t.kind,
      sql`(${t.verifiedAt} is null)`,
      t.createdAt,
    ),
    // The directory's agencies by city, read from the index alone when counting a filter.
    index('organisations_listed_city_idx')
      .on(t.cityCode, t.id)
      .where(sql`${t.kind} = 'agency' and ${t.suspendedAt} is null and ${t.exitedAt} is null`),
    // A city's listed agencies newest first: the directory filtered by city reads 20 entries
    // instead of walking every agency by date (4 ms → 0.5 ms on 100,000 agencies).
    index('organisations_listed_city_created_idx')
      .on(t.cityCode, t.createdAt, t.id)
      .where(sql`${t.kind} = 'agency' and ${t.suspendedAt} is null and ${t.exitedAt} is null`),
    // The few organisations whose offerings do not count (buyers, suspended, exited).
    index('organisations_unlisted_idx')
      .on(t.id)
      .where(
        sql`${t.kind} <> 'agency' or ${t.suspendedAt} is not null or ${t.exitedAt} is not null`,
      ),
    // Serving /uploads/<id> asks whether the file is someone's logo (models/upload-access.ts).
    index('organisations_logo_upload_idx')
      .on(t.logoUploadId)
      .where(sql`${t.logoUploadId} is not null`),
    check('organisations_kind_check', sql`${t.kind} in ('agency', 'department', 'enterprise')`),
  ],
)

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id').references(() => organisations.id),
    role: text('role', { enum: roles }).notNull(),
    name: text('name').notNull(),
    phone: text('phone').notNull(),
    email: text('email'),
    passwordHash: text('password_hash').notNull(),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }),
    // Set when someone else chose the password (an administrator's reset): the next sign-in
    // goes to changing it.
    passwordMustChange: boolean('password_must_change').notNull().default(false),
    // Manages the organisation's accounts; the person who registered it is the first.
    organisationAdmin: boolean('organisation_admin').notNull().default(false),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('users_phone_key').on(t.phone),
    uniqueIndex('users_email_key').on(t.email),
    index('users_organisation_idx').on(t.organisationId),
    check(
      'users_role_check',
      sql`${t.role} in ('agency', 'department', 'enterprise', 'supervisor')`,
    ),
    // Only supervisors stand outside an organisation.
    check(
      'users_organisation_check',
      sql`(${t.role} = 'supervisor') = (${t.organisationId} is null)`,
    ),
  ],
)

export const sessions = pgTable(
  'sessions',
  {
    // SHA-256 of the cookie's random id: a database reader cannot hijack a session.
    idHash: text('id_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)],
)

export const auditEvents = pgTable(
  'audit_events',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, precision: 3 }).notNull(),
    actorUserId: uuid('actor_user_id'),
    action: text('action').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    // One successor per row keeps the chain a single line.
    uniqueIndex('audit_events_prev_hash_key').on(t.prevHash),
    uniqueIndex('audit_events_hash_key').on(t.hash),
    index('audit_events_subject_idx').on(t.subjectType, t.subjectId),
  ],
)

export const feeTypes = ['市场调节价', '政府指导价', '政府定价'] as const

export const serviceItems = pgTable('service_items', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  category: text('category').notNull(),
  department: text('department').notNull(),
  servesApproval: text('serves_approval').notNull(),
  legalBasis: text('legal_basis').notNull(),
  feeType: text('fee_type').notNull(),
  feeStandard: text('fee_standard').notNull().default(''),
  feeMinFen: integer('fee_min_fen'),
  feeMaxFen: integer('fee_max_fen'),
  timeLimitWorkdays: integer('time_limit_workdays').notNull(),
  conditions: text('conditions').notNull().default(''),
  workflow: text('workflow').notNull().default(''),
  qualification: text('qualification'),
  aliases: text('aliases')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  retiredAt: timestamp('retired_at', { withTimezone: true }),
  createdAt: createdAt(),
})

/** Every version of a catalogue item, so the list's history can be read back. */
export const serviceItemVersions = pgTable(
  'service_item_versions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    code: text('code')
      .notNull()
      .references(() => serviceItems.code),
    change: text('change', { enum: ['created', 'edited', 'retired', 'reinstated'] }).notNull(),
    snapshot: jsonb('snapshot').$type<Record<string, unknown>>().notNull(),
    changedBy: uuid('changed_by').references(() => users.id),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('service_item_versions_code_idx').on(t.code, t.changedAt)],
)

/** Files stored once by content hash under data/uploads. */
export const uploads = pgTable('uploads', {
  id: text('id').primaryKey(), // SHA-256 of the content
  contentType: text('content_type', {
    enum: ['application/pdf', 'image/jpeg', 'image/png'],
  }).notNull(),
  size: integer('size').notNull(),
  originalName: text('original_name').notNull(),
  uploadedBy: uuid('uploaded_by').references(() => users.id),
  createdAt: createdAt(),
})

export const qualifications = pgTable(
  'qualifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => organisations.id),
    /** A qualification name from the catalogue, or free text when `isOther`. */
    type: text('type').notNull(),
    isOther: boolean('is_other').notNull().default(false),
    level: text('level').notNull().default(''),
    number: text('number').notNull(),
    issuer: text('issuer').notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }),
    scanUploadId: text('scan_upload_id').references(() => uploads.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('qualifications_agency_idx').on(t.agencyId),
    index('qualifications_type_idx').on(t.type, t.validTo),
    index('qualifications_scan_upload_idx')
      .on(t.scanUploadId)
      .where(sql`${t.scanUploadId} is not null`),
    check(
      'qualifications_dates_check',
      sql`${t.validTo} is null or ${t.validTo} >= ${t.validFrom}`,
    ),
  ],
)

export const practitioners = pgTable(
  'practitioners',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => organisations.id),
    name: text('name').notNull(),
    certificateType: text('certificate_type').notNull(),
    certificateNumber: text('certificate_number').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('practitioners_agency_idx').on(t.agencyId)],
)

export const feeKinds = ['fixed', 'range', 'rule'] as const
export type FeeKind = (typeof feeKinds)[number]

/**
 * An agency's listing for one catalogue item. Every fee kind stores its bounds in
 * fen (fixed: min = max), so the price figures and bid honesty checks need no parsing.
 */
export const offerings = pgTable(
  'offerings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => organisations.id),
    serviceItemCode: text('service_item_code')
      .notNull()
      .references(() => serviceItems.code),
    feeKind: text('fee_kind', { enum: feeKinds }).notNull(),
    feeMinFen: integer('fee_min_fen').notNull(),
    feeMaxFen: integer('fee_max_fen').notNull(),
    /** For a rule: how the fee is worked out, and one worked example. */
    feeRule: text('fee_rule').notNull().default(''),
    feeExample: text('fee_example').notNull().default(''),
    timeLimitDays: integer('time_limit_days').notNull(),
    scope: text('scope').notNull().default(''),
    pausedAt: timestamp('paused_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('offerings_agency_item_key').on(t.agencyId, t.serviceItemCode),
    index('offerings_item_idx').on(t.serviceItemCode, t.feeMinFen),
    // An item's active offerings: the directory's item filter and the item's fee figures.
    index('offerings_active_item_idx')
      .on(t.serviceItemCode, t.agencyId, t.feeMinFen, t.feeMaxFen)
      .where(sql`${t.pausedAt} is null`),
    check('offerings_fee_check', sql`${t.feeMinFen} >= 0 and ${t.feeMaxFen} >= ${t.feeMinFen}`),
    check('offerings_time_limit_check', sql`${t.timeLimitDays} > 0`),
  ],
)

/** Past work (业绩) an agency shows under one offering. */
export const offeringCases = pgTable(
  'offering_cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    offeringId: uuid('offering_id')
      .notNull()
      .references(() => offerings.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    clientName: text('client_name').notNull(),
    completedOn: date('completed_on', { mode: 'string' }).notNull(),
    amountFen: integer('amount_fen'),
    createdAt: createdAt(),
  },
  (t) => [index('offering_cases_offering_idx').on(t.offeringId)],
)

export const supervisionActionKinds = [
  'verified',
  'flagged',
  'unflagged',
  'suspended',
  'reinstated',
] as const

/** Supervisors' public decisions about an organisation, with their reasons. */
export const supervisionActions = pgTable(
  'supervision_actions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    kind: text('kind', { enum: supervisionActionKinds }).notNull(),
    reason: text('reason').notNull().default(''),
    supervisorId: uuid('supervisor_id')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('supervision_actions_org_idx').on(t.organisationId, t.createdAt)],
)

/**
 * The demo seed's one run: started, and finished when everything is in. A row without
 * `finished_at` is a seed that was interrupted, a database to throw away (seed/run.ts).
 */
export const demoSeedRuns = pgTable(
  'demo_seed_runs',
  {
    id: boolean('id').primaryKey().default(true),
    seed: integer('seed').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [check('demo_seed_runs_single_row', sql`${t.id}`)],
)
