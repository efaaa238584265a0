CREATE TABLE "delivery_commits" (
	"workspace_id" text NOT NULL,
	"repo" text NOT NULL,
	"sha" text NOT NULL,
	"parents" jsonb NOT NULL,
	"authored_at" timestamp with time zone,
	"committed_at" timestamp with time zone,
	"author" text,
	"message" text,
	"digest" text NOT NULL,
	CONSTRAINT "delivery_commits_workspace_id_repo_sha_pk" PRIMARY KEY("workspace_id","repo","sha")
);
--> statement-breakpoint
CREATE TABLE "delivery_deployments" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"deployment_id" text NOT NULL,
	"project" text NOT NULL,
	"scope" text NOT NULL,
	"repo" text NOT NULL,
	"service" text,
	"environment" text,
	"result" text NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"commit_sha" text,
	"shipped_given" boolean NOT NULL,
	"digest" text NOT NULL,
	"prev_success_id" text,
	CONSTRAINT "delivery_deployments_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "delivery_incidents" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"project" text,
	"title" text,
	"severity" text,
	"service" text,
	"created_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone,
	"given_deployment_id" text,
	"digest" text NOT NULL,
	"deployment_id" text,
	CONSTRAINT "delivery_incidents_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "delivery_pr_commits" (
	"workspace_id" text NOT NULL,
	"pr_id" text NOT NULL,
	"sha" text NOT NULL,
	"position" integer NOT NULL,
	"authored_at" timestamp with time zone,
	CONSTRAINT "delivery_pr_commits_workspace_id_pr_id_sha_pk" PRIMARY KEY("workspace_id","pr_id","sha")
);
--> statement-breakpoint
CREATE TABLE "delivery_pr_metrics" (
	"workspace_id" text NOT NULL,
	"pr_id" text NOT NULL,
	"project" text NOT NULL,
	"repo" text NOT NULL,
	"author" text,
	"first_commit_sha" text,
	"first_commit_authored_at" timestamp with time zone,
	"first_review_id" text,
	"first_review_at" timestamp with time zone,
	"first_approval_at" timestamp with time zone,
	"pr_created_at" timestamp with time zone NOT NULL,
	"pr_merged_at" timestamp with time zone NOT NULL,
	"deployment_part_id" text,
	"pr_deployed_at" timestamp with time zone,
	"coding_minutes" integer,
	"pickup_minutes" integer,
	"review_minutes" integer,
	"deploy_minutes" integer,
	"cycle_minutes" integer NOT NULL,
	"size" integer,
	"first_review_business_minutes" integer,
	"approval_business_minutes" integer,
	CONSTRAINT "delivery_pr_metrics_workspace_id_pr_id_pk" PRIMARY KEY("workspace_id","pr_id")
);
--> statement-breakpoint
CREATE TABLE "delivery_pr_reviews" (
	"workspace_id" text NOT NULL,
	"pr_id" text NOT NULL,
	"id" text NOT NULL,
	"position" integer NOT NULL,
	"author" text,
	"state" text NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "delivery_pr_reviews_workspace_id_pr_id_id_pk" PRIMARY KEY("workspace_id","pr_id","id")
);
--> statement-breakpoint
CREATE TABLE "delivery_pull_requests" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"project" text NOT NULL,
	"repo" text NOT NULL,
	"number" integer,
	"title" text,
	"author" text,
	"created_at" timestamp with time zone NOT NULL,
	"merged_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"merge_commit_sha" text,
	"additions" integer,
	"deletions" integer,
	"base_branch" text,
	"digest" text NOT NULL,
	CONSTRAINT "delivery_pull_requests_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "delivery_shipped_commits" (
	"workspace_id" text NOT NULL,
	"part_id" text NOT NULL,
	"sha" text NOT NULL,
	CONSTRAINT "delivery_shipped_commits_workspace_id_part_id_sha_pk" PRIMARY KEY("workspace_id","part_id","sha")
);
--> statement-breakpoint
CREATE TABLE "delivery_teams" (
	"workspace_id" text NOT NULL,
	"team" text NOT NULL,
	"projects" jsonb NOT NULL,
	"time_zone" text NOT NULL,
	"work_days" jsonb NOT NULL,
	"day_start" text NOT NULL,
	"day_end" text NOT NULL,
	CONSTRAINT "delivery_teams_workspace_id_team_pk" PRIMARY KEY("workspace_id","team")
);
--> statement-breakpoint
CREATE INDEX "delivery_deployments_project" ON "delivery_deployments" USING btree ("workspace_id","project","finished_at");--> statement-breakpoint
CREATE INDEX "delivery_deployments_finished" ON "delivery_deployments" USING btree ("workspace_id","finished_at");--> statement-breakpoint
CREATE INDEX "delivery_deployments_group" ON "delivery_deployments" USING btree ("workspace_id","deployment_id");--> statement-breakpoint
CREATE INDEX "delivery_incidents_project" ON "delivery_incidents" USING btree ("workspace_id","project","resolved_at");--> statement-breakpoint
CREATE INDEX "delivery_incidents_resolved" ON "delivery_incidents" USING btree ("workspace_id","resolved_at");--> statement-breakpoint
CREATE INDEX "delivery_incidents_deployment" ON "delivery_incidents" USING btree ("workspace_id","deployment_id");--> statement-breakpoint
CREATE INDEX "delivery_pr_metrics_deployed" ON "delivery_pr_metrics" USING btree ("workspace_id","project","pr_deployed_at");--> statement-breakpoint
CREATE INDEX "delivery_pr_metrics_merged" ON "delivery_pr_metrics" USING btree ("workspace_id","project","pr_merged_at");--> statement-breakpoint
CREATE INDEX "delivery_pr_metrics_all_deployed" ON "delivery_pr_metrics" USING btree ("workspace_id","pr_deployed_at");--> statement-breakpoint
CREATE INDEX "delivery_pr_metrics_all_merged" ON "delivery_pr_metrics" USING btree ("workspace_id","pr_merged_at");--> statement-breakpoint
CREATE INDEX "delivery_prs_project" ON "delivery_pull_requests" USING btree ("workspace_id","project","merged_at");