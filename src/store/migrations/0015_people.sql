CREATE TABLE "comments" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"record_id" text NOT NULL,
	"author" text NOT NULL,
	"body" text NOT NULL,
	"history" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "comments_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"user_name" text NOT NULL,
	"kind" text NOT NULL,
	"record_key" text,
	"by" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"text" text NOT NULL,
	"details" jsonb NOT NULL,
	"read" boolean NOT NULL,
	"email_state" text,
	"dedupe" text,
	CONSTRAINT "notifications_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "watchers" (
	"workspace_id" text NOT NULL,
	"record_id" text NOT NULL,
	"user_name" text NOT NULL,
	"reason" text NOT NULL,
	"since" timestamp with time zone NOT NULL,
	CONSTRAINT "watchers_workspace_id_record_id_user_name_pk" PRIMARY KEY("workspace_id","record_id","user_name")
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "email" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "display_name" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "email_kinds" jsonb;--> statement-breakpoint
CREATE INDEX "comments_record" ON "comments" USING btree ("workspace_id","record_id","created_at");--> statement-breakpoint
CREATE INDEX "notifications_user" ON "notifications" USING btree ("workspace_id","user_name","at");--> statement-breakpoint
CREATE INDEX "notifications_dedupe" ON "notifications" USING btree ("workspace_id","user_name","dedupe");--> statement-breakpoint
CREATE INDEX "watchers_user" ON "watchers" USING btree ("workspace_id","user_name");