import { sql } from 'drizzle-orm'
import {
  bigserial,
  boolean,
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
import { projects } from './schema-procedures.ts'
import { organisations, uploads, users } from './schema.ts'

// Credit and supervision: scored records, appeals, the blacklist and exits, complaints,
// 双随机 inspections and collusion flags. The rule table lives in models/rules/credit-rules.ts.

const at = (name: string) => timestamp(name, { withTimezone: true, precision: 3 })

export const creditRecordStatuses = ['pending', 'final', 'reversed', 'withdrawn'] as const

/**
 * 信用记录: one scored event against an agency, by a rule of the table. Records from a
 * supervisor's finding start `pending`: the agency has a reply window before they count.
 * A reversed or withdrawn record stays visible with its reason and counts for nothing.
 */
export const creditRecords = pgTable(
  'credit_records',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => organisations.id),
    rule: text('rule').notNull(),
    points: integer('points').notNull(),
    /** What it came from: 'contract', 'evaluation', 'objection', 'complaint', 'inspection', 'collusion', 'supervisor'. */
    sourceType: text('source_type').notNull(),
    sourceId: text('source_id'),
    projectId: uuid('project_id').references(() => projects.id),
    summary: text('summary').notNull(),
    status: text('status', { enum: creditRecordStatuses }).notNull(),
    occurredAt: at('occurred_at').notNull(),
    /** When it began to count (final); null while pending. */
    effectiveAt: at('effective_at'),
    expiresAt: at('expires_at').notNull(),
    replyDueAt: at('reply_due_at'),
    reply: text('reply'),
    repliedAt: at('replied_at'),
    /** A supervisor's public reason for confirming a finding after the agency's reply. */
    decisionReason: text('decision_reason'),
    createdBy: uuid('created_by').references(() => users.id),
    endedAt: at('ended_at'),
    endReason: text('end_reason'),
    endedBy: uuid('ended_by').references(() => users.id),
  },
  (t) => [
    index('credit_records_agency_idx').on(t.agencyId, t.occurredAt),
    index('credit_records_pending_idx')
      .on(t.replyDueAt)
      .where(sql`${t.status} = 'pending'`),
    uniqueIndex('credit_records_source_key').on(t.rule, t.sourceType, t.sourceId, t.agencyId),
  ],
)

/** 信用申诉 against a final record; a supervisor rules with a public reason. */
export const creditAppeals = pgTable(
  'credit_appeals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    recordId: uuid('record_id')
      .notNull()
      .references(() => creditRecords.id),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => organisations.id),
    grounds: text('grounds').notNull(),
    uploadId: text('upload_id').references(() => uploads.id),
    filedAt: at('filed_at').notNull(),
    filedBy: uuid('filed_by')
      .notNull()
      .references(() => users.id),
    decision: text('decision', { enum: ['upheld', 'dismissed'] }),
    decisionReason: text('decision_reason'),
    decidedAt: at('decided_at'),
    decidedBy: uuid('decided_by').references(() => users.id),
  },
  (t) => [
    index('credit_appeals_record_idx').on(t.recordId),
    uniqueIndex('credit_appeals_open_key')
      .on(t.recordId)
      .where(sql`${t.decidedAt} is null`),
  ],
)

/** 失信名单: an agency barred from bids, sign-ups and draws until `endsAt`. */
export const blacklistEntries = pgTable(
  'blacklist_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => organisations.id),
    /** The rule that put it there, or 'supervisor' for a supervisor's own decision. */
    rule: text('rule').notNull(),
    /** The credit record that triggered it, if a rule did: reversing it lifts the entry. */
    recordId: uuid('record_id').references(() => creditRecords.id),
    reason: text('reason').notNull(),
    startsAt: at('starts_at').notNull(),
    endsAt: at('ends_at').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    liftedAt: at('lifted_at'),
    liftReason: text('lift_reason'),
    liftedBy: uuid('lifted_by').references(() => users.id),
  },
  (t) => [
    index('blacklist_entries_agency_idx').on(t.agencyId, t.startsAt),
    index('blacklist_entries_ends_idx').on(t.endsAt),
  ],
)

/** 清退: an agency removed from the market; its USCC may not register again until `until`. */
export const marketExits = pgTable(
  'market_exits',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => organisations.id),
    uscc: text('uscc').notNull(),
    reason: text('reason').notNull(),
    exitedAt: at('exited_at').notNull(),
    until: at('until').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
  },
  (t) => [index('market_exits_uscc_idx').on(t.uscc, t.until)],
)

export const complaintTargets = ['agency', 'buyer', 'project'] as const
export const complaintOutcomes = ['substantiated', 'unsubstantiated'] as const

