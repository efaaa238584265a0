CREATE TABLE "schedule_ticks" (
	"workspace_id" text NOT NULL,
	"job" text NOT NULL,
	"tick" timestamp with time zone NOT NULL,
	"claimed_by" text NOT NULL,
	"claimed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "schedule_ticks_workspace_id_job_tick_pk" PRIMARY KEY("workspace_id","job","tick")
);
--> statement-breakpoint
CREATE INDEX "records_database_order" ON "records" USING btree ("workspace_id","database","id");