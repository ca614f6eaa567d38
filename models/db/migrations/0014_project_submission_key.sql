ALTER TABLE "projects" ADD COLUMN "submission_key" text;--> statement-breakpoint
CREATE UNIQUE INDEX "projects_buyer_submission_key" ON "projects" USING btree ("buyer_id","submission_key");