/** 投诉: anyone signed in, against an agency, a buyer or a project; answered within 10 working days. */
export const complaints = pgTable(
  'complaints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    targetType: text('target_type', { enum: complaintTargets }).notNull(),
    targetOrganisationId: uuid('target_organisation_id').references(() => organisations.id),
    projectId: uuid('project_id').references(() => projects.id),
    /** Kept for supervisors and the audit log; never shown in public. */
    complainantUserId: uuid('complainant_user_id')
      .notNull()
      .references(() => users.id),
    complainantOrganisationId: uuid('complainant_organisation_id').references(
      () => organisations.id,
    ),
    subject: text('subject').notNull(),
    grounds: text('grounds').notNull(),
    uploadId: text('upload_id').references(() => uploads.id),
    filedAt: at('filed_at').notNull(),
    answerDueAt: at('answer_due_at').notNull(),
    outcome: text('outcome', { enum: complaintOutcomes }),
    answer: text('answer'),
    answeredAt: at('answered_at'),
    answeredBy: uuid('answered_by').references(() => users.id),
    /** When the clock first found it unanswered past answerDueAt (supervisors told once). */
    flaggedOverdueAt: at('flagged_overdue_at'),
    /** One per page view of the form: the same form sent twice files one complaint. */
    submissionKey: text('submission_key'),
  },
  (t) => [
    index('complaints_target_idx').on(t.targetOrganisationId, t.filedAt),
    index('complaints_upload_idx')
      .on(t.uploadId)
      .where(sql`${t.uploadId} is not null`),
    uniqueIndex('complaints_complainant_submission_key').on(t.complainantUserId, t.submissionKey),
    index('complaints_open_idx')
      .on(t.answerDueAt)
      .where(sql`${t.answeredAt} is null`),
  ],
)

/** 双随机抽查计划: who may be drawn, how many, by whom; the draw is committed before it is made. */
export const inspectionPlans = pgTable('inspection_plans', {
  id: uuid('id').primaryKey().defaultRandom(),
  title: text('title').notNull(),
  /** Population filters: item codes, categories, city codes (empty = any). */
  population: jsonb('population')
    .$type<{ itemCodes: string[]; categories: string[]; cityCodes: string[] }>()
    .notNull(),
  sampleSize: integer('sample_size').notNull(),
  /** Optional weighting: lower credit grades drawn more often. */
  riskWeighted: boolean('risk_weighted').notNull().default(false),
  /** Supervisors who may inspect (user ids). */
  inspectorIds: jsonb('inspector_ids').$type<string[]>().notNull(),
  commitment: text('commitment').notNull(),
  secretSealed: text('secret_sealed').notNull(),
  secret: text('secret'),
  seed: text('seed'),
  /** The population and order as drawn, for anyone to recompute. */
  drawRecord: jsonb('draw_record').$type<Record<string, unknown>>(),
  createdBy: uuid('created_by')
    .notNull()
    .references(() => users.id),
  createdAt: at('created_at').notNull(),
  drawnAt: at('drawn_at'),
  publishedAt: at('published_at'),
})

/** One drawn agency with its drawn inspector, and the finding. */
export const inspectionTasks = pgTable(
  'inspection_tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => inspectionPlans.id),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => organisations.id),
    inspectorId: uuid('inspector_id')
      .notNull()
      .references(() => users.id),
    position: integer('position').notNull(),
    result: text('result', { enum: ['compliant', 'minor', 'serious'] }),
    finding: text('finding'),
    recordedAt: at('recorded_at'),
  },
  (t) => [uniqueIndex('inspection_tasks_plan_agency_key').on(t.planId, t.agencyId)],
)

/**
 * 回避: a supervisor declared linked to an agency (kin, former employer …) is never drawn to
 * inspect it. Shared contacts are found automatically (models/inspections-links.ts).
 */
export const inspectorConflicts = pgTable(
  'inspector_conflicts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => organisations.id),
    reason: text('reason').notNull(),
    declaredBy: uuid('declared_by')
      .notNull()
      .references(() => users.id),
    declaredAt: at('declared_at').notNull(),
  },
  (t) => [uniqueIndex('inspector_conflicts_user_agency_key').on(t.userId, t.agencyId)],
)

/** 串通筛查: a pattern the screens found, with its evidence; nothing is penalised without a ruling. */
export const collusionFlags = pgTable(
  'collusion_flags',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(),
    /** 'agencies' for bid-rigging patterns, 'buyer' for a buyer's pattern. */
    side: text('side', { enum: ['agencies', 'buyer'] }).notNull(),
    projectId: uuid('project_id').references(() => projects.id),
    organisationIds: jsonb('organisation_ids').$type<string[]>().notNull(),
    /** A key that makes re-running a screen idempotent (kind + sorted ids + scope). */
    fingerprint: text('fingerprint').notNull(),
    evidence: jsonb('evidence').$type<Record<string, unknown>>().notNull(),
    strength: integer('strength').notNull(),
    createdAt: at('created_at').notNull(),
    status: text('status', { enum: ['open', 'dismissed', 'confirmed'] })
      .notNull()
      .default('open'),
    ruling: text('ruling'),
    ruledAt: at('ruled_at'),
    ruledBy: uuid('ruled_by').references(() => users.id),
  },
  (t) => [
    uniqueIndex('collusion_flags_fingerprint_key').on(t.fingerprint),
    index('collusion_flags_open_idx')
      .on(t.createdAt)
      .where(sql`${t.status} = 'open'`),
  ],
)

/** One run of a scheduled screen per Shanghai day: the unique day makes a second run a no-op. */
export const screenRuns = pgTable(
  'screen_runs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(),
    /** The Asia/Shanghai date the run belongs to, 'YYYY-MM-DD'. */
    day: date('day', { mode: 'string' }).notNull(),
    startedAt: at('started_at').notNull(),
    finishedAt: at('finished_at'),
    report: jsonb('report').$type<Record<string, unknown>>(),
  },
  (t) => [uniqueIndex('screen_runs_kind_day_key').on(t.kind, t.day)],
)
