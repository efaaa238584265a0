CREATE TABLE "audit" (
	"workspace_id" text NOT NULL,
	"seq" bigint NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"record_id" uuid,
	"database" text,
	"record_key" text,
	"before" jsonb,
	"after" jsonb,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "audit_workspace_id_seq_pk" PRIMARY KEY("workspace_id","seq")
);
--> statement-breakpoint
CREATE TABLE "databases" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"position" integer NOT NULL,
	"definition" jsonb NOT NULL,
	"next_number" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "databases_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "decisions" (
	"workspace_id" text NOT NULL,
	"id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor" text NOT NULL,
	"scope" text NOT NULL,
	"action" text NOT NULL,
	"summary" text NOT NULL,
	"rationale" text,
	"record_id" uuid,
	"record_key" text,
	"evidence" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "decisions_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "links" (
	"workspace_id" text NOT NULL,
	"from_id" uuid NOT NULL,
	"field" text NOT NULL,
	"to_id" uuid NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "links_workspace_id_from_id_field_to_id_pk" PRIMARY KEY("workspace_id","from_id","field","to_id")
);
--> statement-breakpoint
CREATE TABLE "records" (
	"workspace_id" text NOT NULL,
	"id" uuid NOT NULL,
	"database" text NOT NULL,
	"key" text NOT NULL,
	"title" text NOT NULL,
	"status" text NOT NULL,
	"fields" jsonb NOT NULL,
	"unresolved" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"source_ref" text,
	"version" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" text NOT NULL,
	CONSTRAINT "records_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "unresolved_refs" (
	"workspace_id" text NOT NULL,
	"from_id" uuid NOT NULL,
	"field" text NOT NULL,
	"ref" text NOT NULL,
	"target_database" text NOT NULL,
	CONSTRAINT "unresolved_refs_workspace_id_from_id_field_ref_pk" PRIMARY KEY("workspace_id","from_id","field","ref")
);
--> statement-breakpoint
CREATE TABLE "workspaces" (
	"workspace_id" text PRIMARY KEY NOT NULL,
	"pack_id" text NOT NULL,
	"pack_version" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE INDEX "audit_record" ON "audit" USING btree ("workspace_id","record_id");--> statement-breakpoint
CREATE INDEX "decisions_at" ON "decisions" USING btree ("workspace_id","at");--> statement-breakpoint
CREATE INDEX "links_to" ON "links" USING btree ("workspace_id","to_id");--> statement-breakpoint
CREATE UNIQUE INDEX "records_key" ON "records" USING btree ("workspace_id","database","key");--> statement-breakpoint
CREATE UNIQUE INDEX "records_source_ref" ON "records" USING btree ("workspace_id","database","source_ref");--> statement-breakpoint
CREATE INDEX "records_status" ON "records" USING btree ("workspace_id","database","status");--> statement-breakpoint
CREATE INDEX "records_updated" ON "records" USING btree ("workspace_id","database","updated_at");--> statement-breakpoint
CREATE INDEX "records_title" ON "records" USING btree ("workspace_id","title");--> statement-breakpoint
CREATE INDEX "unresolved_target" ON "unresolved_refs" USING btree ("workspace_id","target_database","ref");