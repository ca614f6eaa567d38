import { sql } from 'drizzle-orm'
import {
  bigint,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { contractStatuses } from '../rules/contract-states.ts'
import { fundingSources } from '../rules/project-states.ts'
import { bids, projects } from './schema-procedures.ts'
import { organisations, serviceItems, uploads, users } from './schema.ts'

// After the award: the contract, its service clock, deliveries, payments and evaluations.

const at = (name: string) => timestamp(name, { withTimezone: true, precision: 3 })
const contractStatusValues = contractStatuses
const fundingSourceValues = fundingSources

/**
 * 服务合同, drawn up from a final award with the winner's price and time limit. A project has
 * at most one live contract; a refused or lapsed one stays on record beside the next.
 */
export const contracts = pgTable(
  'contracts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** 合同编号, printed on the contract. */
    number: text('number').notNull(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    bidId: uuid('bid_id').references(() => bids.id),
    /** Which line of the published ranking this contract was offered to (1 = the winner). */
    rank: integer('rank').notNull(),
    buyerId: uuid('buyer_id')
      .notNull()
      .references(() => organisations.id),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => organisations.id),
    serviceItemCode: text('service_item_code')
      .notNull()
      .references(() => serviceItems.code),
    title: text('title').notNull(),
    scope: text('scope').notNull(),
    funding: text('funding', { enum: fundingSourceValues }).notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    /** Working days of service, counted from signing, not counting pauses. */
    timeLimitWorkdays: integer('time_limit_workdays').notNull(),
    status: text('status', { enum: contractStatusValues }).notNull().default('signing'),
    createdAt: at('created_at').notNull(),
    signDueAt: at('sign_due_at').notNull(),
    buyerSignedAt: at('buyer_signed_at'),
    buyerSignedBy: uuid('buyer_signed_by').references(() => users.id),
    agencySignedAt: at('agency_signed_at'),
    agencySignedBy: uuid('agency_signed_by').references(() => users.id),
    /** The refusal or lapse, with the winner's reason when it gave one. */
    endedAt: at('ended_at'),
    endReason: text('end_reason'),
    /** Both signed: the service clock starts. */
    startedAt: at('started_at'),
    extendedWorkdays: integer('extended_workdays').notNull().default(0),
    /** The current due date (Shanghai calendar), kept with every change to the clock. */
    dueDate: date('due_date', { mode: 'string' }),
    reminderSentAt: at('reminder_sent_at'),
    overdueAt: at('overdue_at'),
    deliveredAt: at('delivered_at'),
    acceptedAt: at('accepted_at'),
    paymentDueAt: at('payment_due_at'),
    paidAt: at('paid_at'),
    paymentLateAt: at('payment_late_at'),
    evaluationDueAt: at('evaluation_due_at'),
    evaluatedAt: at('evaluated_at'),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('contracts_number_key').on(t.number),
    uniqueIndex('contracts_live_per_project_key')
      .on(t.projectId)
      .where(sql`${t.status} not in ('refused', 'lapsed')`),
    index('contracts_project_idx').on(t.projectId, t.createdAt),
    index('contracts_agency_idx').on(t.agencyId, t.status),
    index('contracts_buyer_idx').on(t.buyerId, t.status),
    index('contracts_status_idx').on(t.status),
    check('contracts_amount_check', sql`${t.amountFen} > 0`),
    check('contracts_time_limit_check', sql`${t.timeLimitWorkdays} > 0`),
  ],
)

/** 付款节点: a share of the amount, paid separately. Amounts add up to the contract's. */
export const contractMilestones = pgTable(
  'contract_milestones',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    seq: integer('seq').notNull(),
    name: text('name').notNull(),
    /** Share of the amount in basis points (1/10000); the shares total 10000. */
    shareBasisPoints: integer('share_basis_points').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
  },
  (t) => [
    uniqueIndex('contract_milestones_seq_key').on(t.contractId, t.seq),
    check('contract_milestones_amount_check', sql`${t.amountFen} > 0`),
  ],
)

/** 等待业主: the service clock stands still while the buyer owes input. */
export const contractPauses = pgTable(
  'contract_pauses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    reason: text('reason').notNull(),
    startedAt: at('started_at').notNull(),
    startedBy: uuid('started_by').references(() => users.id),
    endedAt: at('ended_at'),
    endedBy: uuid('ended_by').references(() => users.id),
  },
  (t) => [
    index('contract_pauses_contract_idx').on(t.contractId, t.startedAt),
    uniqueIndex('contract_pauses_open_key')
      .on(t.contractId)
      .where(sql`${t.endedAt} is null`),
  ],
)

/** 延期申请: more working days, granted only by the buyer, with a reason either way. */
export const contractExtensions = pgTable(
  'contract_extensions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    workdays: integer('workdays').notNull(),
    reason: text('reason').notNull(),
    requestedAt: at('requested_at').notNull(),
    requestedBy: uuid('requested_by')
      .notNull()
      .references(() => users.id),
    decision: text('decision', { enum: ['approved', 'declined'] }),
    decisionReason: text('decision_reason'),
    decidedAt: at('decided_at'),
    decidedBy: uuid('decided_by').references(() => users.id),
  },
  (t) => [
    index('contract_extensions_contract_idx').on(t.contractId, t.requestedAt),
    uniqueIndex('contract_extensions_open_key')
      .on(t.contractId)
      .where(sql`${t.decidedAt} is null`),
    check('contract_extensions_workdays_check', sql`${t.workdays} between 1 and 250`),
  ],
)

