CREATE INDEX "delivery_deployments_finished" ON "delivery_deployments" USING btree ("workspace_id","finished_at");--> statement-breakpoint
CREATE INDEX "delivery_incidents_resolved" ON "delivery_incidents" USING btree ("workspace_id","resolved_at");--> statement-breakpoint
CREATE INDEX "delivery_pr_metrics_all_deployed" ON "delivery_pr_metrics" USING btree ("workspace_id","pr_deployed_at");--> statement-breakpoint
CREATE INDEX "delivery_pr_metrics_all_merged" ON "delivery_pr_metrics" USING btree ("workspace_id","pr_merged_at");