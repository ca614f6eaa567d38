import { sql } from 'drizzle-orm'
import {
  bigint,
  bigserial,
  boolean,
  check,
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
import { fundingSources, projectStatuses, selectionMethods } from '../rules/project-states.ts'
import { organisations, serviceItems, uploads, users } from './schema.ts'

const at = (name: string) => timestamp(name, { withTimezone: true, precision: 3 })

// The enums come from the state machine's rules, so the two cannot drift apart.
const projectStatusValues = projectStatuses
const selectionMethodValues = selectionMethods
const fundingSourceValues = fundingSources

/** A project request (采购公告) and where its procedure stands. */
export const projects = pgTable(
  'projects',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    buyerId: uuid('buyer_id')
      .notNull()
      .references(() => organisations.id),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    serviceItemCode: text('service_item_code')
      .notNull()
      .references(() => serviceItems.code),
    title: text('title').notNull(),
    scope: text('scope').notNull(),
    /** Where the work is: a Henan county code, and its city for filters. */
    regionCode: text('region_code').notNull(),
    cityCode: text('city_code').notNull(),
    location: text('location').notNull().default(''),
    budgetCapFen: bigint('budget_cap_fen', { mode: 'number' }).notNull(),
    funding: text('funding', { enum: fundingSourceValues }).notNull(),
    method: text('method', { enum: selectionMethodValues }).notNull(),
    status: text('status', { enum: projectStatusValues }).notNull().default('draft'),
    deadlineAt: at('deadline_at').notNull(),
    publicityWorkdays: integer('publicity_workdays').notNull().default(3),
    /** Scoring weights (percent, total 100); null unless the method is scoring. */
    weightPrice: integer('weight_price'),
    weightQuality: integer('weight_quality'),
    weightCredit: integer('weight_credit'),
    abnormalLowPercent: integer('abnormal_low_percent').notNull().default(70),
    /** Direct selection: the agency invited, and its answer. */
    directAgencyId: uuid('direct_agency_id').references(() => organisations.id),
    /** Random draw: SHA-256 of the secret, public from publication; the secret is sealed. */
    drawCommitment: text('draw_commitment'),
    drawSecretSealed: text('draw_secret_sealed'),
    drawSecret: text('draw_secret'),
    drawSeed: text('draw_seed'),
    /** The result as published: ranking with reasons (see models/project-results.ts). */
    result: jsonb('result').$type<Record<string, unknown>>(),
    winnerAgencyId: uuid('winner_agency_id').references(() => organisations.id),
    awardedPriceFen: bigint('awarded_price_fen', { mode: 'number' }),
    publishedAt: at('published_at'),
    openedAt: at('opened_at'),
    awardedAt: at('awarded_at'),
    publicityEndsAt: at('publicity_ends_at'),
    awardFinalAt: at('award_final_at'),
    endedAt: at('ended_at'),
    endReason: text('end_reason'),
    republishedFrom: uuid('republished_from'),
    /** The new-project form's one-time key: a second click or a resent form finds this row. */
    submissionKey: text('submission_key'),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('projects_status_deadline_idx').on(t.status, t.deadlineAt),
    uniqueIndex('projects_buyer_submission_key').on(t.buyerId, t.submissionKey),
    index('projects_buyer_idx').on(t.buyerId, t.createdAt),
    index('projects_item_idx').on(t.serviceItemCode, t.publishedAt),
    index('projects_published_idx').on(t.publishedAt),
    index('projects_city_idx').on(t.cityCode, t.publishedAt),
    check('projects_budget_check', sql`${t.budgetCapFen} > 0`),
    check(
      'projects_weights_check',
      sql`(${t.method} = 'scoring') = (${t.weightPrice} is not null and ${t.weightQuality} is not null and ${t.weightCredit} is not null and ${t.weightPrice} + ${t.weightQuality} + ${t.weightCredit} = 100)`,
    ),
    check(
      'projects_direct_check',
      sql`${t.method} <> 'direct' or (${t.funding} = 'own' and ${t.directAgencyId} is not null)`,
    ),
  ],
)

/**
 * One agency's sealed response to a project: a bid, or a draw sign-up with its quote.
 * The price, discount and salt live only in `sealed` (AES-256-GCM) until opening copies
 * them into the plain columns.
 */
