-- CreateTable: each dealer's own webhook signing secrets (issue 18). Written and read by the notifier with raw SQL
-- (services/notifier/src/webhookSecrets), so it is not in schema.prisma. One row per secret: the current one has
-- no retired_at; a secret replaced by a rotation keeps signing until valid_until (the overlap window).
CREATE TABLE "dealer_webhook_secret" (
    "secret_id" TEXT NOT NULL,
    "dealer_id" TEXT NOT NULL,
    -- The whsec_… secret sealed with AES-256-GCM under DEALERFLOW_SECRETS_KEY: never the secret in clear.
    "sealed" TEXT NOT NULL,
    -- Which key sealed it (a fingerprint of the key, not the key), so a changed key is named, not a bad tag.
    "key_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retired_at" TIMESTAMPTZ(3),
    "valid_until" TIMESTAMPTZ(3),

    CONSTRAINT "dealer_webhook_secret_pkey" PRIMARY KEY ("secret_id"),
    CONSTRAINT "dealer_webhook_secret_retired_check" CHECK (("retired_at" IS NULL) = ("valid_until" IS NULL))
);

-- CreateIndex: at most one current secret per dealer.
CREATE UNIQUE INDEX "dealer_webhook_secret_current_key" ON "dealer_webhook_secret"("dealer_id") WHERE "retired_at" IS NULL;

-- CreateIndex: a dealer's secrets, newest first.
CREATE INDEX "dealer_webhook_secret_dealer_id_created_at_idx" ON "dealer_webhook_secret"("dealer_id", "created_at");
