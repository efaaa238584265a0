CREATE TABLE "sop_checks" (
	"workspace_id" text NOT NULL,
	"record_id" uuid NOT NULL,
	"step" integer NOT NULL,
	"step_text" text NOT NULL,
	"checked_by" text NOT NULL,
	"checked_at" timestamp with time zone NOT NULL,
	CONSTRAINT "sop_checks_workspace_id_record_id_step_pk" PRIMARY KEY("workspace_id","record_id","step")
);
--> statement-breakpoint
CREATE TABLE "login_failures" (
	"workspace_id" text NOT NULL,
	"key" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "login_failures_key" ON "login_failures" USING btree ("workspace_id","key","at");