import { sql } from 'drizzle-orm'
import {
  bigserial,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'

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
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('organisations_uscc_key').on(t.uscc),
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