/** 服务成果: one round of delivery and the buyer's acceptance or return. Every round is kept. */
export const deliveries = pgTable(
  'deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    round: integer('round').notNull(),
    note: text('note').notNull(),
    submittedAt: at('submitted_at').notNull(),
    submittedBy: uuid('submitted_by')
      .notNull()
      .references(() => users.id),
    decision: text('decision', { enum: ['accepted', 'returned'] }),
    decisionReason: text('decision_reason'),
    decidedAt: at('decided_at'),
    decidedBy: uuid('decided_by').references(() => users.id),
  },
  (t) => [uniqueIndex('deliveries_round_key').on(t.contractId, t.round)],
)

export const deliveryFiles = pgTable(
  'delivery_files',
  {
    deliveryId: uuid('delivery_id')
      .notNull()
      .references(() => deliveries.id),
    seq: integer('seq').notNull(),
    uploadId: text('upload_id')
      .notNull()
      .references(() => uploads.id),
  },
  (t) => [
    primaryKey({ columns: [t.deliveryId, t.seq] }),
    index('delivery_files_upload_idx').on(t.uploadId),
  ],
)

export const paymentMethods = ['budget', 'stripe', 'offline_transfer'] as const
export const paymentStatuses = ['pending', 'paid', 'refunded', 'expired', 'refund_due'] as const

/**
 * Money paid against a contract (or one milestone of it). Budget payments and offline
 * transfers are records of money that moved elsewhere; a Stripe payment is pending until
 * its checkout.session.completed webhook arrives.
 */
export const payments = pgTable(
  'payments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    milestoneId: uuid('milestone_id').references(() => contractMilestones.id),
    method: text('method', { enum: paymentMethods }).notNull(),
    status: text('status', { enum: paymentStatuses }).notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    /** Budget payments: 预算指标 / 项目编码, 凭证号 and the day the treasury paid. */
    budgetLine: text('budget_line'),
    voucherNumber: text('voucher_number'),
    paidOn: date('paid_on', { mode: 'string' }),
    voucherUploadId: text('voucher_upload_id').references(() => uploads.id),
    stripeSessionId: text('stripe_session_id'),
    stripePaymentIntentId: text('stripe_payment_intent_id'),
    stripeRefundId: text('stripe_refund_id'),
    recordedBy: uuid('recorded_by').references(() => users.id),
    createdAt: at('created_at').notNull(),
    paidAt: at('paid_at'),
    refundedAt: at('refunded_at'),
  },
  (t) => [
    index('payments_contract_idx').on(t.contractId, t.createdAt),
    uniqueIndex('payments_stripe_session_key').on(t.stripeSessionId),
    index('payments_voucher_upload_idx')
      .on(t.voucherUploadId)
      .where(sql`${t.voucherUploadId} is not null`),
    check('payments_amount_check', sql`${t.amountFen} > 0`),
  ],
)

/** Stripe events already handled: a replayed webhook finds its id here and changes nothing. */
export const stripeEvents = pgTable('stripe_events', {
  id: text('id').primaryKey(),
  type: text('type').notNull(),
  receivedAt: at('received_at').notNull(),
})

export const evaluationRaterKinds = ['buyer', 'approval_department'] as const

/**
 * 服务评价 of a completed contract: the buyer's five scores (1–5), or the approval
 * department's quality score; one of each per contract. The agency may reply once; a
 * supervisor may hide an abusive comment with a public reason.
 */
export const evaluations = pgTable(
  'evaluations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => organisations.id),
    raterKind: text('rater_kind', { enum: evaluationRaterKinds }).notNull(),
    raterOrganisationId: uuid('rater_organisation_id')
      .notNull()
      .references(() => organisations.id),
    raterUserId: uuid('rater_user_id')
      .notNull()
      .references(() => users.id),
    quality: integer('quality').notNull(),
    timeliness: integer('timeliness'),
    attitude: integer('attitude'),
    fees: integer('fees'),
    conduct: integer('conduct'),
    comment: text('comment').notNull().default(''),
    createdAt: at('created_at').notNull(),
    reply: text('reply'),
    repliedAt: at('replied_at'),
    repliedBy: uuid('replied_by').references(() => users.id),
    hiddenAt: at('hidden_at'),
    hiddenReason: text('hidden_reason'),
    hiddenBy: uuid('hidden_by').references(() => users.id),
  },
  (t) => [
    uniqueIndex('evaluations_contract_rater_key').on(t.contractId, t.raterKind),
    index('evaluations_agency_idx').on(t.agencyId, t.createdAt),
    check(
      'evaluations_scores_check',
      sql`${t.quality} between 1 and 5 and coalesce(${t.timeliness}, 1) between 1 and 5 and coalesce(${t.attitude}, 1) between 1 and 5 and coalesce(${t.fees}, 1) between 1 and 5 and coalesce(${t.conduct}, 1) between 1 and 5`,
    ),
    check(
      'evaluations_buyer_scores_check',
      sql`${t.raterKind} <> 'buyer' or (${t.timeliness} is not null and ${t.attitude} is not null and ${t.fees} is not null and ${t.conduct} is not null)`,
    ),
  ],
)

/**
 * Facts that will weigh on credit (the credit issue turns them into scored records): a winner
 * refusing to sign or letting it lapse, late or on-time delivery, a buyer paying late.
 */
export const creditEvents = pgTable(
  'credit_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    kind: text('kind').notNull(),
    contractId: uuid('contract_id').references(() => contracts.id),
    projectId: uuid('project_id').references(() => projects.id),
    summary: text('summary').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    occurredAt: at('occurred_at').notNull(),
  },
  (t) => [
    index('credit_events_organisation_idx').on(t.organisationId, t.occurredAt),
    uniqueIndex('credit_events_once_key').on(t.kind, t.contractId),
  ],
)