export const bids = pgTable(
  'bids',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => organisations.id),
    submittedBy: uuid('submitted_by')
      .notNull()
      .references(() => users.id),
    sealed: text('sealed').notNull(),
    commitment: text('commitment').notNull(),
    timeLimitDays: integer('time_limit_days').notNull(),
    proposal: text('proposal').notNull().default(''),
    proposalUploadId: text('proposal_upload_id').references(() => uploads.id),
    revision: integer('revision').notNull().default(1),
    /** The form token of the latest submission: the same form sent twice changes nothing. */
    submissionKey: text('submission_key').notNull(),
    submittedAt: at('submitted_at').notNull(),
    withdrawnAt: at('withdrawn_at'),
    /** Set aside (e.g. the agency was blacklisted while the procedure was open), with why. */
    setAsideAt: at('set_aside_at'),
    setAsideReason: text('set_aside_reason'),
    /** Keyed hashes of the address and browser the latest revision came from. */
    submittedIp: text('submitted_ip'),
    submittedDevice: text('submitted_device'),
    // Known only after opening.
    priceFen: bigint('price_fen', { mode: 'number' }),
    discountBasisPoints: integer('discount_basis_points'),
    salt: text('salt'),
    valid: boolean('valid'),
    invalidReason: text('invalid_reason'),
    abnormalLow: boolean('abnormal_low').notNull().default(false),
    explanation: text('explanation'),
    explanationDueAt: at('explanation_due_at'),
    explainedAt: at('explained_at'),
    explanationDecision: text('explanation_decision', { enum: ['accepted', 'rejected'] }),
    explanationDecisionReason: text('explanation_decision_reason'),
    qualityScore: integer('quality_score'),
    creditScore: integer('credit_score'),
    rank: integer('rank'),
  },
  (t) => [
    uniqueIndex('bids_project_agency_key').on(t.projectId, t.agencyId),
    index('bids_agency_idx').on(t.agencyId, t.submittedAt),
    // /uploads/:id asks whether a file is a sealed bid's proposal, for every file it serves.
    index('bids_proposal_upload_idx')
      .on(t.proposalUploadId)
      .where(sql`${t.proposalUploadId} is not null`),
    check(
      'bids_quality_check',
      sql`${t.qualityScore} is null or ${t.qualityScore} between 0 and 100`,
    ),
  ],
)

/** 答疑: an agency's question (its name never shown) and the buyer's public answer. */
export const clarifications = pgTable(
  'clarifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    askedByAgencyId: uuid('asked_by_agency_id').references(() => organisations.id),
    question: text('question').notNull(),
    askedAt: at('asked_at').notNull(),
    answer: text('answer'),
    answeredAt: at('answered_at'),
    answeredBy: uuid('answered_by').references(() => users.id),
    changesScope: boolean('changes_scope').notNull().default(false),
    deadlineBefore: at('deadline_before'),
    deadlineAfter: at('deadline_after'),
  },
  (t) => [index('clarifications_project_idx').on(t.projectId, t.askedAt)],
)

/** 质疑 against an award during publicity, the buyer's answer and a supervisor's ruling. */
export const objections = pgTable(
  'objections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => organisations.id),
    filedBy: uuid('filed_by')
      .notNull()
      .references(() => users.id),
    grounds: text('grounds').notNull(),
    uploadId: text('upload_id').references(() => uploads.id),
    filedAt: at('filed_at').notNull(),
    answerDueAt: at('answer_due_at').notNull(),
    answer: text('answer'),
    answeredAt: at('answered_at'),
    escalatedAt: at('escalated_at'),
    escalationReason: text('escalation_reason'),
    ruling: text('ruling', { enum: ['upheld', 'dismissed'] }),
    remedy: text('remedy', { enum: ['re_evaluate', 're_run'] }),
    rulingReason: text('ruling_reason'),
    ruledAt: at('ruled_at'),
    ruledBy: uuid('ruled_by').references(() => users.id),
    /** Closed: answered and not escalated in time, ruled, or withdrawn. */
    closedAt: at('closed_at'),
  },
  (t) => [index('objections_project_idx').on(t.projectId, t.filedAt)],
)

/** The public timeline of a project: every step, in words safe for everyone to read. */
export const projectEvents = pgTable(
  'project_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    kind: text('kind').notNull(),
    summary: text('summary').notNull(),
    occurredAt: at('occurred_at').notNull(),
  },
  (t) => [index('project_events_project_idx').on(t.projectId, t.id)],
)

/** In-app inbox, addressed to an organisation (every user of it sees it) or a supervisor role. */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id').references(() => organisations.id),
    /** For supervisors, who belong to no organisation. */
    forSupervisors: boolean('for_supervisors').notNull().default(false),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    link: text('link'),
    createdAt: at('created_at').notNull().defaultNow(),
    readAt: at('read_at'),
  },
  (t) => [
    index('notifications_org_idx').on(t.organisationId, t.createdAt),
    index('notifications_supervisors_idx')
      .on(t.createdAt)
      .where(sql`${t.forSupervisors}`),
  ],
)

/** Mail the platform would send; in development it is printed to the log. */
export const emailOutbox = pgTable('email_outbox', {
  id: uuid('id').primaryKey().defaultRandom(),
  toAddress: text('to_address').notNull(),
  subject: text('subject').notNull(),
  body: text('body').notNull(),
  createdAt: at('created_at').notNull().defaultNow(),
  sentAt: at('sent_at'),
})

/** Supervisors' entries for the official calendar, overriding the chinese-days package. */
export const workdayOverrides = pgTable('workday_overrides', {
  date: date('date', { mode: 'string' }).primaryKey(),
  kind: text('kind', { enum: ['holiday', 'workday'] }).notNull(),
  name: text('name').notNull(),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: at('created_at').notNull().defaultNow(),
})

/**
 * A single row moving the platform's clock (platform_now()) for tests and demo data.
 * Production never writes it; see models/clock.ts.
 */
export const platformClock = pgTable('platform_clock', {
  id: boolean('id').primaryKey().default(true),
  offsetMs: bigint('offset_ms', { mode: 'number' }).notNull(),
})
