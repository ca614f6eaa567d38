CREATE TABLE "demo_seed_runs" (
	"id" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"seed" integer NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "demo_seed_runs_single_row" CHECK ("demo_seed_runs"."id")
);
