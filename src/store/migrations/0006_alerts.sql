CREATE TABLE "alert_channels" (
	"workspace_id" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"config" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "alert_channels_workspace_id_name_pk" PRIMARY KEY("workspace_id","name")
);
--> statement-breakpoint
CREATE TABLE "alert_deliveries" (
	"workspace_id" text NOT NULL,
	"notification_id" uuid NOT NULL,
	"attempt" integer NOT NULL,
	"channel" text NOT NULL,
	"status" text NOT NULL,
	"status_code" integer,
	"response" text,
	"error" text,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "alert_deliveries_workspace_id_notification_id_attempt_pk" PRIMARY KEY("workspace_id","notification_id","attempt")
);
--> statement-breakpoint
CREATE TABLE "alert_instances" (
	"workspace_id" text NOT NULL,
	"rule_id" text NOT NULL,
	"subject" text NOT NULL,
	"fingerprint" text NOT NULL,
	"level" integer NOT NULL,
	"state" text NOT NULL,
	"label" text NOT NULL,
	"link" text,
	"message" text NOT NULL,
	"details" jsonb NOT NULL,
	"since" timestamp with time zone NOT NULL,
	"changed_at" timestamp with time zone NOT NULL,
	"last_notified_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	CONSTRAINT "alert_instances_workspace_id_rule_id_subject_pk" PRIMARY KEY("workspace_id","rule_id","subject")
);
--> statement-breakpoint
CREATE TABLE "alert_notifications" (
	"workspace_id" text NOT NULL,
	"id" uuid NOT NULL,
	"rule_id" text NOT NULL,
	"subject" text NOT NULL,
	"event" text NOT NULL,
	"channel" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text NOT NULL,
	"attempts" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"claimed_until" timestamp with time zone,
	"sent_at" timestamp with time zone,
	CONSTRAINT "alert_notifications_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "alert_rules" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"position" integer NOT NULL,
	"definition" jsonb NOT NULL,
	CONSTRAINT "alert_rules_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE INDEX "alert_instances_state" ON "alert_instances" USING btree ("workspace_id","state");--> statement-breakpoint
CREATE INDEX "alert_notifications_due" ON "alert_notifications" USING btree ("workspace_id","status","next_attempt_at");