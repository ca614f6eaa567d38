CREATE TABLE "bids" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"agency_id" uuid NOT NULL,
	"submitted_by" uuid NOT NULL,
	"sealed" text NOT NULL,
	"commitment" text NOT NULL,
	"time_limit_days" integer NOT NULL,
	"proposal" text DEFAULT '' NOT NULL,
	"proposal_upload_id" text,
	"revision" integer DEFAULT 1 NOT NULL,
	"submission_key" text NOT NULL,
	"submitted_at" timestamp (3) with time zone NOT NULL,
	"withdrawn_at" timestamp (3) with time zone,
	"price_fen" bigint,
	"discount_basis_points" integer,
	"salt" text,
	"valid" boolean,
	"invalid_reason" text,
	"abnormal_low" boolean DEFAULT false NOT NULL,
	"explanation" text,
	"explanation_due_at" timestamp (3) with time zone,
	"explained_at" timestamp (3) with time zone,
	"explanation_decision" text,
	"explanation_decision_reason" text,
	"quality_score" integer,
	"credit_score" integer,
	"rank" integer,
	CONSTRAINT "bids_quality_check" CHECK ("bids"."quality_score" is null or "bids"."quality_score" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "clarifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"asked_by_agency_id" uuid,
	"question" text NOT NULL,
	"asked_at" timestamp (3) with time zone NOT NULL,
	"answer" text,
	"answered_at" timestamp (3) with time zone,
	"answered_by" uuid,
	"changes_scope" boolean DEFAULT false NOT NULL,
	"deadline_before" timestamp (3) with time zone,
	"deadline_after" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "email_outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"to_address" text NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid,
	"for_supervisors" boolean DEFAULT false NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"link" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "objections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"agency_id" uuid NOT NULL,
	"filed_by" uuid NOT NULL,
	"grounds" text NOT NULL,
	"upload_id" text,
	"filed_at" timestamp (3) with time zone NOT NULL,
	"answer_due_at" timestamp (3) with time zone NOT NULL,
	"answer" text,
	"answered_at" timestamp (3) with time zone,
	"escalated_at" timestamp (3) with time zone,
	"escalation_reason" text,
	"ruling" text,
	"remedy" text,
	"ruling_reason" text,
	"ruled_at" timestamp (3) with time zone,
	"ruled_by" uuid,
	"closed_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "platform_clock" (
	"id" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"offset_ms" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"summary" text NOT NULL,
	"occurred_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"buyer_id" uuid NOT NULL,
	"created_by" uuid NOT NULL,
	"service_item_code" text NOT NULL,
	"title" text NOT NULL,
	"scope" text NOT NULL,
	"region_code" text NOT NULL,
	"city_code" text NOT NULL,
	"location" text DEFAULT '' NOT NULL,
	"budget_cap_fen" bigint NOT NULL,
	"funding" text NOT NULL,
	"method" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"deadline_at" timestamp (3) with time zone NOT NULL,
	"publicity_workdays" integer DEFAULT 3 NOT NULL,
	"weight_price" integer,
	"weight_quality" integer,
	"weight_credit" integer,
	"abnormal_low_percent" integer DEFAULT 70 NOT NULL,
	"direct_agency_id" uuid,
	"draw_commitment" text,
	"draw_secret_sealed" text,
	"draw_secret" text,
	"draw_seed" text,
	"result" jsonb,
	"winner_agency_id" uuid,
	"awarded_price_fen" bigint,
	"published_at" timestamp (3) with time zone,
	"opened_at" timestamp (3) with time zone,
	"awarded_at" timestamp (3) with time zone,
	"publicity_ends_at" timestamp (3) with time zone,
	"award_final_at" timestamp (3) with time zone,
	"ended_at" timestamp (3) with time zone,
	"end_reason" text,
	"republished_from" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "projects_budget_check" CHECK ("projects"."budget_cap_fen" > 0),
	CONSTRAINT "projects_weights_check" CHECK (("projects"."method" = 'scoring') = ("projects"."weight_price" is not null and "projects"."weight_quality" is not null and "projects"."weight_credit" is not null and "projects"."weight_price" + "projects"."weight_quality" + "projects"."weight_credit" = 100)),
	CONSTRAINT "projects_direct_check" CHECK ("projects"."method" <> 'direct' or ("projects"."funding" = 'own' and "projects"."direct_agency_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "workday_overrides" (
	"date" date PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "credit_score" integer DEFAULT 100 NOT NULL;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "blacklisted_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "bids" ADD CONSTRAINT "bids_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bids" ADD CONSTRAINT "bids_agency_id_organisations_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bids" ADD CONSTRAINT "bids_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bids" ADD CONSTRAINT "bids_proposal_upload_id_uploads_id_fk" FOREIGN KEY ("proposal_upload_id") REFERENCES "public"."uploads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clarifications" ADD CONSTRAINT "clarifications_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clarifications" ADD CONSTRAINT "clarifications_asked_by_agency_id_organisations_id_fk" FOREIGN KEY ("asked_by_agency_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clarifications" ADD CONSTRAINT "clarifications_answered_by_users_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objections" ADD CONSTRAINT "objections_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objections" ADD CONSTRAINT "objections_agency_id_organisations_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objections" ADD CONSTRAINT "objections_filed_by_users_id_fk" FOREIGN KEY ("filed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objections" ADD CONSTRAINT "objections_upload_id_uploads_id_fk" FOREIGN KEY ("upload_id") REFERENCES "public"."uploads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objections" ADD CONSTRAINT "objections_ruled_by_users_id_fk" FOREIGN KEY ("ruled_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_events" ADD CONSTRAINT "project_events_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_buyer_id_organisations_id_fk" FOREIGN KEY ("buyer_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_service_item_code_service_items_code_fk" FOREIGN KEY ("service_item_code") REFERENCES "public"."service_items"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_direct_agency_id_organisations_id_fk" FOREIGN KEY ("direct_agency_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_winner_agency_id_organisations_id_fk" FOREIGN KEY ("winner_agency_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workday_overrides" ADD CONSTRAINT "workday_overrides_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bids_project_agency_key" ON "bids" USING btree ("project_id","agency_id");--> statement-breakpoint
CREATE INDEX "bids_agency_idx" ON "bids" USING btree ("agency_id","submitted_at");--> statement-breakpoint
CREATE INDEX "clarifications_project_idx" ON "clarifications" USING btree ("project_id","asked_at");--> statement-breakpoint
CREATE INDEX "notifications_org_idx" ON "notifications" USING btree ("organisation_id","created_at");--> statement-breakpoint
CREATE INDEX "notifications_supervisors_idx" ON "notifications" USING btree ("created_at") WHERE "notifications"."for_supervisors";--> statement-breakpoint
CREATE INDEX "objections_project_idx" ON "objections" USING btree ("project_id","filed_at");--> statement-breakpoint
CREATE INDEX "project_events_project_idx" ON "project_events" USING btree ("project_id","id");--> statement-breakpoint
CREATE INDEX "projects_status_deadline_idx" ON "projects" USING btree ("status","deadline_at");--> statement-breakpoint
CREATE INDEX "projects_buyer_idx" ON "projects" USING btree ("buyer_id","created_at");--> statement-breakpoint
CREATE INDEX "projects_item_idx" ON "projects" USING btree ("service_item_code","published_at");--> statement-breakpoint
CREATE INDEX "projects_published_idx" ON "projects" USING btree ("published_at");--> statement-breakpoint
CREATE INDEX "projects_city_idx" ON "projects" USING btree ("city_code","published_at");--> statement-breakpoint
-- The platform's clock: the database's (the statement's moment, not the transaction's start),
-- moved only when a test or the demo seed says so.
CREATE FUNCTION platform_now() RETURNS timestamptz LANGUAGE sql VOLATILE AS $$
  SELECT clock_timestamp() + coalesce((SELECT make_interval(secs => offset_ms / 1000.0) FROM platform_clock WHERE id), interval '0')
$$;
