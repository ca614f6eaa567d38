CREATE TABLE "ocds_releases" (
	"id" text PRIMARY KEY NOT NULL,
	"ocid" text NOT NULL,
	"project_id" uuid NOT NULL,
	"date" timestamp (3) with time zone NOT NULL,
	"tags" text[] NOT NULL,
	"step" text NOT NULL,
	"release" json NOT NULL,
	"seq" bigserial NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ocds_releases" ADD CONSTRAINT "ocds_releases_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ocds_releases_seq_key" ON "ocds_releases" USING btree ("seq");--> statement-breakpoint
CREATE INDEX "ocds_releases_ocid_idx" ON "ocds_releases" USING btree ("ocid","seq");--> statement-breakpoint
CREATE INDEX "ocds_releases_project_idx" ON "ocds_releases" USING btree ("project_id","seq");--> statement-breakpoint
CREATE INDEX "ocds_releases_date_idx" ON "ocds_releases" USING btree ("date","seq");--> statement-breakpoint
-- Published releases are immutable: the database itself refuses to change or remove one.
CREATE OR REPLACE FUNCTION ocds_releases_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ocds_releases is append-only: % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER ocds_releases_no_update_delete
  BEFORE UPDATE OR DELETE ON ocds_releases
  FOR EACH ROW EXECUTE FUNCTION ocds_releases_refuse_change();
--> statement-breakpoint
CREATE TRIGGER ocds_releases_no_truncate
  BEFORE TRUNCATE ON ocds_releases
  FOR EACH STATEMENT EXECUTE FUNCTION ocds_releases_refuse_change();
