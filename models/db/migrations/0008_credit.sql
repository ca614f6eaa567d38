CREATE TABLE "blacklist_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_id" uuid NOT NULL,
	"rule" text NOT NULL,
	"record_id" uuid,
	"reason" text NOT NULL,
	"starts_at" timestamp (3) with time zone NOT NULL,
	"ends_at" timestamp (3) with time zone NOT NULL,
	"created_by" uuid,
	"lifted_at" timestamp (3) with time zone,
	"lift_reason" text,
	"lifted_by" uuid
);
--> statement-breakpoint
CREATE TABLE "collusion_flags" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"side" text NOT NULL,
	"project_id" uuid,
	"organisation_ids" jsonb NOT NULL,
	"fingerprint" text NOT NULL,
	"evidence" jsonb NOT NULL,
	"strength" integer NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"ruling" text,
	"ruled_at" timestamp (3) with time zone,
	"ruled_by" uuid
);
--> statement-breakpoint
CREATE TABLE "complaints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"target_type" text NOT NULL,
	"target_organisation_id" uuid,
	"project_id" uuid,
	"complainant_user_id" uuid NOT NULL,
	"complainant_organisation_id" uuid,
	"subject" text NOT NULL,
	"grounds" text NOT NULL,
	"upload_id" text,
	"filed_at" timestamp (3) with time zone NOT NULL,
	"answer_due_at" timestamp (3) with time zone NOT NULL,
	"outcome" text,
	"answer" text,
	"answered_at" timestamp (3) with time zone,
	"answered_by" uuid,
	"flagged_overdue_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "credit_appeals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"record_id" uuid NOT NULL,
	"agency_id" uuid NOT NULL,
	"grounds" text NOT NULL,
	"upload_id" text,
	"filed_at" timestamp (3) with time zone NOT NULL,
	"filed_by" uuid NOT NULL,
	"decision" text,
	"decision_reason" text,
	"decided_at" timestamp (3) with time zone,
	"decided_by" uuid
);
--> statement-breakpoint
CREATE TABLE "credit_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_id" uuid NOT NULL,
	"rule" text NOT NULL,
	"points" integer NOT NULL,
	"source_type" text NOT NULL,
	"source_id" text,
	"project_id" uuid,
	"summary" text NOT NULL,
	"status" text NOT NULL,
	"occurred_at" timestamp (3) with time zone NOT NULL,
	"effective_at" timestamp (3) with time zone,
	"expires_at" timestamp (3) with time zone NOT NULL,
	"reply_due_at" timestamp (3) with time zone,
	"reply" text,
	"replied_at" timestamp (3) with time zone,
	"decision_reason" text,
	"created_by" uuid,
	"ended_at" timestamp (3) with time zone,
	"end_reason" text,
	"ended_by" uuid
);
--> statement-breakpoint
CREATE TABLE "inspection_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"population" jsonb NOT NULL,
	"sample_size" integer NOT NULL,
	"risk_weighted" boolean DEFAULT false NOT NULL,
	"inspector_ids" jsonb NOT NULL,
	"commitment" text NOT NULL,
	"secret_sealed" text NOT NULL,
	"secret" text,
	"seed" text,
	"draw_record" jsonb,
	"created_by" uuid NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"drawn_at" timestamp (3) with time zone,
	"published_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "inspection_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"agency_id" uuid NOT NULL,
	"inspector_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"result" text,
	"finding" text,
	"recorded_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "inspector_conflicts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"agency_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"declared_by" uuid NOT NULL,
	"declared_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "market_exits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_id" uuid NOT NULL,
	"uscc" text NOT NULL,
	"reason" text NOT NULL,
	"exited_at" timestamp (3) with time zone NOT NULL,
	"until" timestamp (3) with time zone NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "screen_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"day" date NOT NULL,
	"started_at" timestamp (3) with time zone NOT NULL,
	"finished_at" timestamp (3) with time zone,
	"report" jsonb
);
--> statement-breakpoint
DROP INDEX "offering_search_item_idx";--> statement-breakpoint
DROP INDEX "offering_search_all_idx";--> statement-breakpoint
DROP INDEX "offering_search_county_idx";--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "credit_grade" text DEFAULT 'A' NOT NULL;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "exited_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "bids" ADD COLUMN "set_aside_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "bids" ADD COLUMN "set_aside_reason" text;--> statement-breakpoint
ALTER TABLE "bids" ADD COLUMN "submitted_ip" text;--> statement-breakpoint
ALTER TABLE "bids" ADD COLUMN "submitted_device" text;--> statement-breakpoint
ALTER TABLE "offering_search" ADD COLUMN "credit_grade" text DEFAULT 'A' NOT NULL;--> statement-breakpoint
ALTER TABLE "offering_search" ADD COLUMN "credit_score" integer DEFAULT 100 NOT NULL;--> statement-breakpoint
ALTER TABLE "offering_search_counts" ADD COLUMN "credit_grade" text DEFAULT 'A' NOT NULL;--> statement-breakpoint
ALTER TABLE "blacklist_entries" ADD CONSTRAINT "blacklist_entries_agency_id_organisations_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "blacklist_entries" ADD CONSTRAINT "blacklist_entries_record_id_credit_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."credit_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "blacklist_entries" ADD CONSTRAINT "blacklist_entries_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "blacklist_entries" ADD CONSTRAINT "blacklist_entries_lifted_by_users_id_fk" FOREIGN KEY ("lifted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collusion_flags" ADD CONSTRAINT "collusion_flags_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collusion_flags" ADD CONSTRAINT "collusion_flags_ruled_by_users_id_fk" FOREIGN KEY ("ruled_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_target_organisation_id_organisations_id_fk" FOREIGN KEY ("target_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_complainant_user_id_users_id_fk" FOREIGN KEY ("complainant_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_complainant_organisation_id_organisations_id_fk" FOREIGN KEY ("complainant_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_upload_id_uploads_id_fk" FOREIGN KEY ("upload_id") REFERENCES "public"."uploads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_answered_by_users_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_appeals" ADD CONSTRAINT "credit_appeals_record_id_credit_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."credit_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_appeals" ADD CONSTRAINT "credit_appeals_agency_id_organisations_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_appeals" ADD CONSTRAINT "credit_appeals_upload_id_uploads_id_fk" FOREIGN KEY ("upload_id") REFERENCES "public"."uploads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_appeals" ADD CONSTRAINT "credit_appeals_filed_by_users_id_fk" FOREIGN KEY ("filed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_appeals" ADD CONSTRAINT "credit_appeals_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_records" ADD CONSTRAINT "credit_records_agency_id_organisations_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_records" ADD CONSTRAINT "credit_records_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_records" ADD CONSTRAINT "credit_records_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_records" ADD CONSTRAINT "credit_records_ended_by_users_id_fk" FOREIGN KEY ("ended_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_plans" ADD CONSTRAINT "inspection_plans_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_tasks" ADD CONSTRAINT "inspection_tasks_plan_id_inspection_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."inspection_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_tasks" ADD CONSTRAINT "inspection_tasks_agency_id_organisations_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_tasks" ADD CONSTRAINT "inspection_tasks_inspector_id_users_id_fk" FOREIGN KEY ("inspector_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspector_conflicts" ADD CONSTRAINT "inspector_conflicts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspector_conflicts" ADD CONSTRAINT "inspector_conflicts_agency_id_organisations_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspector_conflicts" ADD CONSTRAINT "inspector_conflicts_declared_by_users_id_fk" FOREIGN KEY ("declared_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "market_exits" ADD CONSTRAINT "market_exits_agency_id_organisations_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "market_exits" ADD CONSTRAINT "market_exits_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "blacklist_entries_agency_idx" ON "blacklist_entries" USING btree ("agency_id","starts_at");--> statement-breakpoint
CREATE INDEX "blacklist_entries_ends_idx" ON "blacklist_entries" USING btree ("ends_at");--> statement-breakpoint
CREATE UNIQUE INDEX "collusion_flags_fingerprint_key" ON "collusion_flags" USING btree ("fingerprint");--> statement-breakpoint
CREATE INDEX "collusion_flags_open_idx" ON "collusion_flags" USING btree ("created_at") WHERE "collusion_flags"."status" = 'open';--> statement-breakpoint
CREATE INDEX "complaints_target_idx" ON "complaints" USING btree ("target_organisation_id","filed_at");--> statement-breakpoint
CREATE INDEX "complaints_open_idx" ON "complaints" USING btree ("answer_due_at") WHERE "complaints"."answered_at" is null;--> statement-breakpoint
CREATE INDEX "credit_appeals_record_idx" ON "credit_appeals" USING btree ("record_id");--> statement-breakpoint
CREATE UNIQUE INDEX "credit_appeals_open_key" ON "credit_appeals" USING btree ("record_id") WHERE "credit_appeals"."decided_at" is null;--> statement-breakpoint
CREATE INDEX "credit_records_agency_idx" ON "credit_records" USING btree ("agency_id","occurred_at");--> statement-breakpoint
CREATE INDEX "credit_records_pending_idx" ON "credit_records" USING btree ("reply_due_at") WHERE "credit_records"."status" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "credit_records_source_key" ON "credit_records" USING btree ("rule","source_type","source_id","agency_id");--> statement-breakpoint
CREATE UNIQUE INDEX "inspection_tasks_plan_agency_key" ON "inspection_tasks" USING btree ("plan_id","agency_id");--> statement-breakpoint
CREATE UNIQUE INDEX "inspector_conflicts_user_agency_key" ON "inspector_conflicts" USING btree ("user_id","agency_id");--> statement-breakpoint
CREATE INDEX "market_exits_uscc_idx" ON "market_exits" USING btree ("uscc","until");--> statement-breakpoint
CREATE UNIQUE INDEX "screen_runs_kind_day_key" ON "screen_runs" USING btree ("kind","day");--> statement-breakpoint
CREATE INDEX "offering_search_item_idx" ON "offering_search" USING btree ("service_item_code","verified","fee_min_fen","offering_id","city_code","region_code","time_limit_days","agency_id","credit_grade","credit_score") WHERE "offering_search"."visible";--> statement-breakpoint
CREATE INDEX "offering_search_all_idx" ON "offering_search" USING btree ("verified","fee_min_fen","offering_id","city_code","region_code","time_limit_days","credit_grade","credit_score") WHERE "offering_search"."visible";--> statement-breakpoint
CREATE INDEX "offering_search_county_idx" ON "offering_search" USING btree ("region_code","verified","fee_min_fen","offering_id","time_limit_days","credit_grade","credit_score") WHERE "offering_search"."visible";--> statement-breakpoint
ALTER TABLE "offering_search_counts" DROP CONSTRAINT "offering_search_counts_pkey";
--> statement-breakpoint
ALTER TABLE "offering_search_counts" ADD CONSTRAINT "offering_search_counts_pkey" PRIMARY KEY("service_item_code","city_code","verified","fee_bucket","credit_grade","qualification");--> statement-breakpoint
-- Existing search rows take their agency's grade and score (search/indexing.ts keeps them after).
UPDATE "offering_search" s SET "credit_grade" = o."credit_grade", "credit_score" = o."credit_score"
FROM "organisations" o
WHERE o."id" = s."agency_id"
  AND (s."credit_grade", s."credit_score") IS DISTINCT FROM (o."credit_grade", o."credit_score");--> statement-breakpoint
-- The counts gain the grade in their key: recounted from the rows, as search/indexing.ts addToCounts keeps them.
DELETE FROM "offering_search_counts";--> statement-breakpoint
INSERT INTO "offering_search_counts"
  ("service_item_code", "city_code", "verified", "fee_bucket", "credit_grade", "qualification", "n")
SELECT s."service_item_code", s."city_code", s."verified",
  CASE WHEN s."fee_min_fen" < 1000000 THEN 'lt1w' WHEN s."fee_min_fen" < 5000000 THEN '1w-5w'
    WHEN s."fee_min_fen" < 20000000 THEN '5w-20w' ELSE 'gte20w' END,
  s."credit_grade", q."qualification", count(*)::int
FROM "offering_search" s
CROSS JOIN LATERAL unnest(array['']::text[] || s."qualifications") AS q("qualification")
WHERE s."visible"
GROUP BY 1, 2, 3, 4, 5, 6;
