import { randomBytes, randomUUID } from 'node:crypto';
import type { PrismaClient } from '@dealerflow/db';
import { SecretsKeyMissingError, type WebhookSecretAdmin, type WebhookSecretSummary } from '@dealerflow/runtime';
import type { SecretSealer } from './secretSealer';

/** Previous secrets kept signing at once, newest first; an older one is dropped by the next rotation. */
export const MAX_PREVIOUS_SECRETS = 4;

export interface WebhookSecretStoreOptions {
  prisma: PrismaClient;
  /** Undefined when DEALERFLOW_SECRETS_KEY is not set: nothing can be created. */
  sealer: SecretSealer | undefined;
  /** How long a replaced secret keeps signing, unless the caller says otherwise. */
  defaultOverlapSeconds: number;
  /** Told after each change is committed (the signing cache of this process forgets the dealer). */
  onChange?: (dealerId: string) => void;
  /** Default Date.now: rotations are operations on the wall clock, not event time. */
  now?: () => number;
}

/** `whsec_` + 32 random bytes in base64, as Standard Webhooks recommends (24 to 64 bytes). */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** What binds a sealed secret to its row: copied onto another dealer's row, it does not open. */
export function sealContext(secretId: string, dealerId: string): string {
  return `dealer_webhook_secret:${secretId}:${dealerId}`;
}

interface SummaryRow {
  created_at: Date;
  retired_at: Date | null;
  valid_until: Date | null;
}

/** Creates, rotates, describes and drops dealers' webhook secrets in `dealer_webhook_secret`. */
export function createWebhookSecretStore(options: WebhookSecretStoreOptions): WebhookSecretAdmin {
  const { prisma, sealer } = options;
  const now = options.now ?? Date.now;

  async function describe(dealerId: string, at: number): Promise<WebhookSecretSummary> {
    const rows = await prisma.$queryRawUnsafe<SummaryRow[]>(
      `SELECT created_at, retired_at, valid_until FROM dealer_webhook_secret
        WHERE dealer_id = $1 AND (retired_at IS NULL OR valid_until > $2::timestamptz)
        ORDER BY retired_at DESC NULLS FIRST, created_at DESC`,
      dealerId,
      new Date(at).toISOString(),
    );
    return summaryOf(dealerId, rows);
  }

  return {
    describe: (dealerId) => describe(dealerId, now()),

    async rotate(dealerId, { overlapSeconds }) {
      if (sealer === undefined) {
        throw new SecretsKeyMissingError("no DEALERFLOW_SECRETS_KEY is set: dealers' own webhook secrets cannot be kept");
      }
      const at = now();
      const until = at + (overlapSeconds ?? options.defaultOverlapSeconds) * 1000;
      const secret = newWebhookSecret();
      const secretId = randomUUID();
      const replaced = await prisma.$transaction(async (tx) => {
        // Two rotations of one dealer at once would both retire the same current secret; one waits for the other.
        await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext('dealer_webhook_secret:' || $1::text))`, dealerId);
        const retired = await tx.$executeRawUnsafe(
          `UPDATE dealer_webhook_secret SET retired_at = $2::timestamptz, valid_until = $3::timestamptz
            WHERE dealer_id = $1 AND retired_at IS NULL`,
          dealerId,
          new Date(at).toISOString(),
          new Date(until).toISOString(),
        );
        await tx.$executeRawUnsafe(
          `DELETE FROM dealer_webhook_secret
            WHERE dealer_id = $1 AND retired_at IS NOT NULL
              AND (valid_until <= $2::timestamptz OR secret_id NOT IN (
                SELECT secret_id FROM dealer_webhook_secret WHERE dealer_id = $1 AND retired_at IS NOT NULL
                 ORDER BY retired_at DESC, created_at DESC LIMIT $3::int))`,
          dealerId,
          new Date(at).toISOString(),
          MAX_PREVIOUS_SECRETS,
        );
        await tx.$executeRawUnsafe(
          `INSERT INTO dealer_webhook_secret (secret_id, dealer_id, sealed, key_id, created_at)
           VALUES ($1, $2, $3, $4, $5::timestamptz)`,
          secretId,
          dealerId,
          sealer.seal(secret, sealContext(secretId, dealerId)),
          sealer.keyId,
          new Date(at).toISOString(),
        );
        return retired > 0;
      });
      options.onChange?.(dealerId);
      return { secret, replaced, summary: await describe(dealerId, at) };
    },

    async remove(dealerId) {
      await prisma.$executeRawUnsafe(`DELETE FROM dealer_webhook_secret WHERE dealer_id = $1`, dealerId);
      options.onChange?.(dealerId);
    },
  };
}

function summaryOf(dealerId: string, rows: SummaryRow[]): WebhookSecretSummary {
  const current = rows.find((row) => row.retired_at === null);
  const previous = rows.flatMap((row) =>
    row.retired_at === null || row.valid_until === null
      ? []
      : [{ createdAt: row.created_at.toISOString(), retiredAt: row.retired_at.toISOString(), validUntil: row.valid_until.toISOString() }],
  );
  // Previous secrets without a current one cannot happen (a rotation always inserts one; a removal drops all).
  return { dealerId, signedWith: current ? 'own' : 'default', createdAt: current?.created_at.toISOString() ?? null, previous };
}
