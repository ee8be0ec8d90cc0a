CREATE TABLE "admin_idempotency_keys" (
	"key" text NOT NULL,
	"fingerprint" text NOT NULL,
	"status_code" integer,
	"headers" jsonb,
	"body" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "admin_idempotency_keys_key_pk" PRIMARY KEY("key")
);
--> statement-breakpoint
CREATE INDEX "admin_idempotency_keys_expires_idx" ON "admin_idempotency_keys" USING btree ("expires_at");