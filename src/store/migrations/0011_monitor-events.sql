CREATE TABLE "monitor_events" (
	"workspace_id" text NOT NULL,
	"kind" text NOT NULL,
	"id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"subject" text,
	"service" text,
	"metric" text,
	"value" double precision,
	"quota_limit" double precision,
	"actor" text,
	"detail" text,
	"digest" text NOT NULL,
	CONSTRAINT "monitor_events_workspace_id_kind_id_pk" PRIMARY KEY("workspace_id","kind","id")
);
--> statement-breakpoint
CREATE INDEX "monitor_events_kind_at" ON "monitor_events" USING btree ("workspace_id","kind","at");