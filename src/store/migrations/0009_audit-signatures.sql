ALTER TABLE "audit" ADD COLUMN "signature" text;--> statement-breakpoint
ALTER TABLE "audit" ADD COLUMN "key_id" text;