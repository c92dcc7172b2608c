import { SecretsKeyMissingError, type WebhookSecretAdmin, type WebhookSecretSummary } from '@dealerflow/runtime';

/**
 * The webhook-secret port in memory, on a clock the test sets: each rotation makes `whsec_test-<n>`, the replaced
 * secret listed until its overlap ends. `withoutKey` refuses as a notifier without DEALERFLOW_SECRETS_KEY does;
 * `failWith` makes every call reject, as an unreachable database would.
 */
export function createInMemoryWebhookSecrets(options: { now?: () => number; defaultOverlapSeconds?: number; withoutKey?: boolean } = {}) {
  const now = options.now ?? (() => Date.parse('2026-04-18T09:00:00Z'));
  const secrets = new Map<string, { secret: string; createdAt: number; retiredAt?: number; validUntil?: number }[]>();
  const calls: string[] = [];
  let made = 0;
  let failure: Error | undefined;
  const guard = (call: string) => {
    calls.push(call);
    if (failure) throw failure;
  };

  function describe(dealerId: string): WebhookSecretSummary {
    const at = now();
    const rows = secrets.get(dealerId) ?? [];
    const current = rows.find((row) => row.retiredAt === undefined);
    const previous = rows
      .filter((row) => row.retiredAt !== undefined && row.validUntil! > at)
      .reverse()
      .map((row) => ({ createdAt: iso(row.createdAt), retiredAt: iso(row.retiredAt!), validUntil: iso(row.validUntil!) }));
    return { dealerId, signedWith: current ? 'own' : 'default', createdAt: current ? iso(current.createdAt) : null, previous };
  }

  const port: WebhookSecretAdmin = {
    async describe(dealerId) {
      guard(`describe ${dealerId}`);
      return describe(dealerId);
    },
    async rotate(dealerId, { overlapSeconds }) {
      guard(`rotate ${dealerId}`);
      if (options.withoutKey) throw new SecretsKeyMissingError('no DEALERFLOW_SECRETS_KEY');
      const at = now();
      const rows = secrets.get(dealerId) ?? [];
      const current = rows.find((row) => row.retiredAt === undefined);
      if (current) {
        current.retiredAt = at;
        current.validUntil = at + (overlapSeconds ?? options.defaultOverlapSeconds ?? 86_400) * 1000;
      }
      made += 1;
      const secret = `whsec_test-${made}`;
      secrets.set(dealerId, [...rows, { secret, createdAt: at }]);
      return { secret, replaced: current !== undefined, summary: describe(dealerId) };
    },
    async remove(dealerId) {
      guard(`remove ${dealerId}`);
      secrets.delete(dealerId);
    },
  };

  return {
    port,
    calls,
    /** The secrets that would sign the dealer's next webhook, current first. */
    signingSecrets(dealerId: string): string[] {
      const at = now();
      const rows = secrets.get(dealerId) ?? [];
      return [...rows.filter((row) => row.retiredAt === undefined), ...rows.filter((row) => row.retiredAt !== undefined && row.validUntil! > at).reverse()].map((row) => row.secret);
    },
    failWith(error: Error | undefined) {
      failure = error;
    },
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
