CREATE TABLE "callback_replays" (
	"connection_id" text NOT NULL,
	"replay_key" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "callback_replays_connection_id_replay_key_pk" PRIMARY KEY("connection_id","replay_key")
);
--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD COLUMN "locked_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "operations" ADD COLUMN "consecutive_failures" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "operations" ADD COLUMN "version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "callback_replays_expires_at_idx" ON "callback_replays" USING btree ("expires_at");