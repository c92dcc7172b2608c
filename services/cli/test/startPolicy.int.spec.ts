import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventBuilder } from '@dealerflow/contracts/testing';
import { afterAll, expect, it } from 'vitest';
import { postNdjson, readAllOutputs, startServer, waitUntilCaughtUp, type ServerProcess } from '../src/testing/serverProcess';

// `dealerflow start` takes the operators' settings file from DEALERFLOW_POLICY, as the Kafka worker services do, when
// --policy is not given (docs/policy.md): a deployment names the file once for every process.

const dir = mkdtempSync(join(tmpdir(), 'dealerflow-start-policy-'));
const running: ServerProcess[] = [];

afterAll(async () => {
  for (const server of running) if (server.child.exitCode === null) await server.stop('SIGTERM');
});

function policyFile(name: string, settings: object): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(settings));
  return file;
}

/** Finance warned at half the limit instead of the default 90 %. */
const warnAtHalf = policyFile('warn-at-half.json', { credit: { warningUtilization: 0.5 } });
const typo = policyFile('typo.json', { stock: { saftyDays: 5 } });

/** A dealer with a limit of 10 000 orders 6 000: 60 % of its limit, a warning only under `warnAtHalf`. */
async function limitWarningsAfterAnOrderAtSixtyPercent(server: ServerProcess): Promise<Array<{ warningUtilization: number }>> {
  const e = createEventBuilder({ dealerId: 'D-P' });
  const events = [
    e('dealer.upserted', '2026-03-01T00:00:00Z', {
      name: 'Policy Pumps', tier: 'B', region: 'East', locale: 'en', timezone: 'UTC', currency: 'CNY',
      creditLimit: 10_000, paymentTerms: { netDays: 30 }, contacts: {},
    }),
    e('product.upserted', '2026-03-01T00:00:00Z', { sku: 'SKU-1', name: 'Pump', category: 'pumps', unitPrice: 1_000 }),
    e('order.placed', '2026-03-02T09:00:00Z', { orderId: 'SO-1', warehouseId: 'WH-1', lines: [{ sku: 'SKU-1', qty: 6, unitPrice: 1_000 }], promisedDeliveryDate: '2026-03-09' }),
  ];
  expect((await postNdjson(server.url, 'adm-token', events.map((event) => JSON.stringify(event)))).status).toBe(202);
  await waitUntilCaughtUp(server.url);
  const outputs = (await readAllOutputs(server.url, 'adm-token')).map((line) => JSON.parse(line) as { type: string; data: { warningUtilization: number } });
  return outputs.filter((output) => output.type === 'credit.limit.warning').map((output) => output.data);
}

/** The start log line: the one that says the process listens. */
function listeningLine(server: ServerProcess): Record<string, unknown> {
  const line = server.stdout().split('\n').find((text) => text.includes('"msg":"listening"'));
  return JSON.parse(line!) as Record<string, unknown>;
}

async function start(args: string[], policyFromEnv: string): Promise<ServerProcess> {
  const server = await startServer(['--data-dir', mkdtempSync(join(dir, 'data-')), ...args], {
    DEALERFLOW_TOKENS: 'adm-token=admin',
    DEALERFLOW_POLICY: policyFromEnv,
    SMTP_URL: '',
    DEALERFLOW_EMAIL_OUTBOX: '',
  });
  running.push(server);
  return server;
}

it('start without --policy computes with the file DEALERFLOW_POLICY names, and its start line says so', async () => {
  const server = await start([], warnAtHalf);
  expect(listeningLine(server)).toMatchObject({ policy: warnAtHalf, policyFrom: 'DEALERFLOW_POLICY' });
  expect(await limitWarningsAfterAnOrderAtSixtyPercent(server)).toEqual([expect.objectContaining({ warningUtilization: 0.5 })]);
  expect(await server.stop('SIGTERM')).toBe(0);
});

it('start refuses a misspelt key in the file DEALERFLOW_POLICY names: exit 1, naming the variable and the key', async () => {
  // startServer rejects with the process's stderr when it exits before listening; a server that listens instead
  // (the variable ignored) fails the test at once and is stopped with the others.
  const started = start([], typo);
  // The rest of the line lists the keys of "stock" (docs/policy.md); the test holds the part that says where.
  await expect(started).rejects.toThrow(
    /^server exited \(1\) before listening:\ndealerflow start: DEALERFLOW_POLICY: policy file \S+: unknown setting "stock\.saftyDays" \(did you mean "safetyDays"\?\)/,
  );
  await expect(started).rejects.toThrow(typo);
});

it('--policy beats DEALERFLOW_POLICY: the file the flag names is the one computed with, the variable\'s is not read', async () => {
  const server = await start(['--policy', warnAtHalf], typo);
  expect(listeningLine(server)).toMatchObject({ policy: warnAtHalf, policyFrom: '--policy' });
  expect(await limitWarningsAfterAnOrderAtSixtyPercent(server)).toEqual([expect.objectContaining({ warningUtilization: 0.5 })]);
  expect(await server.stop('SIGTERM')).toBe(0);
});

it('start with neither computes on the defaults: no warning at 60 % of the limit', async () => {
  const server = await start([], '');
  expect(listeningLine(server)).toMatchObject({ policy: 'defaults' });
  expect(listeningLine(server)).not.toHaveProperty('policyFrom');
  expect(await limitWarningsAfterAnOrderAtSixtyPercent(server)).toEqual([]);
  expect(await server.stop('SIGTERM')).toBe(0);
});
