CREATE TABLE "routing_rules" (
	"tenant_id" text PRIMARY KEY NOT NULL,
	"rules" jsonb NOT NULL,
	"version" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tenant_settings" (
	"tenant_id" text PRIMARY KEY NOT NULL,
	"drift_policy" text DEFAULT 'flag' NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "carrier_connections" ADD COLUMN "pacing" jsonb;--> statement-breakpoint
ALTER TABLE "operations" ADD COLUMN "parent_operation_id" text;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "carrier_history" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "last_refreshed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "routing_rules" ADD CONSTRAINT "routing_rules_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD CONSTRAINT "tenant_settings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "operations_parent_idx" ON "operations" USING btree ("parent_operation_id");--> statement-breakpoint
CREATE INDEX "subscriptions_last_refreshed_idx" ON "subscriptions" USING btree ("last_refreshed_at");