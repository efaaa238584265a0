ALTER TABLE "records" ADD COLUMN "archived_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "records" ADD COLUMN "archived_by" text;--> statement-breakpoint
ALTER TABLE "records" ADD COLUMN "search_vector" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, key || ' ' || title), 'A') || setweight(jsonb_to_tsvector('english'::regconfig, fields, '["string"]'::jsonb), 'B')) STORED;--> statement-breakpoint
CREATE INDEX "records_search" ON "records" USING gin ("search_vector");