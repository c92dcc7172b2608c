import type { PrismaClient } from '@dealerflow/db';
import type { RuntimeLogger } from '@dealerflow/runtime';
import { PermanentDeliveryError, RetriableDeliveryError } from '../deliveryErrors';
import type { SecretSealer } from './secretSealer';
import { sealContext } from './webhookSecretStore';

export interface SigningSecretsOptions {
  prisma: PrismaClient;
  sealer: SecretSealer | undefined;
  /** How long a read of the table is trusted. A rotation in this process is seen at once (`forget`); one made by another process within this. */
  ttlMs: number;
  logger: RuntimeLogger;
  now?: () => number;
}

export interface SigningSecrets {
  /**
   * The `whsec_…` secrets to sign the dealer's webhook with, current first, then those a rotation replaced whose
   * overlap has not ended; undefined when the dealer has none of its own (the default secret applies). Throws a
   * PermanentDeliveryError when the dealer's secret cannot be opened (never the default instead: that would sign
   * with a key the dealer was told not to trust), a RetriableDeliveryError when the table cannot be read.
   */
  secretsFor(dealerId: string): Promise<readonly string[] | undefined>;
  /** Reads the table again at the next delivery (after a rotation or removal in this process). */
  forget(): void;
}

type DealerSecrets = { secrets: { secret: string; validUntil: number | null }[] } | { unreadable: string };

interface Row {
  secret_id: string;
  dealer_id: string;
  sealed: string;
  key_id: string;
  valid_until: Date | null;
}

/**
 * Every dealer's live secrets in memory, the whole table read at once when the last read is older than `ttlMs`:
 * one query for hundreds of dealers rather than one per delivery (thousands a second). The overlap's end is
 * checked at each signing, so a previous secret stops signing on time whatever the cache's age.
 */
export function createSigningSecrets(options: SigningSecretsOptions): SigningSecrets {
  const now = options.now ?? Date.now;
  const log = options.logger.child({ component: 'webhook-secrets' });
  const reported = new Set<string>();
  let snapshot: { readAt: number; byDealer: Map<string, DealerSecrets> } | undefined;
  let reading: Promise<Map<string, DealerSecrets>> | undefined;
  let generation = 0;

  async function read(): Promise<Map<string, DealerSecrets>> {
    const startedIn = generation;
    const readAt = now();
    const rows = await options.prisma.$queryRawUnsafe<Row[]>(
      `SELECT secret_id, dealer_id, sealed, key_id, valid_until FROM dealer_webhook_secret
        WHERE retired_at IS NULL OR valid_until > $1::timestamptz
        ORDER BY dealer_id, retired_at DESC NULLS FIRST, created_at DESC`,
      new Date(readAt).toISOString(),
    );
    const byDealer = new Map<string, DealerSecrets>();
    for (const row of rows) {
      const known = byDealer.get(row.dealer_id);
      if (known !== undefined && 'unreadable' in known) continue;
      const opened = openRow(row);
      // A current secret that does not open stops the dealer's webhooks; a previous one is only left out.
      if (typeof opened !== 'string') {
        if (row.valid_until === null) byDealer.set(row.dealer_id, opened);
        continue;
      }
      const entry = { secret: opened, validUntil: row.valid_until?.getTime() ?? null };
      if (known === undefined) byDealer.set(row.dealer_id, { secrets: [entry] });
      else known.secrets.push(entry);
    }
    if (startedIn === generation) snapshot = { readAt, byDealer };
    return byDealer;
  }

  function openRow(row: Row): string | { unreadable: string } {
    let reason: string;
    const { sealer } = options;
    if (sealer === undefined) reason = 'DEALERFLOW_SECRETS_KEY is not set';
    else if (row.key_id !== sealer.keyId) reason = `it was sealed under another DEALERFLOW_SECRETS_KEY (key id ${row.key_id}, this one ${sealer.keyId})`;
    else {
      try {
        return sealer.open(row.sealed, sealContext(row.secret_id, row.dealer_id));
      } catch (error) {
        reason = (error as Error).message;
      }
    }
    if (!reported.has(row.secret_id)) {
      reported.add(row.secret_id);
      log.error({ dealerId: row.dealer_id, keyId: row.key_id, reason }, "a dealer's webhook secret cannot be opened");
    }
    return { unreadable: `the dealer's webhook secret cannot be opened: ${reason}` };
  }

  async function byDealer(): Promise<Map<string, DealerSecrets>> {
    if (snapshot !== undefined && now() - snapshot.readAt < options.ttlMs) return snapshot.byDealer;
    if (reading === undefined) {
      const started = read().finally(() => {
        if (reading === started) reading = undefined;
      });
      reading = started;
    }
    try {
      return await reading;
    } catch (error) {
      throw new RetriableDeliveryError(`webhook secrets cannot be read: ${(error as Error).message}`, { cause: error });
    }
  }

  return {
    async secretsFor(dealerId) {
      const found = (await byDealer()).get(dealerId);
      if (found === undefined) return undefined;
      if ('unreadable' in found) throw new PermanentDeliveryError(found.unreadable);
      const at = now();
      return found.secrets.filter((entry) => entry.validUntil === null || entry.validUntil > at).map((entry) => entry.secret);
    },
    forget() {
      generation += 1;
      snapshot = undefined;
      reading = undefined;
    },
  };
}
