CREATE INDEX "organisations_logo_upload_idx" ON "organisations" USING btree ("logo_upload_id") WHERE "organisations"."logo_upload_id" is not null;--> statement-breakpoint
CREATE INDEX "qualifications_scan_upload_idx" ON "qualifications" USING btree ("scan_upload_id") WHERE "qualifications"."scan_upload_id" is not null;--> statement-breakpoint
CREATE INDEX "delivery_files_upload_idx" ON "delivery_files" USING btree ("upload_id");--> statement-breakpoint
CREATE INDEX "payments_voucher_upload_idx" ON "payments" USING btree ("voucher_upload_id") WHERE "payments"."voucher_upload_id" is not null;--> statement-breakpoint
CREATE INDEX "complaints_upload_idx" ON "complaints" USING btree ("upload_id") WHERE "complaints"."upload_id" is not null;