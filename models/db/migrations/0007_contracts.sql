CREATE TABLE "contract_extensions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"workdays" integer NOT NULL,
	"reason" text NOT NULL,
	"requested_at" timestamp (3) with time zone NOT NULL,
	"requested_by" uuid NOT NULL,
	"decision" text,
	"decision_reason" text,
	"decided_at" timestamp (3) with time zone,
	"decided_by" uuid,
	CONSTRAINT "contract_extensions_workdays_check" CHECK ("contract_extensions"."workdays" between 1 and 250)
);
--> statement-breakpoint
CREATE TABLE "contract_milestones" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"name" text NOT NULL,
	"share_basis_points" integer NOT NULL,
	"amount_fen" bigint NOT NULL,
	CONSTRAINT "contract_milestones_amount_check" CHECK ("contract_milestones"."amount_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "contract_pauses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"started_at" timestamp (3) with time zone NOT NULL,
	"started_by" uuid,
	"ended_at" timestamp (3) with time zone,
	"ended_by" uuid
);
--> statement-breakpoint
CREATE TABLE "contracts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"project_id" uuid NOT NULL,
	"bid_id" uuid,
	"rank" integer NOT NULL,
	"buyer_id" uuid NOT NULL,
	"agency_id" uuid NOT NULL,
	"service_item_code" text NOT NULL,
	"title" text NOT NULL,
	"scope" text NOT NULL,
	"funding" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"time_limit_workdays" integer NOT NULL,
	"status" text DEFAULT 'signing' NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"sign_due_at" timestamp (3) with time zone NOT NULL,
	"buyer_signed_at" timestamp (3) with time zone,
	"buyer_signed_by" uuid,
	"agency_signed_at" timestamp (3) with time zone,
	"agency_signed_by" uuid,
	"ended_at" timestamp (3) with time zone,
	"end_reason" text,
	"started_at" timestamp (3) with time zone,
	"extended_workdays" integer DEFAULT 0 NOT NULL,
	"due_date" date,
	"reminder_sent_at" timestamp (3) with time zone,
	"overdue_at" timestamp (3) with time zone,
	"delivered_at" timestamp (3) with time zone,
	"accepted_at" timestamp (3) with time zone,
	"payment_due_at" timestamp (3) with time zone,
	"paid_at" timestamp (3) with time zone,
	"payment_late_at" timestamp (3) with time zone,
	"evaluation_due_at" timestamp (3) with time zone,
	"evaluated_at" timestamp (3) with time zone,
	"updated_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "contracts_amount_check" CHECK ("contracts"."amount_fen" > 0),
	CONSTRAINT "contracts_time_limit_check" CHECK ("contracts"."time_limit_workdays" > 0)
);
--> statement-breakpoint
CREATE TABLE "credit_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"contract_id" uuid,
	"project_id" uuid,
	"summary" text NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"occurred_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"round" integer NOT NULL,
	"note" text NOT NULL,
	"submitted_at" timestamp (3) with time zone NOT NULL,
	"submitted_by" uuid NOT NULL,
	"decision" text,
	"decision_reason" text,
	"decided_at" timestamp (3) with time zone,
	"decided_by" uuid
);
--> statement-breakpoint
CREATE TABLE "delivery_files" (
	"delivery_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"upload_id" text NOT NULL,
	CONSTRAINT "delivery_files_delivery_id_seq_pk" PRIMARY KEY("delivery_id","seq")
);
--> statement-breakpoint
CREATE TABLE "evaluations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"agency_id" uuid NOT NULL,
	"rater_kind" text NOT NULL,
	"rater_organisation_id" uuid NOT NULL,
	"rater_user_id" uuid NOT NULL,
	"quality" integer NOT NULL,
	"timeliness" integer,
	"attitude" integer,
	"fees" integer,
	"conduct" integer,
	"comment" text DEFAULT '' NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"reply" text,
	"replied_at" timestamp (3) with time zone,
	"replied_by" uuid,
	"hidden_at" timestamp (3) with time zone,
	"hidden_reason" text,
	"hidden_by" uuid,
	CONSTRAINT "evaluations_scores_check" CHECK ("evaluations"."quality" between 1 and 5 and coalesce("evaluations"."timeliness", 1) between 1 and 5 and coalesce("evaluations"."attitude", 1) between 1 and 5 and coalesce("evaluations"."fees", 1) between 1 and 5 and coalesce("evaluations"."conduct", 1) between 1 and 5),
	CONSTRAINT "evaluations_buyer_scores_check" CHECK ("evaluations"."rater_kind" <> 'buyer' or ("evaluations"."timeliness" is not null and "evaluations"."attitude" is not null and "evaluations"."fees" is not null and "evaluations"."conduct" is not null))
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"milestone_id" uuid,
	"method" text NOT NULL,
	"status" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"budget_line" text,
	"voucher_number" text,
	"paid_on" date,
	"voucher_upload_id" text,
	"stripe_session_id" text,
	"stripe_payment_intent_id" text,
	"stripe_refund_id" text,
	"recorded_by" uuid,
	"created_at" timestamp (3) with time zone NOT NULL,
	"paid_at" timestamp (3) with time zone,
	"refunded_at" timestamp (3) with time zone,
	CONSTRAINT "payments_amount_check" CHECK ("payments"."amount_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "stripe_events" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"received_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "approval_authority" text;--> statement-breakpoint
ALTER TABLE "contract_extensions" ADD CONSTRAINT "contract_extensions_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_extensions" ADD CONSTRAINT "contract_extensions_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_extensions" ADD CONSTRAINT "contract_extensions_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_milestones" ADD CONSTRAINT "contract_milestones_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_pauses" ADD CONSTRAINT "contract_pauses_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_pauses" ADD CONSTRAINT "contract_pauses_started_by_users_id_fk" FOREIGN KEY ("started_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_pauses" ADD CONSTRAINT "contract_pauses_ended_by_users_id_fk" FOREIGN KEY ("ended_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_bid_id_bids_id_fk" FOREIGN KEY ("bid_id") REFERENCES "public"."bids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_buyer_id_organisations_id_fk" FOREIGN KEY ("buyer_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_agency_id_organisations_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_service_item_code_service_items_code_fk" FOREIGN KEY ("service_item_code") REFERENCES "public"."service_items"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_buyer_signed_by_users_id_fk" FOREIGN KEY ("buyer_signed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_agency_signed_by_users_id_fk" FOREIGN KEY ("agency_signed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_events" ADD CONSTRAINT "credit_events_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_events" ADD CONSTRAINT "credit_events_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_events" ADD CONSTRAINT "credit_events_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_files" ADD CONSTRAINT "delivery_files_delivery_id_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."deliveries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_files" ADD CONSTRAINT "delivery_files_upload_id_uploads_id_fk" FOREIGN KEY ("upload_id") REFERENCES "public"."uploads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_agency_id_organisations_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_rater_organisation_id_organisations_id_fk" FOREIGN KEY ("rater_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_rater_user_id_users_id_fk" FOREIGN KEY ("rater_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_replied_by_users_id_fk" FOREIGN KEY ("replied_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_hidden_by_users_id_fk" FOREIGN KEY ("hidden_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_milestone_id_contract_milestones_id_fk" FOREIGN KEY ("milestone_id") REFERENCES "public"."contract_milestones"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_voucher_upload_id_uploads_id_fk" FOREIGN KEY ("voucher_upload_id") REFERENCES "public"."uploads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contract_extensions_contract_idx" ON "contract_extensions" USING btree ("contract_id","requested_at");--> statement-breakpoint
CREATE UNIQUE INDEX "contract_extensions_open_key" ON "contract_extensions" USING btree ("contract_id") WHERE "contract_extensions"."decided_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "contract_milestones_seq_key" ON "contract_milestones" USING btree ("contract_id","seq");--> statement-breakpoint
CREATE INDEX "contract_pauses_contract_idx" ON "contract_pauses" USING btree ("contract_id","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "contract_pauses_open_key" ON "contract_pauses" USING btree ("contract_id") WHERE "contract_pauses"."ended_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "contracts_number_key" ON "contracts" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "contracts_live_per_project_key" ON "contracts" USING btree ("project_id") WHERE "contracts"."status" not in ('refused', 'lapsed');--> statement-breakpoint
CREATE INDEX "contracts_project_idx" ON "contracts" USING btree ("project_id","created_at");--> statement-breakpoint
CREATE INDEX "contracts_agency_idx" ON "contracts" USING btree ("agency_id","status");--> statement-breakpoint
CREATE INDEX "contracts_buyer_idx" ON "contracts" USING btree ("buyer_id","status");--> statement-breakpoint
CREATE INDEX "contracts_status_idx" ON "contracts" USING btree ("status");--> statement-breakpoint
CREATE INDEX "credit_events_organisation_idx" ON "credit_events" USING btree ("organisation_id","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "credit_events_once_key" ON "credit_events" USING btree ("kind","contract_id");--> statement-breakpoint
CREATE UNIQUE INDEX "deliveries_round_key" ON "deliveries" USING btree ("contract_id","round");--> statement-breakpoint
CREATE UNIQUE INDEX "evaluations_contract_rater_key" ON "evaluations" USING btree ("contract_id","rater_kind");--> statement-breakpoint
CREATE INDEX "evaluations_agency_idx" ON "evaluations" USING btree ("agency_id","created_at");--> statement-breakpoint
CREATE INDEX "payments_contract_idx" ON "payments" USING btree ("contract_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "payments_stripe_session_key" ON "payments" USING btree ("stripe_session_id");