CREATE TABLE "offering_cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"offering_id" uuid NOT NULL,
	"title" text NOT NULL,
	"client_name" text NOT NULL,
	"completed_on" date NOT NULL,
	"amount_fen" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "offerings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_id" uuid NOT NULL,
	"service_item_code" text NOT NULL,
	"fee_kind" text NOT NULL,
	"fee_min_fen" integer NOT NULL,
	"fee_max_fen" integer NOT NULL,
	"fee_rule" text DEFAULT '' NOT NULL,
	"fee_example" text DEFAULT '' NOT NULL,
	"time_limit_days" integer NOT NULL,
	"scope" text DEFAULT '' NOT NULL,
	"paused_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "offerings_fee_check" CHECK ("offerings"."fee_min_fen" >= 0 and "offerings"."fee_max_fen" >= "offerings"."fee_min_fen"),
	CONSTRAINT "offerings_time_limit_check" CHECK ("offerings"."time_limit_days" > 0)
);
--> statement-breakpoint
CREATE TABLE "practitioners" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_id" uuid NOT NULL,
	"name" text NOT NULL,
	"certificate_type" text NOT NULL,
	"certificate_number" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "qualifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_id" uuid NOT NULL,
	"type" text NOT NULL,
	"is_other" boolean DEFAULT false NOT NULL,
	"level" text DEFAULT '' NOT NULL,
	"number" text NOT NULL,
	"issuer" text NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"scan_upload_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "qualifications_dates_check" CHECK ("qualifications"."valid_to" is null or "qualifications"."valid_to" >= "qualifications"."valid_from")
);
--> statement-breakpoint
CREATE TABLE "service_item_versions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"change" text NOT NULL,
	"snapshot" jsonb NOT NULL,
	"changed_by" uuid,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "supervision_actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"supervisor_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "uploads" (
	"id" text PRIMARY KEY NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"original_name" text NOT NULL,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "legal_representative" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "address" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "region_code" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "city_code" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "contact_name" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "contact_phone" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "contact_email" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "introduction" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "logo_upload_id" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "flagged_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "flag_reason" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "suspended_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "suspension_reason" text;--> statement-breakpoint
ALTER TABLE "offering_cases" ADD CONSTRAINT "offering_cases_offering_id_offerings_id_fk" FOREIGN KEY ("offering_id") REFERENCES "public"."offerings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offerings" ADD CONSTRAINT "offerings_agency_id_organisations_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offerings" ADD CONSTRAINT "offerings_service_item_code_service_items_code_fk" FOREIGN KEY ("service_item_code") REFERENCES "public"."service_items"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practitioners" ADD CONSTRAINT "practitioners_agency_id_organisations_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qualifications" ADD CONSTRAINT "qualifications_agency_id_organisations_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qualifications" ADD CONSTRAINT "qualifications_scan_upload_id_uploads_id_fk" FOREIGN KEY ("scan_upload_id") REFERENCES "public"."uploads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_item_versions" ADD CONSTRAINT "service_item_versions_code_service_items_code_fk" FOREIGN KEY ("code") REFERENCES "public"."service_items"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_item_versions" ADD CONSTRAINT "service_item_versions_changed_by_users_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_actions" ADD CONSTRAINT "supervision_actions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_actions" ADD CONSTRAINT "supervision_actions_supervisor_id_users_id_fk" FOREIGN KEY ("supervisor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "uploads" ADD CONSTRAINT "uploads_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "offering_cases_offering_idx" ON "offering_cases" USING btree ("offering_id");--> statement-breakpoint
CREATE UNIQUE INDEX "offerings_agency_item_key" ON "offerings" USING btree ("agency_id","service_item_code");--> statement-breakpoint
CREATE INDEX "offerings_item_idx" ON "offerings" USING btree ("service_item_code","fee_min_fen");--> statement-breakpoint
CREATE INDEX "practitioners_agency_idx" ON "practitioners" USING btree ("agency_id");--> statement-breakpoint
CREATE INDEX "qualifications_agency_idx" ON "qualifications" USING btree ("agency_id");--> statement-breakpoint
CREATE INDEX "qualifications_type_idx" ON "qualifications" USING btree ("type","valid_to");--> statement-breakpoint
CREATE INDEX "service_item_versions_code_idx" ON "service_item_versions" USING btree ("code","changed_at");--> statement-breakpoint
CREATE INDEX "supervision_actions_org_idx" ON "supervision_actions" USING btree ("organisation_id","created_at");--> statement-breakpoint
CREATE INDEX "organisations_kind_city_idx" ON "organisations" USING btree ("kind","city_code");--> statement-breakpoint
CREATE INDEX "organisations_kind_created_idx" ON "organisations" USING btree ("kind","created_at");