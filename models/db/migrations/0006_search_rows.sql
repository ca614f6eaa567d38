CREATE TABLE "offering_search" (
	"offering_id" uuid PRIMARY KEY NOT NULL,
	"agency_id" uuid NOT NULL,
	"service_item_code" text NOT NULL,
	"region_code" text,
	"city_code" text NOT NULL,
	"verified" boolean NOT NULL,
	"fee_min_fen" integer NOT NULL,
	"fee_max_fen" integer NOT NULL,
	"time_limit_days" integer NOT NULL,
	"visible" boolean NOT NULL,
	"qualifications" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"search_vector" "tsvector" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "offering_search_counts" (
	"service_item_code" text NOT NULL,
	"city_code" text NOT NULL,
	"verified" boolean NOT NULL,
	"fee_bucket" text NOT NULL,
	"qualification" text NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "offering_search_counts_pkey" PRIMARY KEY("service_item_code","city_code","verified","fee_bucket","qualification")
);
--> statement-breakpoint
DROP INDEX "offerings_search_idx";--> statement-breakpoint
ALTER TABLE "offering_search" ADD CONSTRAINT "offering_search_offering_id_offerings_id_fk" FOREIGN KEY ("offering_id") REFERENCES "public"."offerings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offering_search" ADD CONSTRAINT "offering_search_agency_id_organisations_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Fill the search rows from the offerings' existing vectors (an offering without one is
-- reindexed at the next start), then count them: the fee buckets are search/filters.ts's.
INSERT INTO "offering_search" ("offering_id", "agency_id", "service_item_code", "region_code", "city_code", "verified", "fee_min_fen", "fee_max_fen", "time_limit_days", "visible", "qualifications", "created_at", "search_vector")
SELECT f.id, f.agency_id, f.service_item_code, o.region_code, coalesce(o.city_code, ''), o.verified_at IS NOT NULL,
  f.fee_min_fen, f.fee_max_fen, f.time_limit_days, (f.paused_at IS NULL AND o.suspended_at IS NULL AND o.kind = 'agency'),
  coalesce(q.types, '{}'::text[]), f.created_at, f.search_vector
FROM "offerings" f
JOIN "organisations" o ON o.id = f.agency_id
LEFT JOIN (
  SELECT agency_id, array_agg(DISTINCT type ORDER BY type) AS types FROM "qualifications" WHERE NOT is_other GROUP BY agency_id
) q ON q.agency_id = f.agency_id
WHERE f.search_vector IS NOT NULL;--> statement-breakpoint
INSERT INTO "offering_search_counts" ("service_item_code", "city_code", "verified", "fee_bucket", "qualification", "n")
SELECT s.service_item_code, s.city_code, s.verified,
  CASE WHEN s.fee_min_fen < 1000000 THEN 'lt1w' WHEN s.fee_min_fen < 5000000 THEN '1w-5w' WHEN s.fee_min_fen < 20000000 THEN '5w-20w' ELSE 'gte20w' END,
  q.qualification, count(*)::int
FROM "offering_search" s CROSS JOIN LATERAL unnest(array['']::text[] || s.qualifications) AS q(qualification)
WHERE s.visible
GROUP BY 1, 2, 3, 4, 5;--> statement-breakpoint
CREATE INDEX "offering_search_agency_idx" ON "offering_search" USING btree ("agency_id");--> statement-breakpoint
CREATE INDEX "offering_search_item_idx" ON "offering_search" USING btree ("service_item_code","verified","fee_min_fen","offering_id","city_code","region_code","time_limit_days","agency_id") WHERE "offering_search"."visible";--> statement-breakpoint
CREATE INDEX "offering_search_all_idx" ON "offering_search" USING btree ("verified","fee_min_fen","offering_id","city_code","region_code","time_limit_days") WHERE "offering_search"."visible";--> statement-breakpoint
CREATE INDEX "offering_search_county_idx" ON "offering_search" USING btree ("region_code","verified","fee_min_fen","offering_id","time_limit_days") WHERE "offering_search"."visible";--> statement-breakpoint
CREATE INDEX "offering_search_vector_idx" ON "offering_search" USING gin ("search_vector");--> statement-breakpoint
ALTER TABLE "offerings" DROP COLUMN "search_vector";