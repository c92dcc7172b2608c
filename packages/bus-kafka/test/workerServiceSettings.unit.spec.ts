import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSettingsFile, PolicyError } from '@dealerflow/runtime';
import { workerServiceSettings } from '../src';
import { REPO_ROOT } from './kafkaTestBed';

const REQUIRED = { KAFKA_BROKERS: '127.0.0.1:9092', DATABASE_URL: 'postgresql://127.0.0.1:5432/dealerflow' };

let folder: string;
beforeAll(async () => void (folder = await mkdtemp(join(tmpdir(), 'worker-policy-'))));
afterAll(async () => rm(folder, { recursive: true, force: true }));

async function policyFile(name: string, settings: unknown): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, JSON.stringify(settings));
  return path;
}

describe("a worker service's settings from its environment", () => {
  it('takes the policy file from DEALERFLOW_POLICY, and none when it is unset or blank', () => {
    expect(workerServiceSettings('stock', { ...REQUIRED, DEALERFLOW_POLICY: ' /etc/dealerflow/policy.json ' }).policyFile).toBe('/etc/dealerflow/policy.json');
    expect(workerServiceSettings('stock', REQUIRED).policyFile).toBeUndefined();
    expect(workerServiceSettings('stock', { ...REQUIRED, DEALERFLOW_POLICY: '  ' }).policyFile).toBeUndefined();
  });

  it('still refuses to start without brokers or a database', () => {
    expect(() => workerServiceSettings('stock', { DATABASE_URL: REQUIRED.DATABASE_URL })).toThrow(/KAFKA_BROKERS is not set/);
    expect(() => workerServiceSettings('stock', { KAFKA_BROKERS: REQUIRED.KAFKA_BROKERS })).toThrow(/DATABASE_URL is not set/);
  });
});

describe('the policy file, read as `dealerflow start` and `dealerflow replay` read it', () => {
  it("gives each worker its section and the company's calendar, the rest at defaults", async () => {
    const path = await policyFile('good.json', { calendar: { timeZone: 'Asia/Shanghai' }, stock: { safetyDays: 9 } });
    const { policies } = await loadSettingsFile(path);
    expect(policies.calendar).toEqual({ timeZone: 'Asia/Shanghai' });
    expect(policies.stock).toMatchObject({ safetyDays: 9, reviewDays: 7 });
    expect((await loadSettingsFile(undefined)).policies.calendar).toEqual({ timeZone: 'UTC' });
  });

  it('refuses a misspelt key with the file, its path and the keys that exist', async () => {
    const path = await policyFile('misspelt.json', { stock: { saftyDays: 9 } });
    const refused = loadSettingsFile(path);
    await expect(refused).rejects.toBeInstanceOf(PolicyError);
    await expect(refused).rejects.toThrow(`policy file ${path}: unknown setting "stock.saftyDays" (did you mean "safetyDays"?); the settings of "stock" are: salesWindowDays, safetyDays`);
  });

  it('refuses a file that is not there or not JSON, naming it', async () => {
    await expect(loadSettingsFile(join(folder, 'absent.json'))).rejects.toThrow(`cannot read policy file ${join(folder, 'absent.json')}`);
    const broken = join(folder, 'broken.json');
    await writeFile(broken, '{ "stock": ');
    await expect(loadSettingsFile(broken)).rejects.toThrow(`cannot read policy file ${broken}`);
  });

  it('stops the worker service before it connects: exit 1 and the reason on stderr', async () => {
    const path = await policyFile('service.json', { calendar: { timeZon: 'Asia/Shanghai' } });
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'services/stock-worker/src/main.ts')], {
      cwd: REPO_ROOT,
      // Nothing listens there: the service must stop on the policy file before it tries to.
      env: { ...process.env, KAFKA_BROKERS: '127.0.0.1:1', DATABASE_URL: 'postgresql://127.0.0.1:1/none', DEALERFLOW_POLICY: path },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toBe(`stock-worker: policy file ${path}: unknown setting "calendar.timeZon" (did you mean "timeZone"?); the settings of "calendar" are: timeZone\n`);
  }, 30_000);
});
