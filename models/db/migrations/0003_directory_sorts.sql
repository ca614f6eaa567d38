ALTER TABLE "organisations" ADD COLUMN "active_offering_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "organisations_kind_offering_count_idx" ON "organisations" USING btree ("kind","active_offering_count","created_at");--> statement-breakpoint
CREATE INDEX "organisations_kind_name_idx" ON "organisations" USING btree ("kind","name");--> statement-breakpoint
CREATE INDEX "organisations_kind_verified_created_idx" ON "organisations" USING btree ("kind",("verified_at" is null),"created_at");--> statement-breakpoint
UPDATE "organisations" o SET "active_offering_count" = c.n
  FROM (SELECT "agency_id", count(*)::int AS n FROM "offerings" WHERE "paused_at" IS NULL GROUP BY "agency_id") c
  WHERE c."agency_id" = o."id";
