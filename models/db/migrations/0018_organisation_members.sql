ALTER TABLE "users" ADD COLUMN "password_must_change" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "organisation_admin" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Whoever registered an organisation (its earliest account) manages its members.
UPDATE "users" SET "organisation_admin" = true WHERE "id" IN (SELECT DISTINCT ON ("organisation_id") "id" FROM "users" WHERE "organisation_id" IS NOT NULL ORDER BY "organisation_id", "created_at", "id");
