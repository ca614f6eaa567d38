create extension if not exists pg_trgm;--> statement-breakpoint
ALTER TABLE "offerings" ADD COLUMN "search_vector" tsvector;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "search_vector" tsvector;--> statement-breakpoint
CREATE INDEX "offerings_search_idx" ON "offerings" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "organisations_search_idx" ON "organisations" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "organisations_name_trgm_idx" ON "organisations" USING gin ("name" gin_trgm_ops);